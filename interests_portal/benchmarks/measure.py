"""One page load measured from the server side: the portal's Server-Timing header and the local tenant's request log.

Nothing here reads the benchmark client's clock for a server figure: the client shares the machine, and its own
CPU (and GIL) would be in any time it took. The wall time is kept only for the run with 100 ms added per Graph
request, where it is what a person waits.
"""

import re
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import requests

from ..local_tenant.request_log import Entry, own_ms, sequential_round_trips
from ..timing import union_seconds
from .stack import Stack

GRAPH_PATH = "/_tenant/graph/"
# As a browser asks for a page: the timed loads include compressing it, as a person's would.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}
DURATION = re.compile(r";\s*dur\s*=\s*([0-9.]+)")


def server_timing(header: str) -> dict[str, float]:
    """{"total": ms, "upstream": ms, "portal": ms} from `total;dur=12.3, upstream;dur=4.5;desc="3 requests", …`."""
    durations = {}
    for metric in header.split(","):  # the portal's descriptions hold no commas
        name, _, parameters = metric.strip().partition(";")
        if duration := DURATION.search(f";{parameters}"):
            durations[name.strip()] = float(duration.group(1))
    return durations


@dataclass(frozen=True)
class Spread:
    """min / median / max of a figure over the repeats."""

    low: float
    median: float
    high: float

    @classmethod
    def of(cls, samples: Iterable[float]) -> "Spread":
        values = sorted(samples)
        if not values:
            raise ValueError("no samples")
        return cls(values[0], statistics.median(values), values[-1])

    def format(self, digits: int | None = None) -> str:
        """Tenths of a ms below 100 ms, whole ms above (the columns stay readable)."""
        if digits is None:
            digits = 1 if self.high < 100 else 0
        return f"{self.low:.{digits}f} / {self.median:.{digits}f} / {self.high:.{digits}f}"


@dataclass(frozen=True)
class Load:
    """One page load: what the portal says it spent, and what the local tenant logged while it ran."""

    status: int
    portal_ms: float
    upstream_ms: float
    total_ms: float
    wall_ms: float
    tenant: Sequence[Entry]  # the tenant's log entries of this load (every request it answered meanwhile)

    @property
    def graph(self) -> list[Entry]:
        return [entry for entry in self.tenant if GRAPH_PATH in entry["path"]]

    @property
    def graph_requests(self) -> int:
        return len(self.graph)

    @property
    def batch_items(self) -> int:
        return sum(entry.get("items") or 0 for entry in self.graph)

    @property
    def round_trips(self) -> int:
        """Graph round trips the page waited for one after another, from the tenant's arrival/departure times."""
        return sequential_round_trips([(entry["arrived"], entry["departed"]) for entry in self.graph])

    @property
    def tenant_ms(self) -> float:
        """The local tenant's own time for this load: how long it was working on at least one of the load's requests,
        without the latency it was told to add. For requests answered one after another this is the sum of their
        `own_ms`; concurrent ones (a wave of batches) count once, as `upstream` counts them on the portal's side:
        their summed times would count the waiting for the one process's GIL and database many times over."""
        spans = [(entry["arrived"], entry["arrived"] + own_ms(entry) / 1000) for entry in self.tenant]
        return union_seconds(span for span in spans if span[1] > span[0]) * 1000


@dataclass
class Meter:
    """Loads pages through one signed-in browser, reading the tenant's log just before and just after each: the
    benchmark is the tenant's only user, so every entry between the two reads belongs to the load in between (the
    control endpoint that serves the log is not in it)."""

    stack: Stack
    browser: requests.Session
    last_seq: int = 0

    def _skip_to_now(self) -> None:
        self.last_seq = self.stack.requests_log(after=self.last_seq)["last"]

    def load(self, path: str) -> Load:
        self._skip_to_now()  # whatever other browsers (sign-ins, other pages) made the tenant do is not this load's
        started = time.perf_counter()
        response = self.browser.get(
            f"{self.stack.url}{path}", headers=BROWSER_HEADERS, allow_redirects=False, timeout=300
        )
        wall_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:300]}")
        timing = server_timing(response.headers.get("Server-Timing", ""))
        if not {"total", "portal"} <= timing.keys():
            raise RuntimeError(f"{path} sent no Server-Timing (is SERVER_TIMING=1 served?): {response.headers}")
        log = self.stack.requests_log(after=self.last_seq)
        self.last_seq = log["last"]
        return Load(
            response.status_code,
            portal_ms=timing["portal"],
            upstream_ms=timing.get("upstream", 0.0),
            total_ms=timing["total"],
            wall_ms=wall_ms,
            tenant=log["requests"],
        )

    def repeat(self, path: str, runs: int, warm_up: int = 2) -> list[Load]:
        """`runs` loads after `warm_up` untimed ones (connections, caches, token refreshes)."""
        for _ in range(warm_up):
            self.load(path)
        return [self.load(path) for _ in range(runs)]

    def wire_bytes(self, path: str, encoding: str) -> tuple[int, str]:
        """Bytes of the body as sent (not decoded) with `Accept-Encoding: encoding`, and the Content-Encoding."""
        response = self.browser.get(
            f"{self.stack.url}{path}", headers={"Accept-Encoding": encoding}, stream=True, timeout=300
        )
        with response:
            response.raise_for_status()
            body = response.raw.read(decode_content=False)
        return len(body), response.headers.get("Content-Encoding", "")
