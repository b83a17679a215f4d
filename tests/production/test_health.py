"""/healthz (liveness), /readyz (readiness) and /healthz/graph answer load balancers and operators."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from interests_portal import health


@pytest.fixture
def probe() -> Client:
    return Client(HTTP_HOST="10.1.2.3:8000")  # a load balancer probes by address, a host ALLOWED_HOSTS lacks


@pytest.fixture(autouse=True)
def _production_security(settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portal.example.com"]


def test_liveness_answers_any_host_over_plain_http_without_dependencies(probe: Client) -> None:
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError):
        response = probe.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


def test_other_paths_keep_the_host_check_and_the_https_redirect(probe: Client) -> None:
    assert probe.get("/").status_code == 400  # DisallowedHost
    assert Client(HTTP_HOST="portal.example.com").get("/").status_code == 301


@pytest.mark.django_db
def test_readiness_checks_the_database(probe: Client) -> None:
    ready = probe.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"]["status"] == "ok"
    with mock.patch.object(health, "_database", side_effect=OperationalError("connection refused")):
        failing = probe.get("/readyz")
    assert failing.status_code == 503
    assert failing.json()["checks"]["database"] == {"status": "failing", "error": "OperationalError", "ms": mock.ANY}


@pytest.mark.django_db
def test_readiness_checks_the_shared_cache_when_sessions_live_in_it(probe: Client, settings) -> None:
    settings.CACHE_IS_SHARED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    with mock.patch.object(health.cache, "get", return_value=None):
        failing = probe.get("/readyz")
    assert failing.status_code == 503
    assert failing.json()["checks"]["cache"]["status"] == "failing"


@pytest.mark.django_db
def test_with_database_sessions_a_cache_outage_keeps_instances_in_rotation(probe: Client, settings) -> None:
    settings.CACHE_IS_SHARED = True  # the cache only saves Graph calls then
    with mock.patch.object(health.cache, "get", return_value=None):
        ready = probe.get("/readyz")
    assert ready.status_code == 200
    assert "cache" not in ready.json()["checks"]


@pytest.mark.django_db
def test_a_graph_outage_is_reported_apart_and_leaves_readiness_alone(probe: Client, settings) -> None:
    settings.GRAPH_BASE_URL = "http://127.0.0.1:9/beta"  # the discard port: nothing listens
    settings.ENTRA_AUTHORITY = "http://127.0.0.1:9/tenant"
    health._graph_probe.clear()
    graph = probe.get("/healthz/graph")
    assert graph.status_code == 503
    assert graph.json()["checks"]["graph"]["status"] == "unreachable"
    assert probe.get("/readyz").status_code == 200


def test_graph_reachability_counts_any_answer_below_500(probe: Client, tenant, settings) -> None:
    settings.GRAPH_BASE_URL = f"{tenant.url}/_tenant/graph/beta"
    settings.ENTRA_AUTHORITY = f"{tenant.url}/_tenant/login"
    settings.ALLOWED_HOSTS = ["*"]  # the live server's own host
    health._graph_probe.clear()
    answer = probe.get("/healthz/graph").json()
    assert answer["status"] == "reachable", answer
    assert answer["checks"]["graph"]["http_status"] == 401  # no token: Graph's answer, which proves it is there


def test_only_get_and_head_are_answered_early(probe: Client) -> None:
    assert probe.head("/healthz").status_code == 200
    assert probe.post("/healthz").status_code == 400  # on to the normal stack, whose host check refuses it
