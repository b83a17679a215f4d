"""Front-channel logout: Entra (here the local tenant) loads /auth/front-channel-logout?sid=… in a hidden iframe when
the person signs out, and every portal session of that Entra sign-in session ends."""

import copy
import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.contrib.sessions.backends.cache import SessionStore as CacheSession
from django.contrib.sessions.backends.db import SessionStore as DbSession
from django.utils import timezone

from interests_portal.accounts.models import SignInSession

LOGOUT = "/auth/front-channel-logout"
SIGN_IN_COOKIE = "local_tenant_sign_in"


def sign_in(portal, browser: requests.Session, key: str = "ada.okafor") -> requests.Session:
    start = browser.get(f"{portal.url}/auth/sign-in", params={"next": "/interests/"}, allow_redirects=False, timeout=10)
    picked = portal.tenant._choose(browser, start.headers["Location"], key)
    back = browser.get(picked.headers["Location"], allow_redirects=False, timeout=10)
    assert back.headers["Location"] == "/interests/", back.text
    return browser


def signed_in(portal, browser: requests.Session) -> bool:
    return browser.get(f"{portal.url}/interests/", allow_redirects=False, timeout=10).status_code == 200


def sid_of(browser: requests.Session) -> str:
    return SignInSession.objects.get(session_key=browser.cookies["sessionid"]).sid


def in_the_same_entra_session(portal, first: requests.Session) -> requests.Session:
    """A second browser that is in the first one's Entra sign-in session (it carries the identity provider's
    session cookie), so the sign-in there has the same `sid`, as Entra gives every sign-in of one session."""
    second = portal.browser()
    for cookie in first.cookies:
        if cookie.name == SIGN_IN_COOKIE:
            second.cookies.set_cookie(copy.copy(cookie))
    return second


def test_a_front_channel_logout_ends_every_portal_session_of_the_sign_in_session(portal):
    first = sign_in(portal, portal.browser())
    second = sign_in(portal, in_the_same_entra_session(portal, first))
    elsewhere = sign_in(portal, portal.browser())  # the same person in another browser: another Entra session
    sid = sid_of(first)
    assert sid_of(second) == sid
    assert sid_of(elsewhere) != sid
    assert first.cookies["sessionid"] != second.cookies["sessionid"]

    # Entra's iframe is cross-site: the browser sends no portal cookie with it.
    answer = requests.get(f"{portal.url}{LOGOUT}", params={"sid": sid}, timeout=10)

    assert answer.status_code == 200
    assert answer.content == b""
    assert not signed_in(portal, first)
    assert not signed_in(portal, second)
    assert signed_in(portal, elsewhere)
    assert not SignInSession.objects.filter(sid=sid).exists()


def test_an_unknown_sid_ends_nothing(portal):
    browser = sign_in(portal, portal.browser())
    assert requests.get(f"{portal.url}{LOGOUT}", params={"sid": "unknown-sid"}, timeout=10).status_code == 200
    # Not even the session of the browser calling it, which belongs to another Entra sign-in session.
    assert browser.get(f"{portal.url}{LOGOUT}", params={"sid": "unknown-sid"}, timeout=10).status_code == 200
    assert signed_in(portal, browser)


def test_a_same_site_call_with_the_sid_also_ends_the_browsers_own_session(portal):
    browser = sign_in(portal, portal.browser())
    sid = SignInSession.objects.get().sid
    SignInSession.objects.all().delete()  # no record to find it by: only the cookie (and its session's sid) can
    assert browser.get(f"{portal.url}{LOGOUT}", params={"sid": sid}, timeout=10).status_code == 200
    assert not signed_in(portal, browser)


@pytest.mark.parametrize("params", [{}, {"sid": ""}, {"sid": "someone-elses-or-made-up"}])
def test_a_link_on_another_site_signs_no_one_out(portal, params):
    """A top-level cross-site GET carries the Lax cookie: without the session's own sid it must end nothing."""
    browser = sign_in(portal, portal.browser())
    assert browser.get(f"{portal.url}{LOGOUT}", params=params, timeout=10).status_code == 200
    assert signed_in(portal, browser)


def test_only_the_identity_providers_origin_may_frame_it(portal):
    answer = requests.get(f"{portal.url}{LOGOUT}", params={"sid": "x"}, timeout=10)
    policy = answer.headers["Content-Security-Policy"]
    origin = f"http://{urlsplit(portal.url).netloc}"  # the local tenant's authority, as a browser reaches it
    assert re.search(r"(?:^|;)\s*frame-ancestors ([^;]*)", policy).group(1).strip() == origin
    assert "X-Frame-Options" not in answer.headers
    assert "no-store" in answer.headers["Cache-Control"]
    assert "unsafe-inline" not in policy

    home = requests.get(f"{portal.url}/", timeout=10)
    assert home.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]


def test_the_origin_follows_the_authority(portal, settings):
    settings.LOCAL_TENANT_ENABLED = False  # as in Microsoft mode (the portal's own pages need no local tenant here)
    settings.ENTRA_AUTHORITY = "https://login.microsoftonline.com/66666666-7777-8888-9999-000000000000"
    policy = requests.get(f"{portal.url}{LOGOUT}", timeout=10).headers["Content-Security-Policy"]
    assert "frame-ancestors https://login.microsoftonline.com;" in policy + ";"


def test_it_answers_a_get_only(portal):
    browser = sign_in(portal, portal.browser())
    posted = browser.post(f"{portal.url}{LOGOUT}", headers=portal.csrf(browser), timeout=10)
    assert posted.status_code == 405
    assert signed_in(portal, browser)


def test_signing_out_of_the_portal_goes_through_the_front_channel_logout_of_the_sign_in_session(portal):
    first = sign_in(portal, portal.browser())
    second = sign_in(portal, in_the_same_entra_session(portal, first))
    sid = sid_of(first)

    out = first.post(f"{portal.url}/auth/sign-out", headers=portal.csrf(first), allow_redirects=False, timeout=10)
    page = first.get(out.headers["Location"], allow_redirects=False, timeout=10)

    # The local tenant's end-session page: the portal's front-channel logout in a hidden iframe, then onwards.
    assert page.status_code == 200
    frame = unescape(re.search(r'<iframe src="([^"]+)"[^>]*\bhidden\b', page.text).group(1))
    assert urlsplit(frame).path == LOGOUT
    assert dict(parse_qsl(urlsplit(frame).query)) == {"sid": sid}
    onwards = unescape(re.search(r'<a href="([^"]+)" data-continue-to>', page.text).group(1))
    assert onwards == f"{portal.url}/"
    assert "/static/js/tenant-sign-out.js" in page.text
    policy = page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert not SignInSession.objects.filter(session_key=first.cookies.get("sessionid", "")).exists()

    assert first.get(frame, timeout=10).status_code == 200  # what the browser does with the iframe
    assert not signed_in(portal, second)
    # The sign-in session is over: the identity provider's cookie is gone.
    assert SIGN_IN_COOKIE not in first.cookies


# --- SignInSession, whatever the session engine ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "store"),
    [("django.contrib.sessions.backends.db", DbSession), ("django.contrib.sessions.backends.cache", CacheSession)],
)
def test_sessions_are_ended_through_the_session_engine(db, settings, engine, store):
    settings.SESSION_ENGINE = engine
    sessions = []
    for _ in range(2):
        session = store()
        session["who"] = "ada"
        session.create()
        SignInSession.remember("sid-1", session)
        sessions.append(session.session_key)
    other = store()
    other.create()
    SignInSession.remember("sid-2", other)

    assert SignInSession.end("sid-1") == 2
    assert not any(store().exists(key) for key in sessions)
    assert store().exists(other.session_key)
    assert list(SignInSession.objects.values_list("sid", flat=True)) == ["sid-2"]


def test_a_flushed_session_gets_its_key_before_it_is_remembered(db, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    session = DbSession()
    session["who"] = "ada"
    session.flush()  # what login() does over another person's session
    session["who"] = "grace"
    SignInSession.remember("sid-1", session)
    assert session.session_key
    assert SignInSession.objects.get(session_key=session.session_key).sid == "sid-1"


def test_rows_of_sessions_that_are_gone_are_pruned_and_live_ones_kept(db, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    alive = DbSession()
    alive.create()
    SignInSession.objects.create(sid="a", session_key=alive.session_key, expires_at=timezone.now() - timedelta(hours=1))
    SignInSession.objects.create(sid="b", session_key="gone" * 8, expires_at=timezone.now() - timedelta(hours=1))

    fresh = DbSession()
    fresh.create()
    SignInSession.remember("c", fresh)  # each sign-in prunes

    assert set(SignInSession.objects.values_list("sid", flat=True)) == {"a", "c"}
    assert SignInSession.objects.get(sid="a").expires_at > timezone.now()  # still alive: another lifetime
