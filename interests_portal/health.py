"""Health endpoints for load balancers and operators (docs/deploy.md).

- `/healthz`: liveness. The process answers; nothing else is asked, so a slow database never gets a healthy
  process restarted.
- `/readyz`: readiness. The database answers a query, and the shared cache (Redis) a round trip when sessions
  live in it. 503 takes the instance out of rotation until they are back.
- `/healthz/graph`: whether Microsoft Graph and the sign-in authority can be reached from here. For operators and
  monitoring only: a Graph outage must not take every instance out of rotation (people could no longer even read
  the page that says Graph is unavailable), so readiness leaves it out.

A load balancer probes by IP, over plain http, without `X-Forwarded-Proto`: `HealthCheckMiddleware`, first in the
stack, answers these paths before the host check (ALLOWED_HOSTS) and the https redirect could refuse the probe.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from .accounts.entra import local_tenant_http
from .portal.checks import CACHE_SESSION_ENGINES

logger = logging.getLogger(__name__)

# A Graph probe at most this often per process: monitoring that polls every second must not poll Microsoft too.
GRAPH_PROBE_INTERVAL = 30.0
_graph_probe: dict[str, Any] = {}
_graph_probe_lock = threading.Lock()


def _answer(body: dict[str, Any], ok: bool) -> JsonResponse:
    response = JsonResponse(body, status=200 if ok else 503, json_dumps_params={"sort_keys": True})
    response["Cache-Control"] = "no-store"
    if not ok:
        # One WARNING naming what failed, instead of Django's bare "Service Unavailable" at ERROR for every probe.
        logger.warning("health: %s", ", ".join(f"{name} {check['status']}" for name, check in body["checks"].items()))
        # Django's own flag: its log_response skips a response that has it.
        response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


def _timed(check: Callable[[], object]) -> dict[str, Any]:
    started = time.monotonic()
    try:
        check()
    except Exception as error:  # any failure of a dependency means "not ready", named
        return {"status": "failing", "error": error.__class__.__name__, "ms": _ms(started)}
    return {"status": "ok", "ms": _ms(started)}


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = "readyz-probe"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")


def readyz(request: HttpRequest) -> HttpResponse:
    """The database always; Redis only when sessions live in it. Otherwise a Redis blip would take every instance
    out of rotation at once, though pages work without it (the cache only saves Graph calls)."""
    checks = {"database": _timed(_database)}
    if settings.CACHE_IS_SHARED and settings.SESSION_ENGINE in CACHE_SESSION_ENGINES:
        checks["cache"] = _timed(_cache)
    ok = all(check["status"] == "ok" for check in checks.values())
    return _answer({"status": "ready" if ok else "not ready", "checks": checks}, ok)


def _reachable(url: str) -> dict[str, Any]:
    """Any HTTP answer means reachable: Graph says 401 to `/me` without a token, which is all this asks."""
    started = time.monotonic()
    try:
        response = requests.get(
            local_tenant_http(url), timeout=(settings.GRAPH_CONNECT_TIMEOUT, 5), allow_redirects=False
        )
    except requests.RequestException as error:
        return {"status": "unreachable", "error": error.__class__.__name__, "ms": _ms(started)}
    status = "reachable" if response.status_code < 500 else "failing"
    return {"status": status, "http_status": response.status_code, "ms": _ms(started)}


def graph_health(request: HttpRequest) -> HttpResponse:
    """One probe at a time per process: while it runs (up to the timeouts, when Graph is slow), other callers get
    the last answer instead of starting probes of their own, so a flood of requests cannot hold every thread."""
    due = not _graph_probe or time.monotonic() - _graph_probe["at"] > GRAPH_PROBE_INTERVAL
    if due and _graph_probe_lock.acquire(blocking=not _graph_probe):
        try:
            _graph_probe.update(
                at=time.monotonic(),
                checks={
                    "graph": _reachable(f"{settings.GRAPH_BASE_URL}/me"),
                    "authority": _reachable(f"{settings.ENTRA_AUTHORITY}/v2.0/.well-known/openid-configuration"),
                },
            )
        finally:
            _graph_probe_lock.release()
    checks = _graph_probe["checks"]
    ok = all(check["status"] == "reachable" for check in checks.values())
    return _answer({"status": "reachable" if ok else "unreachable", "checks": checks}, ok)


ENDPOINTS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": healthz,
    "/readyz": readyz,
    "/healthz/graph": graph_health,
}


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the health paths to any host, over http, for GET and HEAD only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return endpoint(request)
