"""Server-Timing: how long the portal took to answer, and how much of that it spent waiting on Graph and Entra.

`ServerTimingMiddleware` (first in MIDDLEWARE, so a bare view is timed like any page) adds to every response, while
SERVER_TIMING is on:

    Server-Timing: total;dur=41.250, upstream;dur=30.125;desc="3 requests", portal;dur=11.125

- `total`: milliseconds from the middleware's entry to the response leaving it.
- `upstream`: the wall time during which at least one outbound HTTP exchange of this request was in flight (Graph
  through graph/client.py, MSAL's token and discovery calls through accounts/entra.py): the union of their
  intervals, so the concurrent `$batch` requests of a team page count once. `desc` is how many exchanges there
  were, each retry included.
- `portal`: total minus upstream, the portal's own work.

The benchmark (docs/benchmarks.md) reads it; a browser's developer tools show it too. It tells anyone who can load
a page how long the server and Graph took: harmless, but an operator's choice (docs/configuration.md).

Every exchange is recorded by `record_outbound` into the list of intervals held by a context variable for the
duration of the request. The team page's batch threads run in copies of the request's context, which share the
same list; `list.append` is atomic, so they need no lock. Outside a request (management commands) there is no
list, and recording does nothing.
"""

import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Server-Timing"

# (started, ended) in time.perf_counter() seconds, one per outbound exchange of the current request.
_exchanges: ContextVar[list[tuple[float, float]] | None] = ContextVar("outbound_exchanges", default=None)


def record_outbound(started: float) -> None:
    """Record an outbound exchange that began at `started` (time.perf_counter()) and has just ended."""
    exchanges = _exchanges.get()
    if exchanges is not None:
        exchanges.append((started, time.perf_counter()))


def union_seconds(intervals: Iterable[tuple[float, float]]) -> float:
    """The length of the union of the intervals: time covered by at least one of them, overlaps counted once."""
    covered = 0.0
    reach = float("-inf")  # the furthest end seen so far
    for start, end in sorted(intervals):
        if end <= reach:
            continue
        covered += end - max(start, reach)
        reach = end
    return covered


def server_timing(total: float, exchanges: list[tuple[float, float]]) -> str:
    """The header's value for a response that took `total` seconds, with these outbound exchanges."""
    upstream = min(union_seconds(exchanges), total)
    return (
        f"total;dur={total * 1000:.3f}, "
        f'upstream;dur={upstream * 1000:.3f};desc="{len(exchanges)} requests", '
        f"portal;dur={(total - upstream) * 1000:.3f}"
    )


class ServerTimingMiddleware:
    """Times every response and its outbound waits (module docstring). Off, it costs one settings lookup."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read per request rather than once (MiddlewareNotUsed): a test may switch it with override_settings.
        if not settings.SERVER_TIMING:
            return self.get_response(request)
        started = time.perf_counter()
        exchanges: list[tuple[float, float]] = []
        token = _exchanges.set(exchanges)
        try:
            response = self.get_response(request)
        finally:
            _exchanges.reset(token)
        response[HEADER] = server_timing(time.perf_counter() - started, exchanges)
        return response
