"""The Server-Timing header (timing.py): its three parts, the union of concurrent Graph waits, retries counted."""

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from interests_portal import timing
from interests_portal.accounts import entra
from interests_portal.graph.client import GraphClient
from interests_portal.graph.people import Person, interests_of_people
from tests.support import settings_module

HEADER = re.compile(
    r'^total;dur=(?P<total>\d+\.\d{3}), upstream;dur=(?P<upstream>\d+\.\d{3});desc="(?P<n>\d+) requests", '
    r"portal;dur=(?P<portal>\d+\.\d{3})$"
)


def parsed(response: Any) -> dict[str, float]:
    """The header's figures, from a Django response or a `requests` one."""
    value = response.headers["Server-Timing"]
    match = HEADER.match(value)
    assert match, value
    return {name: float(value) for name, value in match.groupdict().items()}


def timed(view: Callable[[HttpRequest], HttpResponse]) -> HttpResponse:
    """`view` answered through the middleware, as the first one in the stack would run it."""
    return timing.ServerTimingMiddleware(view)(RequestFactory().get("/"))


class Upstream(ThreadingHTTPServer):
    """A loopback stand-in for Graph: `handle` decides each answer; every request is kept in `seen`."""

    daemon_threads = True

    def __init__(self, handle: Callable[["Upstream", BaseHTTPRequestHandler], tuple[int, dict[str, str], Any]]):
        self.handle_request_ = handle
        self.seen: list[tuple[str, float, float]] = []  # path, arrived, answered (perf_counter)
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                arrived = time.perf_counter()
                length = int(self.headers.get("Content-Length") or 0)
                self.body = json.loads(self.rfile.read(length)) if length else None
                status, headers, body = server.handle_request_(server, self)
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in (headers | {"Content-Type": "application/json"}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with server.lock:
                    server.seen.append((self.path, arrived, time.perf_counter()))
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        server = self
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def upstream() -> Iterator[Callable[..., Upstream]]:
    servers: list[Upstream] = []

    def start(handle: Callable[[Upstream, BaseHTTPRequestHandler], tuple[int, dict[str, str], Any]]) -> Upstream:
        server = Upstream(handle)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def server_timing_on(settings) -> None:
    settings.SERVER_TIMING = True


def test_the_header_has_total_upstream_and_portal_and_portal_is_total_less_upstream(upstream):
    graph_like = upstream(lambda server, handler: (200, {}, {"value": []}))
    client = GraphClient(lambda: "token", base_url=graph_like.url)

    def view(request: HttpRequest) -> HttpResponse:
        client.get("me/profile/interests")
        client.get("me")
        return HttpResponse("ok")

    figures = parsed(timed(view))

    assert figures["n"] == 2
    assert 0 < figures["upstream"] <= figures["total"]
    assert figures["portal"] == pytest.approx(figures["total"] - figures["upstream"], abs=0.0015)


def test_a_view_without_outbound_calls_has_no_upstream_time():
    figures = parsed(timed(lambda request: HttpResponse("ok")))
    assert figures["n"] == 0
    assert figures["upstream"] == 0
    assert figures["portal"] == figures["total"]


def test_concurrent_batches_count_once_in_upstream(upstream, settings):
    """Two $batch requests from the team page's thread pool (graph/people.py, contexts copied): the loopback server
    holds both until both have arrived, so they overlap for certain. Upstream is their union: at least the longer
    one, less than the two added up."""
    settings.GRAPH_BATCH_CONCURRENCY = 2
    both_arrived = threading.Barrier(2, timeout=10)

    def answer(server: Upstream, handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], Any]:
        both_arrived.wait()
        time.sleep(0.05)
        items = handler.body["requests"]  # type: ignore[attr-defined]
        return 200, {}, {"responses": [{"id": i["id"], "status": 200, "body": {"value": []}} for i in items]}

    graph_like = upstream(answer)
    client = GraphClient(lambda: "token", base_url=graph_like.url)
    people = [Person(f"p{index}", f"Person {index}") for index in range(40)]  # two batches of 20
    spans: list[tuple[float, float]] = []

    def view(request: HttpRequest) -> HttpResponse:
        loaded = interests_of_people(client, people)
        assert [entry.error for entry in loaded] == [None] * 40
        spans.extend(timing._exchanges.get() or [])
        return HttpResponse("ok")

    figures = parsed(timed(view))

    assert figures["n"] == 2
    assert len(graph_like.seen) == 2
    durations = [(end - start) * 1000 for start, end in spans]
    assert max(durations) - 0.001 <= figures["upstream"] < sum(durations)
    # Both exchanges were in flight at the barrier: each began before the other ended.
    first, second = sorted(spans)
    assert second[0] < first[1]


def test_each_retry_counts_as_an_exchange_and_the_wait_between_is_the_portals(upstream):
    answers = iter([(503, {"Retry-After": "0.2"}, {"error": {"code": "serviceNotAvailable"}}), (200, {}, {"id": "x"})])
    graph_like = upstream(lambda server, handler: next(answers))
    client = GraphClient(lambda: "token", base_url=graph_like.url)

    figures = parsed(timed(lambda request: HttpResponse(client.get("me")["id"])))

    assert figures["n"] == 2
    assert len(graph_like.seen) == 2
    # The 0.2 s Retry-After wait is slept between the exchanges, by the portal, not spent waiting on Graph.
    assert figures["portal"] >= 200
    assert figures["upstream"] <= figures["total"] - 200


def test_msal_calls_through_the_entra_transport_are_upstream(upstream):
    graph_like = upstream(lambda server, handler: (200, {}, {"issuer": "x"}))

    def view(request: HttpRequest) -> HttpResponse:
        entra._transport.get(f"{graph_like.url}/v2.0/.well-known/openid-configuration")
        return HttpResponse("ok")

    assert parsed(timed(view))["n"] == 1


def test_outside_a_request_recording_is_a_no_op(upstream):
    graph_like = upstream(lambda server, handler: (200, {}, {"id": "x"}))
    client = GraphClient(lambda: "token", base_url=graph_like.url)

    assert client.get("me") == {"id": "x"}  # as a management command would call it
    assert timing._exchanges.get() is None
    # Nothing recorded then leaks into the next request.
    assert parsed(timed(lambda request: HttpResponse("ok")))["n"] == 0


def test_no_header_when_server_timing_is_off(client, settings):
    settings.SERVER_TIMING = False
    assert "Server-Timing" not in timed(lambda request: HttpResponse("ok"))
    assert "Server-Timing" not in client.get("/healthz")


def test_the_middleware_is_first_so_even_the_health_check_is_timed(client):
    assert django_settings.MIDDLEWARE[0] == "interests_portal.timing.ServerTimingMiddleware"
    response = client.get("/healthz")  # answered by HealthCheckMiddleware, before any view
    assert response.status_code == 200
    assert parsed(response)["n"] == 0


def test_a_signed_in_page_counts_the_graph_requests_the_tenant_answered(portal):
    """End to end through real HTTP: the header's count is the number of requests the local tenant logged."""
    browser = portal.sign_in("ada.okafor")
    portal.tenant.control(reset_counters=True)

    page = browser.get(f"{portal.url}/interests/", timeout=10)

    assert page.status_code == 200
    logged = browser.get(f"{portal.url}/_tenant/control/requests", timeout=10).json()["requests"]
    graph_calls = [entry for entry in logged if entry["path"].startswith("/_tenant/")]
    assert graph_calls
    assert parsed(page)["n"] == len(graph_calls)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),  # the local tenant on (no Entra app configured)
        ({"ENTRA_CLIENT_ID": "app", "ENTRA_CLIENT_SECRET": "s"}, False),  # a deployment
        ({"ENTRA_CLIENT_ID": "app", "ENTRA_CLIENT_SECRET": "s", "DJANGO_DEBUG": "1"}, True),
        ({"ENTRA_CLIENT_ID": "app", "ENTRA_CLIENT_SECRET": "s", "SERVER_TIMING": "1"}, True),
        ({"SERVER_TIMING": "0"}, False),
    ],
)
def test_server_timing_is_on_for_local_runs_and_an_operators_choice_otherwise(monkeypatch, env, expected):
    monkeypatch.delenv("SERVER_TIMING", raising=False)
    assert settings_module(monkeypatch, **env).SERVER_TIMING is expected


@pytest.mark.parametrize(
    ("intervals", "covered"),
    [
        ([], 0.0),
        ([(0.0, 1.0)], 1.0),
        ([(0.0, 1.0), (0.5, 2.0)], 2.0),  # overlapping
        ([(0.0, 3.0), (1.0, 2.0)], 3.0),  # nested
        ([(2.0, 3.0), (0.0, 1.0)], 2.0),  # apart, unsorted
        ([(0.0, 1.0), (1.0, 2.0)], 2.0),  # touching
    ],
)
def test_union_of_intervals(intervals, covered):
    assert timing.union_seconds(intervals) == pytest.approx(covered)
