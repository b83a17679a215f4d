"""The local tenant's request log (request_log.py) and `GET /_tenant/control/requests`."""

import pytest
import requests
from django.test import Client

from interests_portal.local_tenant.request_log import (
    Entry,
    RequestLog,
    own_ms,
    request_log,
    sequential_round_trips,
)

# --- sequential_round_trips and own_ms, on hand-made intervals ---------------------------------------------


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        pytest.param([], 0, id="empty"),
        pytest.param([(0.0, 1.0)], 1, id="one"),
        pytest.param([(0.0, 1.0), (0.1, 1.2), (0.2, 0.9)], 1, id="one wave of overlapping requests"),
        pytest.param([(0.0, 1.0), (1.0, 2.0)], 2, id="touching ends: the second waited for the first"),
        pytest.param([(0.0, 1.0), (0.999, 2.0)], 1, id="sent a moment before the other's answer"),
        pytest.param([(2.0, 3.0), (0.0, 1.0), (1.0, 2.0)], 3, id="a chain, given out of order"),
        # The team page: a directory read, a wave of batches, a follow-up read.
        pytest.param(
            [(0.0, 0.1)] + [(0.1 + i / 1000, 0.3 + i / 100) for i in range(10)] + [(0.4, 0.5)], 3, id="three waves"
        ),
        # A long request overlapping a chain does not hide it: greedy by earliest end finds the longest chain.
        pytest.param([(0.0, 10.0), (1.0, 2.0), (3.0, 4.0), (5.0, 6.0)], 3, id="chain under a long request"),
        pytest.param([(0.0, 2.0), (1.0, 3.0), (2.0, 4.0), (3.0, 5.0)], 2, id="staggered overlaps"),
    ],
)
def test_sequential_round_trips(intervals, expected):
    assert sequential_round_trips(intervals) == expected


def entry(arrived: float, departed: float, latency_ms: float = 0.0) -> Entry:
    return Entry(seq=1, method="GET", path="/x", status=200, arrived=arrived, departed=departed,
                 latency_ms=latency_ms, items=0)  # fmt: skip


def test_own_ms_is_the_time_in_the_tenant_less_the_injected_latency():
    assert own_ms(entry(100.0, 100.25, latency_ms=100.0)) == pytest.approx(150.0)
    assert own_ms(entry(100.0, 100.004)) == pytest.approx(4.0)


def test_the_log_is_bounded_numbered_and_cleared():
    log = RequestLog(max_entries=3)
    for index in range(5):
        log.add(method="GET", path=f"/{index}", status=200, arrived=0.0, departed=1.0, latency_ms=0.0, items=0)

    kept, last = log.after(0)
    assert last == 5
    assert [(e["seq"], e["path"]) for e in kept] == [(3, "/2"), (4, "/3"), (5, "/4")]  # the oldest dropped
    assert [e["seq"] for e in log.after(4)[0]] == [5]
    assert log.after(5) == ([], 5)
    assert [e["seq"] for e in log.after(-7)[0]] == [3, 4, 5]

    log.clear()
    assert log.after(0) == ([], 0)
    assert log.add(method="GET", path="/", status=200, arrived=0.0, departed=1.0, latency_ms=0.0, items=0)["seq"] == 1


# --- The log as the tenant keeps it ----------------------------------------------------------------------


def logged(tenant, after: int = 0) -> dict:
    answer = requests.get(f"{tenant.url}/_tenant/control/requests", params={"after": after}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_every_tenant_request_is_logged_in_order_with_its_fields(tenant):
    graph = tenant.graph("ada.okafor")  # signs in: authorize and token requests, logged too
    tenant.control(reset_counters=True)

    assert graph.get("me", params={"$select": "id"}).status_code == 200
    assert graph.get("me/profile/interests").status_code == 200
    assert requests.get(f"{tenant.graph_root}/me", timeout=10).status_code == 401  # no token
    tenant.counters()  # the control endpoint itself is not logged

    log = logged(tenant)
    assert log["last"] == 3
    assert [(e["seq"], e["method"], e["path"], e["status"]) for e in log["requests"]] == [
        (1, "GET", "/_tenant/graph/beta/me", 200),  # no query string
        (2, "GET", "/_tenant/graph/beta/me/profile/interests", 200),
        (3, "GET", "/_tenant/graph/beta/me", 401),
    ]
    for first, second in zip(log["requests"], log["requests"][1:], strict=False):
        assert first["arrived"] <= first["departed"] <= second["arrived"] <= second["departed"]
    assert {e["latency_ms"] for e in log["requests"]} == {0}
    assert {e["items"] for e in log["requests"]} == {0}
    assert [e["seq"] for e in logged(tenant, after=2)["requests"]] == [3]
    assert logged(tenant, after=3) == {"requests": [], "last": 3}


def test_sign_in_requests_are_logged(tenant):
    tenant.control(reset_counters=True)
    tenant.sign_in("ada.okafor")
    paths = [e["path"] for e in logged(tenant)["requests"]]
    assert paths == [
        "/_tenant/login/oauth2/v2.0/authorize",  # the account picker
        "/_tenant/login/oauth2/v2.0/authorize",  # the account chosen
        "/_tenant/login/oauth2/v2.0/token",
    ]


def test_a_batch_is_one_entry_with_its_item_count(tenant):
    graph = tenant.graph("priya.raman")
    ada, yuki = tenant.user("ada.okafor"), tenant.user("yuki.tanaka")
    tenant.control(reset_counters=True)

    answer = graph.post("$batch", json={"requests": [
        {"id": "1", "method": "GET", "url": f"/users/{ada.pk}/profile/interests"},
        {"id": "2", "method": "GET", "url": f"/users/{yuki.pk}/profile/interests"},
        {"id": "3", "method": "GET", "url": "/me"},
    ]})  # fmt: skip

    assert answer.status_code == 200
    [batch] = logged(tenant)["requests"]
    assert (batch["method"], batch["path"], batch["status"], batch["items"]) == ("POST", "/_tenant/graph/beta/$batch",
                                                                                  200, 3)  # fmt: skip


def test_the_latency_slept_is_logged_and_own_time_excludes_it(tenant):
    graph = tenant.graph("ada.okafor")
    tenant.control(reset_counters=True, latency_ms=60)

    assert graph.get("me").status_code == 200
    tenant.sign_in("ada.okafor")  # sign-in is not Graph: no latency is injected there

    graph_entry, *sign_in = logged(tenant)["requests"]
    assert graph_entry["latency_ms"] >= 60
    assert (graph_entry["departed"] - graph_entry["arrived"]) * 1000 >= graph_entry["latency_ms"]
    assert 0 <= own_ms(graph_entry) < (graph_entry["departed"] - graph_entry["arrived"]) * 1000 - 59
    assert sign_in
    assert {e["latency_ms"] for e in sign_in} == {0}


def test_reset_and_reset_counters_clear_the_log_and_restart_seq(tenant):
    graph = tenant.graph("ada.okafor")
    for changes in ({"reset_counters": True}, {"reset": True}):
        graph.get("me")
        assert logged(tenant)["last"] > 0
        tenant.control(**changes)
        assert logged(tenant) == {"requests": [], "last": 0}
        graph.get("me")
        assert [e["seq"] for e in logged(tenant)["requests"]] == [1]


# --- The endpoint's guard (the same as /_tenant/control's) ------------------------------------------------


@pytest.mark.django_db
def test_the_log_answers_loopback_clients_only_and_not_other_sites():
    answer = Client(REMOTE_ADDR="203.0.113.9").get("/_tenant/control/requests")
    assert answer.status_code == 403
    assert Client().get("/_tenant/control/requests").status_code == 200
    # Nor from another site's page, as for /_tenant/control; opened directly (Sec-Fetch-Site: none) it answers.
    assert Client().get("/_tenant/control/requests", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert Client().get("/_tenant/control/requests", headers={"Origin": "http://evil.example"}).status_code == 403
    assert Client().get("/_tenant/control/requests", headers={"Sec-Fetch-Site": "none"}).status_code == 200


@pytest.mark.django_db
def test_the_log_is_read_only_and_after_must_be_a_number():
    assert Client().post("/_tenant/control/requests", {}).status_code == 405
    answer = Client().get("/_tenant/control/requests", {"after": "soon"})
    assert answer.status_code == 400
    assert "after" in answer.json()["error"]


@pytest.mark.django_db
def test_a_request_refused_because_the_tenant_is_off_is_logged_as_404(settings):
    import interests_portal.urls  # noqa: F401  (the URLconf built with the tenant on, whatever the test order)

    request_log.clear()
    settings.LOCAL_TENANT_ENABLED = False
    assert Client().get("/_tenant/graph/beta/me").status_code == 404
    [refused] = request_log.after(0)[0]
    assert (refused["path"], refused["status"]) == ("/_tenant/graph/beta/me", 404)
    assert Client().get("/_tenant/control/requests").status_code == 404  # the log is the tenant's too
    request_log.clear()
