"""Whether "My team" is offered (accounts/roles.py): asked of Graph once, remembered for a while, shown when unknown."""

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from interests_portal.accounts import roles
from interests_portal.accounts.models import User
from interests_portal.graph.errors import SignInRequired
from tests.graph.scripted import error, scripted_client

pytestmark = pytest.mark.django_db

Answer = tuple[int, dict[str, str], dict[str, Any]]
ONE_REPORT: Answer = (200, {}, {"value": [{"@odata.type": "#microsoft.graph.user", "id": "u1"}]})
NOBODY: Answer = (200, {}, {"value": []})


@pytest.fixture
def request_(db):
    request = RequestFactory().get("/interests/")
    request.user = User.objects.create(username="priya", display_name="Priya Raman")
    request.session = SessionStore()
    return request


@pytest.fixture
def no_retries(settings):
    settings.GRAPH_MAX_RETRIES = 0


def graph_answering(monkeypatch, *answers):
    """The Graph client roles.py will use, answering from a script (an exhausted script fails the test)."""
    graph, adapter, _ = scripted_client(*answers)
    monkeypatch.setattr(roles, "graph_for", lambda request: graph)
    return adapter


def test_someone_with_a_report_is_offered_my_team_and_graph_is_asked_for_one_id(monkeypatch, request_):
    adapter = graph_answering(monkeypatch, ONE_REPORT)
    assert roles.team_link_shown(request_) is True
    (sent,) = adapter.sent
    url = urlsplit(sent.url)
    assert url.path.endswith("/me/directReports")
    assert parse_qs(url.query) == {"$top": ["1"], "$select": ["id"]}


def test_someone_without_reports_is_not_offered_it(monkeypatch, request_):
    graph_answering(monkeypatch, NOBODY)
    assert roles.team_link_shown(request_) is False


def test_the_answer_is_remembered_so_later_pages_do_not_ask(monkeypatch, request_):
    adapter = graph_answering(monkeypatch, NOBODY)
    for _ in range(3):
        assert roles.team_link_shown(request_) is False
    assert len(adapter.sent) == 1


def test_a_remembered_answer_is_asked_again_once_it_is_an_hour_old(monkeypatch, request_):
    adapter = graph_answering(monkeypatch, NOBODY, ONE_REPORT)
    assert roles.team_link_shown(request_) is False
    now = time.time()
    monkeypatch.setattr(roles.time, "time", lambda: now + roles.KNOWN_SECONDS - 1)
    assert roles.team_link_shown(request_) is False
    monkeypatch.setattr(roles.time, "time", lambda: now + roles.KNOWN_SECONDS + 1)
    assert roles.team_link_shown(request_) is True  # someone reports to them now
    assert len(adapter.sent) == 2


FAILURES = [
    (503, {}, error("serviceNotAvailable", "Try later")),
    (429, {"Retry-After": "0"}, error("TooManyRequests", "Slow down")),
    (403, {}, error("Authorization_RequestDenied", "Insufficient privileges")),
]


@pytest.mark.parametrize("answer", FAILURES)
def test_when_graph_fails_the_link_is_shown_and_asked_again_only_minutes_later(
    monkeypatch, request_, no_retries, answer
):
    adapter = graph_answering(monkeypatch, answer, NOBODY)
    assert roles.team_link_shown(request_) is True
    assert request_.session[roles.SESSION_KEY]["value"] is None
    assert roles.team_link_shown(request_) is True  # within the few minutes: not asked again
    assert len(adapter.sent) == 1
    now = time.time()
    monkeypatch.setattr(roles.time, "time", lambda: now + roles.UNKNOWN_SECONDS + 1)
    assert roles.team_link_shown(request_) is False
    assert len(adapter.sent) == 2


def test_an_expired_sign_in_shows_the_link_and_raises_nothing(monkeypatch, request_):
    def expired(request):
        raise SignInRequired("The sign-in has expired.")

    monkeypatch.setattr(roles, "graph_for", expired)
    assert roles.team_link_shown(request_) is True


def test_no_one_signed_in_is_offered_nothing_and_graph_is_not_asked(monkeypatch, request_):
    adapter = graph_answering(monkeypatch)
    request_.user = AnonymousUser()
    assert roles.team_link_shown(request_) is False
    assert adapter.sent == []


def test_the_same_young_answer_is_not_written_to_the_session_again(request_):
    roles.reports_remember(request_.session, True)
    request_.session.save()
    request_.session.modified = False
    roles.reports_remember(request_.session, True)
    assert request_.session.modified is False
    roles.reports_remember(request_.session, False)
    assert request_.session.modified is True
    assert roles.reports_kept(request_.session) == (True, False)


def test_something_unexpected_in_the_session_counts_as_not_known(request_):
    request_.session[roles.SESSION_KEY] = "yes"
    assert roles.reports_kept(request_.session) == (False, None)
    request_.session[roles.SESSION_KEY] = {"value": "yes", "until": time.time() + 60}
    assert roles.reports_kept(request_.session) == (True, None)


def test_a_throttled_answer_is_not_waited_for_at_sign_in(monkeypatch, request_, settings):
    """Retries are on (the default policy would wait and send again); this one small question gets one send only."""
    settings.GRAPH_MAX_RETRIES = 3
    throttled = (429, {"Retry-After": "1"}, error("TooManyRequests", "Slow down"))
    adapter = graph_answering(monkeypatch, throttled, throttled)
    assert roles.team_link_shown(request_) is True
    assert len(adapter.sent) == 1
