"""The local tenant's request log: when each request arrived and left, for counting round trips in benchmarks.

Every request a local-tenant view answers (everything under /_tenant/ but the control endpoint itself) is kept,
the latest MAX_ENTRIES of them, in this process, as

    {"seq": 1, "method": "POST", "path": "/_tenant/graph/beta/$batch", "status": 200,
     "arrived": 1795453800.012, "departed": 1795453800.131, "latency_ms": 100.1, "items": 20}

- `seq` numbers them 1, 2, 3… in the order they left, since the last reset.
- `arrived` / `departed`: time.time() as the request entered the tenant's view and as its response left it: epoch
  seconds, so comparable with another process's clock on the same machine (the benchmark's).
- `latency_ms`: the injected latency (control.py `latency_ms`) this request actually slept; `own_ms` subtracts it.
- `items`: how many requests a `$batch` carried (0 for anything else).

`GET /_tenant/control/requests?after=<seq>` returns the entries after `seq` (views.py); `POST /_tenant/control`
with `reset` or `reset_counters` clears the log. Like the fault plan, it lives in the serving process: run the
tenant as one process to read it whole.
"""

import functools
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypedDict

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException

MAX_ENTRIES = 20_000


class Entry(TypedDict):
    seq: int
    method: str
    path: str
    status: int
    arrived: float
    departed: float
    latency_ms: float
    items: int


@dataclass
class _InFlight:
    """What the tenant's code notes about the request it is answering (control.delay: the latency slept)."""

    latency_ms: float = 0.0


_in_flight: ContextVar[_InFlight | None] = ContextVar("tenant_request_in_flight", default=None)


class RequestLog:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._entries: deque[Entry] = deque(maxlen=max_entries)
        self._last = 0

    def add(
        self, *, method: str, path: str, status: int, arrived: float, departed: float, latency_ms: float, items: int
    ) -> Entry:
        with self._lock:
            self._last += 1
            entry = Entry(
                seq=self._last, method=method, path=path, status=status, arrived=arrived, departed=departed,
                latency_ms=latency_ms, items=items,
            )  # fmt: skip
            self._entries.append(entry)
            return entry

    def after(self, seq: int) -> tuple[list[Entry], int]:
        """The entries numbered above `seq` (the oldest may have been dropped), and the highest number so far."""
        with self._lock:
            if not self._entries:
                return [], self._last
            # Numbers are consecutive in the deque: skip straight to the first one wanted.
            skip = max(0, seq - self._entries[0]["seq"] + 1)
            return list(islice(self._entries, skip, None)), self._last

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._last = 0


request_log = RequestLog()


def note_latency(slept_ms: float) -> None:
    """Called by control.delay: the injected latency this request slept (no-op outside a logged request)."""
    in_flight = _in_flight.get()
    if in_flight is not None:
        in_flight.latency_ms += slept_ms


def _batch_items(request: HttpRequest) -> int:
    """How many requests a `$batch` body carries; 0 for anything else, or a body the batch refused to read."""
    if request.method != "POST" or not request.path.endswith("/$batch"):
        return 0
    try:
        requests = json.loads(request.body).get("requests")
    except (ValueError, AttributeError, TypeError, RequestDataTooBig, RawPostDataException):
        return 0
    return len(requests) if isinstance(requests, list) else 0


def logged(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep a log entry for every request `view` answers, a raised Http404 (404) or error (500) included."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        in_flight = _InFlight()
        token = _in_flight.set(in_flight)
        arrived = time.time()
        status = 500
        try:
            response = view(request, *args, **kwargs)
            status = response.status_code
            return response
        except Http404:
            status = 404
            raise
        finally:
            departed = time.time()
            _in_flight.reset(token)
            request_log.add(
                method=request.method or "GET", path=request.path, status=status, arrived=arrived,
                departed=departed, latency_ms=in_flight.latency_ms, items=_batch_items(request),
            )  # fmt: skip

    return wrapper


def own_ms(entry: Entry) -> float:
    """The tenant's own time for a request, in ms: from arrival to departure, less the injected latency."""
    return (entry["departed"] - entry["arrived"]) * 1000 - entry["latency_ms"]


def sequential_round_trips(intervals: Iterable[tuple[float, float]]) -> int:
    """How many round trips had to happen one after another: the longest chain of intervals (start, end) each
    starting at or after the previous one ended. Greedy by earliest end finds it: the chain that ends first leaves
    the most room for the rest (the interval-scheduling argument). Overlapping requests (a wave of concurrent
    batches) count once; a request sent the moment the previous one's answer arrived counts again."""
    chain = 0
    chain_end = float("-inf")
    for start, end in sorted(intervals, key=lambda interval: interval[1]):
        if start >= chain_end:
            chain += 1
            chain_end = end
    return chain
