"""Sign-in with MSAL against the local tenant, through the portal's own views and transport."""

from html import unescape
from urllib.parse import parse_qsl, urlsplit

import msal
import pytest
import requests

from interests_portal.accounts import entra
from interests_portal.accounts.models import User
from interests_portal.accounts.navigation import local_path
from interests_portal.local_tenant.models import RefreshToken
from tests.graph.scripted import ScriptedAdapter


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://127.0.0.1:8000/_tenant/login/oauth2/v2.0/token",
            "http://127.0.0.1:8000/_tenant/login/oauth2/v2.0/token",
        ),
        (
            "https://localhost:41234/_tenant/login/v2.0/.well-known/openid-configuration",
            "http://localhost:41234/_tenant/login/v2.0/.well-known/openid-configuration",
        ),
        ("https://[::1]:8000/x", "http://[::1]:8000/x"),
        (
            "https://login.microsoftonline.com/common/oauth2/v2.0/token",
            "https://login.microsoftonline.com/common/oauth2/v2.0/token",
        ),
        ("https://127.0.0.1.evil.example/x", "https://127.0.0.1.evil.example/x"),
        ("https://10.0.0.5/x", "https://10.0.0.5/x"),
        ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000/x"),
    ],
)
def test_plain_http_only_for_the_local_tenant_on_a_loopback_host(settings, url, expected):
    settings.LOCAL_TENANT_ENABLED = True
    assert entra.local_tenant_http(url) == expected


def test_no_plain_http_at_all_when_the_local_tenant_is_off(settings):
    settings.LOCAL_TENANT_ENABLED = False
    assert entra.local_tenant_http("https://127.0.0.1:8000/x") == "https://127.0.0.1:8000/x"


def test_msal_reaches_any_other_authority_over_https_only(settings, monkeypatch):
    """The second half: with the local tenant on, a non-loopback authority is still fetched over https."""
    recorder = ScriptedAdapter([requests.ConnectionError("no network in tests")] * 3)
    transport = entra.EntraTransport()
    transport.mount("https://", recorder)
    transport.mount("http://", recorder)
    monkeypatch.setattr(entra, "_transport", transport)
    monkeypatch.setattr(entra, "_http_cache", {})
    settings.ENTRA_AUTHORITY = "https://login.example.com/contoso"
    with pytest.raises(Exception):  # noqa: B017,PT011  (only the URL it tried matters here)
        entra.msal_app()
    assert recorder.sent
    assert all(sent.url.startswith("https://login.example.com/") for sent in recorder.sent)


def test_discovery_is_fetched_once_per_process_not_per_request(portal, monkeypatch):
    calls = []
    real = entra.EntraTransport.request

    def counting(self, method, url, *args, **kwargs):
        calls.append(url)
        return real(self, method, url, *args, **kwargs)

    monkeypatch.setattr(entra.EntraTransport, "request", counting)
    monkeypatch.setattr(entra, "_http_cache", {})
    for _ in range(3):
        assert isinstance(entra.msal_app(), msal.ConfidentialClientApplication)
    assert len([url for url in calls if "openid-configuration" in url]) == 1


def test_signing_in_creates_the_user_from_the_id_token_and_rotates_the_session(portal):
    browser = portal.browser()
    browser.get(f"{portal.url}/", timeout=10)
    start = browser.get(f"{portal.url}/auth/sign-in?next=/interests/", allow_redirects=False, timeout=10)
    before = browser.cookies.get("sessionid")
    picked = portal.tenant._choose(browser, start.headers["Location"], "grace.obi")
    back = browser.get(picked.headers["Location"], allow_redirects=False, timeout=10)

    assert back.headers["Location"] == "/interests/"
    assert browser.cookies.get("sessionid") not in (None, before)
    grace = portal.tenant.user("grace.obi")
    user = User.objects.get(entra_object_id=str(grace.pk))
    assert user.entra_tenant_id == "5b1e0c7a-3f2d-4c8e-9a61-0d4f2b7c9e10"
    assert (user.display_name, user.email) == ("Grace Obi", "grace.obi@kestrel.example")
    assert user.is_portal_admin  # the InterestsPortal.Admin app role
    assert browser.get(f"{portal.url}/interests/", timeout=10).status_code == 200


def test_signing_in_again_updates_rather_than_duplicates(portal):
    portal.sign_in("ada.okafor")
    portal.sign_in("ada.okafor")
    assert User.objects.filter(display_name="Ada Okafor").count() == 1
    assert not User.objects.get(display_name="Ada Okafor").is_portal_admin


def test_the_sign_in_starts_with_pkce_and_the_configured_scopes(portal, settings):
    start = portal.browser().get(f"{portal.url}/auth/sign-in", allow_redirects=False, timeout=10)
    query = dict(parse_qsl(urlsplit(start.headers["Location"]).query))
    assert query["code_challenge_method"] == "S256"
    assert set(settings.ENTRA_SCOPES) <= set(query["scope"].split())
    assert query["redirect_uri"] == f"{portal.url}/auth/callback"


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/interests/?tag=ableToMentor", "/interests/?tag=ableToMentor"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\x0a/evil", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_local_paths_are_accepted_as_return_targets(candidate, expected):
    assert local_path(candidate) == expected


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example", "/\\evil.example"])
def test_an_open_redirect_through_sign_in_lands_on_the_home_page(portal, target):
    browser = portal.browser()
    start = browser.get(f"{portal.url}/auth/sign-in", params={"next": target}, allow_redirects=False, timeout=10)
    picked = portal.tenant._choose(browser, start.headers["Location"], "ada.okafor")
    back = browser.get(picked.headers["Location"], allow_redirects=False, timeout=10)
    assert back.headers["Location"] == "/"


def test_a_callback_without_a_started_sign_in_explains_and_offers_a_retry(portal):
    answer = portal.browser().get(f"{portal.url}/auth/callback?code=x&state=y", timeout=10)
    assert answer.status_code == 400
    assert "took too long, or began in another browser" in answer.text
    assert "/auth/sign-in?next=" in answer.text


def test_a_callback_whose_state_does_not_match_explains(portal):
    browser = portal.browser()
    browser.get(f"{portal.url}/auth/sign-in", allow_redirects=False, timeout=10)
    answer = browser.get(f"{portal.url}/auth/callback?code=x&state=forged", timeout=10)
    assert answer.status_code == 400
    assert "didn't match" in unescape(answer.text)
    assert not User.objects.exists()


def test_cancelling_at_the_account_picker_explains(portal):
    browser = portal.browser()
    start = browser.get(f"{portal.url}/auth/sign-in", allow_redirects=False, timeout=10)
    cancelled = portal.tenant._choose(browser, start.headers["Location"], None)
    answer = browser.get(cancelled.headers["Location"], timeout=10)
    assert answer.status_code == 400
    assert "You cancelled signing in." in answer.text


def test_sign_in_when_the_identity_provider_is_down_says_so(portal, settings, monkeypatch):
    monkeypatch.setattr(entra, "_http_cache", {})
    settings.ENTRA_AUTHORITY = "https://127.0.0.1:9/_tenant/login"  # nothing listens on port 9
    answer = portal.browser().get(f"{portal.url}/auth/sign-in", timeout=10)
    assert answer.status_code == 503
    assert "can't be reached" in unescape(answer.text)


def test_signing_out_ends_the_session_and_visits_the_end_session_endpoint(portal):
    browser = portal.sign_in("ada.okafor")
    out = browser.post(f"{portal.url}/auth/sign-out", headers=portal.csrf(browser), allow_redirects=False, timeout=10)
    assert out.status_code == 302
    location = urlsplit(out.headers["Location"])
    assert location.path == "/_tenant/login/oauth2/v2.0/logout"
    assert dict(parse_qsl(location.query))["post_logout_redirect_uri"] == f"{portal.url}/"
    again = browser.get(f"{portal.url}/interests/", allow_redirects=False, timeout=10)
    assert again.status_code == 302
    assert again.headers["Location"].startswith("/auth/sign-in")


def test_sign_out_needs_a_post_with_csrf(portal):
    browser = portal.sign_in("ada.okafor")
    assert browser.get(f"{portal.url}/auth/sign-out", timeout=10).status_code == 405
    assert browser.post(f"{portal.url}/auth/sign-out", timeout=10).status_code == 403


def test_an_expired_access_token_is_refreshed_silently(portal):
    portal.tenant.control(access_token_lifetime=60)  # MSAL treats it as expired at once
    browser = portal.sign_in("ada.okafor")
    families_before = RefreshToken.objects.count()
    page = browser.get(f"{portal.url}/interests/", timeout=10)
    assert page.status_code == 200
    assert "Kubernetes" in page.text
    assert RefreshToken.objects.count() > families_before  # a refresh happened, and rotated the token
