"""Fault and latency injection and request counters, armed through the control endpoint."""

import time

import pytest
import requests
from django.test import Client

from tests.local_tenant.test_graph_interests import assert_graph_error


def statuses(graph, url: str, count: int) -> list[int]:
    return [graph.get(url).status_code for _ in range(count)]


def test_fail_next_answers_n_requests_with_the_chosen_status_and_retry_after(tenant):
    graph = tenant.graph("ada.okafor")
    tenant.control(fail_next=2, status=503, retry_after=1.5)

    first = graph.get("me/profile/interests")
    error = assert_graph_error(first, 503, "serviceNotAvailable")
    assert error["message"]
    assert first.headers["Retry-After"] == "1.5"
    assert statuses(graph, "me/profile/interests", 2) == [503, 200]


def test_faults_without_retry_after_and_throttling_as_429(tenant):
    graph = tenant.graph("ada.okafor")
    tenant.control(fail_next=1, status=429, retry_after=None)
    answer = graph.get("me")
    assert_graph_error(answer, 429, "TooManyRequests")
    assert "Retry-After" not in answer.headers


def test_a_fraction_of_requests_fails_reproducibly_with_a_seed(tenant):
    graph = tenant.graph("ada.okafor")
    tenant.control(fail_rate=0.5, seed=7)
    first_run = statuses(graph, "me", 30)
    tenant.control(fail_rate=0.5, seed=7)
    second_run = statuses(graph, "me", 30)

    assert first_run == second_run
    assert 5 < first_run.count(429) < 25
    assert set(first_run) == {200, 429}


def test_fault_statuses_can_be_drawn_from_several_with_the_seed_and_are_counted(tenant):
    graph = tenant.graph("ada.okafor")
    tenant.control(fail_rate=0.5, seed=3, statuses=[429, 503], reset_counters=True)
    first_run = statuses(graph, "me", 30)
    counted = tenant.counters()["faults"]
    tenant.control(fail_rate=0.5, seed=3, statuses=[429, 503])
    second_run = statuses(graph, "me", 30)

    assert first_run == second_run
    assert set(first_run) == {200, 429, 503}
    assert counted == {
        "total": first_run.count(429) + first_run.count(503),
        "by_status": {"429": first_run.count(429), "503": first_run.count(503)},
    }
    # Without `statuses`, `status` decides, as before.
    tenant.control(statuses=None, status=503, fail_next=1)
    assert graph.get("me").status_code == 503


def test_faults_can_be_limited_to_matching_operations(tenant):
    graph = tenant.graph("ada.okafor")
    tenant.control(fail_next=1, match=r"^POST /me/profile/interests$")
    assert graph.get("me/profile/interests").status_code == 200
    assert graph.post("me/profile/interests", json={"displayName": "x"}).status_code == 429
    assert graph.post("me/profile/interests", json={"displayName": "x"}).status_code == 201


def test_an_injected_fault_writes_nothing(tenant):
    graph = tenant.graph("lars.nygaard")
    tenant.control(fail_next=1)
    assert graph.post("me/profile/interests", json={"displayName": "x"}).status_code == 429
    assert graph.get("me/profile/interests").json()["value"] == []


def test_latency_is_added_to_each_graph_request(tenant):
    graph = tenant.graph("ada.okafor")
    tenant.control(latency_ms=300)
    started = time.monotonic()
    graph.get("me")
    # A lower bound only: the tenant sleeps at least this long; how much longer is for benchmarks to say.
    assert time.monotonic() - started >= 0.3


def test_requests_are_counted_by_operation(tenant):
    graph = tenant.graph("priya.raman")
    ada = tenant.user("ada.okafor")
    tenant.control(reset_counters=True)
    graph.get("me/profile/interests")
    graph.get(f"users/{ada.pk}/profile/interests")
    graph.get(f"users/{ada.pk}/profile/interests")
    graph.post(
        "$batch",
        json={
            "requests": [
                {"id": "1", "method": "GET", "url": "/me"},
                {"id": "2", "method": "GET", "url": "/me/directReports"},
            ]
        },
    )

    counted = tenant.counters()
    assert counted["requests"]["by_operation"] == {
        "GET /me/profile/interests": 1,
        "GET /users/{id}/profile/interests": 2,
        "POST /$batch": 1,
    }
    assert counted["requests"]["total"] == 4
    assert counted["batch_items"]["by_operation"] == {"GET /me": 1, "GET /me/directReports": 1}


@pytest.mark.parametrize(
    "changes",
    [
        {"latency_ms": -1},
        {"fail_rate": 2},
        {"status": 500},
        {"match": "("},
        {"colour": "red"},
        {"write_others": "everyone"},
        {"access_token_lifetime": 0},
        {"statuses": []},
        {"statuses": [429, 500]},
        {"statuses": "429"},
        {"statuses": [True]},
    ],
)
def test_the_control_endpoint_refuses_bad_settings(tenant, changes):
    answer = requests.post(f"{tenant.url}/_tenant/control", json=changes, timeout=10)
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert tenant.counters()["plan"]["fail_next"] == 0


def test_reset_restores_the_defaults(tenant):
    tenant.control(latency_ms=5, fail_next=3, write_others="denied")
    state = tenant.control(reset=True)
    assert state["plan"]["latency_ms"] == 0
    assert state["plan"]["fail_next"] == 0
    assert state["effective"]["write_others"] == "admins"


@pytest.mark.django_db
def test_the_control_endpoint_answers_only_loopback_clients():
    answer = Client(REMOTE_ADDR="10.1.2.3").post("/_tenant/control", {"fail_next": 1}, content_type="application/json")
    assert answer.status_code == 403
