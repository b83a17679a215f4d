"""Whether "My team" is offered (accounts/roles.py): asked of Graph once, remembered for a while, shown when unknown."""

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


def graph_answering(monkeypatch, *answers):
    """The Graph client roles.py will use, answering from a script (an exhausted script fails the test)."""
    graph, adapter, _ = scripted_client(*answers)
    monkeypatch.setattr(roles, "graph_for", lambda request: graph)
    return adapter


def test_someone_with_a_report_is_offered_my_team_and_graph_is_asked_for_one_id(monkeypatch, request_):
    adapter = graph_answering(monkeypatch, ONE_REPORT)
    assert roles.reports_check(request_) is True
    assert roles.team_link_shown(request_) is True
    (sent,) = adapter.sent
    url = urlsplit(sent.url)
    assert url.path.endswith("/me/directReports")
    assert parse_qs(url.query) == {"$top": ["1"], "$select": ["id"]}


def test_someone_without_reports_is_not_offered_it(monkeypatch, request_):
    graph_answering(monkeypatch, NOBODY)
    roles.reports_check(request_)
    assert roles.team_link_shown(request_) is False


def test_the_navigation_never_asks_graph(monkeypatch, request_):
    """Pages only read what sign-in kept: an empty script fails the test if anything is sent."""
    adapter = graph_answering(monkeypatch)
    assert roles.team_link_shown(request_) is True  # nothing kept (a session from before this existed): shown
    request_.session[roles.SESSION_KEY] = False
    assert roles.team_link_shown(request_) is False
    assert adapter.sent == []


FAILURES = [
    (503, {}, error("serviceNotAvailable", "Try later")),
    (429, {"Retry-After": "0"}, error("TooManyRequests", "Slow down")),
    (403, {}, error("Authorization_RequestDenied", "Insufficient privileges")),
]


@pytest.mark.parametrize("answer", FAILURES)
def test_when_graph_fails_the_link_is_shown(monkeypatch, request_, answer):
    graph_answering(monkeypatch, answer)
    assert roles.reports_check(request_) is None
    assert request_.session[roles.SESSION_KEY] is None
    assert roles.team_link_shown(request_) is True


def test_an_expired_sign_in_shows_the_link_and_raises_nothing(monkeypatch, request_):
    def expired(request):
        raise SignInRequired("The sign-in has expired.")

    monkeypatch.setattr(roles, "graph_for", expired)
    assert roles.reports_check(request_) is None
    assert roles.team_link_shown(request_) is True


def test_no_one_signed_in_is_offered_nothing(request_):
    request_.user = AnonymousUser()
    request_.session[roles.SESSION_KEY] = True
    assert roles.team_link_shown(request_) is False


def test_the_same_answer_is_not_written_to_the_session_again(request_):
    roles.reports_remember(request_.session, True)
    request_.session.save()
    request_.session.modified = False
    roles.reports_remember(request_.session, True)
    assert request_.session.modified is False
    roles.reports_remember(request_.session, False)
    assert request_.session.modified is True
    assert roles.reports_kept(request_.session) is False


def test_something_unexpected_in_the_session_counts_as_not_known(request_):
    request_.session[roles.SESSION_KEY] = {"value": False}
    assert roles.reports_kept(request_.session) is None
    assert roles.team_link_shown(request_) is True


def test_a_throttled_answer_is_not_waited_for_at_sign_in(monkeypatch, request_, settings):
    """Retries are on (the default policy would wait and send again); this one small question is sent once, with a
    short read timeout."""
    settings.GRAPH_MAX_RETRIES = 3
    throttled = (429, {"Retry-After": "1"}, error("TooManyRequests", "Slow down"))
    adapter = graph_answering(monkeypatch, throttled, throttled)
    assert roles.reports_check(request_) is None
    assert len(adapter.sent) == 1
    assert adapter.timeouts[0][1] < settings.GRAPH_READ_TIMEOUT
