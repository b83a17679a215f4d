"""When the portal's own stores are down (Redis, the database), people get a page that says so: 503, not a bare 500."""

import pytest
import redis.exceptions
from django.test import Client

# Nothing listens on the discard port: every connection is refused at once, as with Redis stopped.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_sessions_down(settings) -> None:
    settings.CACHES = REDIS_DOWN
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"


@pytest.mark.usefixtures("redis_sessions_down")
def test_with_the_session_store_down_a_page_says_so_with_a_503(portal) -> None:
    """The sign-in keeps its flow in the session: with Redis stopped, saving it fails (Django's cache sessions
    read a missing store as "no session", but cannot write to it)."""
    client = Client(raise_request_exception=False)
    response = client.get("/auth/sign-in?next=/interests/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Interests Portal is unavailable for a moment" in page
    assert "database or session store" in page
    assert '<a class="button" href="">Try again</a>' in page  # this same address, never one from the request


def test_an_htmx_request_gets_an_alert_not_a_page(monkeypatch) -> None:
    from interests_portal.portal import views

    def session_store_down(request, *args, **kwargs):
        raise redis.exceptions.ConnectionError("Connection refused")

    monkeypatch.setattr(views, "render", session_store_down)
    response = Client(raise_request_exception=False, headers={"HX-Request": "true"}).get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert body.startswith('<div class="alert alert-error" role="alert">')
    assert "database or session store" in body
    assert "<html" not in body


def test_other_failures_stay_500_with_the_portals_page(monkeypatch) -> None:
    from interests_portal.portal import views

    def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "render", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Retry-After" not in response


def test_error_reports_hide_the_cache_url_and_its_password(settings) -> None:
    from django.views.debug import get_default_exception_reporter_filter

    settings.CACHES = {"default": {**REDIS_DOWN["default"], "LOCATION": "redis://:hunter2@cache.example.com:6379/0"}}
    shown = get_default_exception_reporter_filter().get_safe_settings()
    assert "hunter2" not in repr(shown["CACHES"])
    assert "hunter2" not in repr(shown)


def test_the_team_page_works_with_the_cache_down(portal, settings) -> None:
    """The cache only spares Graph calls on a retry: with Redis stopped the page still answers, asking Graph."""
    browser = portal.sign_in("priya.raman", "/team/")
    settings.CACHES = REDIS_DOWN
    for path in ("/team/", "/team/?retry=1"):
        page = browser.get(f"{portal.url}{path}", timeout=20)
        assert page.status_code == 200, page.text[:300]
        assert "Lars" in page.text or "Ada" in page.text
