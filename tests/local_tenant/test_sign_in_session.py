"""The local tenant's sign-in session (`sid`), as Entra's: in id tokens, kept by the browser, ended at end-session
with a front-channel logout of the application."""

import re
import uuid
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
import requests

SIGN_IN_COOKIE = "local_tenant_sign_in"


def sign_in(tenant, browser: requests.Session, key: str) -> dict:
    """A sign-in through the account picker in `browser`, and the code redeemed: the token response."""
    params, verifier = tenant.authorize_params()
    answer = tenant._choose(browser, f"{tenant.login_root}/oauth2/v2.0/authorize?{urlencode(params)}", key)
    code = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))["code"]
    tokens = tenant.redeem_code(code, params, verifier)
    assert tokens.status_code == 200, tokens.text
    return tokens.json()


def sid(tokens: dict) -> str:
    return jwt.decode(tokens["id_token"], options={"verify_signature": False})["sid"]


def test_the_id_token_carries_the_sign_in_sessions_sid(tenant):
    tokens = tenant.sign_in("ada.okafor")
    assert uuid.UUID(sid(tokens))  # a GUID, as Entra's


def test_signing_in_again_in_the_same_browser_keeps_the_sid_and_another_browser_gets_its_own(tenant):
    browser = tenant.track(requests.Session())
    first = sid(sign_in(tenant, browser, "ada.okafor"))
    assert sid(sign_in(tenant, browser, "ada.okafor")) == first
    assert sid(sign_in(tenant, tenant.track(requests.Session()), "ada.okafor")) != first
    # Another person picked in the same browser starts a sign-in session of their own.
    assert sid(sign_in(tenant, browser, "grace.obi")) != first


def test_a_refresh_keeps_the_sid(tenant):
    tokens = tenant.sign_in("ada.okafor")
    refreshed = tenant.token_request(grant_type="refresh_token", refresh_token=tokens["refresh_token"]).json()
    assert sid(refreshed) == sid(tokens)
    again = tenant.token_request(grant_type="refresh_token", refresh_token=refreshed["refresh_token"]).json()
    assert sid(again) == sid(tokens)


def test_a_code_with_another_sid_written_into_it_is_refused(tenant):
    code, params, verifier = tenant.authorization_code("ada.okafor")
    forged = code.rpartition(".")[0] + "." + str(uuid.uuid4())
    answer = tenant.redeem_code(forged, params, verifier)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def end_session(tenant, browser: requests.Session, **params: str) -> requests.Response:
    return browser.get(f"{tenant.login_root}/oauth2/v2.0/logout", params=params, allow_redirects=False, timeout=10)


def test_end_session_loads_the_front_channel_logout_with_the_sid_then_continues(tenant):
    browser = tenant.track(requests.Session())
    signed_in_as = sid(sign_in(tenant, browser, "ada.okafor"))

    page = end_session(tenant, browser, post_logout_redirect_uri=f"{tenant.url}/", state="s1")

    assert page.status_code == 200
    frame = unescape(re.search(r'<iframe src="([^"]+)" title="[^"]+" hidden', page.text).group(1))
    assert frame == f"{tenant.url}/auth/front-channel-logout?sid={signed_in_as}"
    onwards = unescape(re.search(r'<a href="([^"]+)" data-continue-to>', page.text).group(1))
    assert onwards == f"{tenant.url}/?state=s1"
    assert '<script src="/static/js/tenant-sign-out.js" defer></script>' in page.text
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    # The sign-in session is over: the next end-session has nothing to sign out and goes straight on.
    assert SIGN_IN_COOKIE not in browser.cookies
    again = end_session(tenant, browser, post_logout_redirect_uri=f"{tenant.url}/")
    assert again.status_code == 302


def test_the_front_channel_logout_url_is_a_setting_and_may_be_on_another_origin(tenant, settings):
    settings.LOCAL_TENANT_FRONT_CHANNEL_LOGOUT_URL = "https://portal.example/auth/front-channel-logout?tenant=1"
    browser = tenant.track(requests.Session())
    signed_in_as = sid(sign_in(tenant, browser, "ada.okafor"))

    page = end_session(tenant, browser)

    frame = unescape(re.search(r'<iframe src="([^"]+)"', page.text).group(1))
    assert frame == f"https://portal.example/auth/front-channel-logout?tenant=1&sid={signed_in_as}"
    assert "frame-src 'self' https://portal.example" in page.headers["Content-Security-Policy"]
    assert "You can close this window." in page.text  # no post_logout_redirect_uri: nowhere to continue to


def test_a_refused_return_address_still_signs_the_application_out(tenant):
    browser = tenant.track(requests.Session())
    sign_in(tenant, browser, "ada.okafor")
    page = end_session(tenant, browser, post_logout_redirect_uri="https://evil.example/")
    assert page.status_code == 200
    assert "<iframe" in page.text
    assert "not a registered address" in page.text
    assert "data-continue-to" not in page.text
