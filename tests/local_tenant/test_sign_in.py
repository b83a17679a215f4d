"""The local tenant's OpenID Connect provider, driven by MSAL Python and by hand (sign-in-notes.md §2)."""

from collections import Counter
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
import msal
import pytest
import requests
from django.conf import settings
from django.utils import timezone

from interests_portal.local_tenant.models import RefreshToken
from tests.support import upn

SCOPES = ["User.ReadWrite", "User.ReadBasic.All"]


class LoopbackHttpsSession(requests.Session):
    """MSAL insists on https; the test's local tenant is plain http on loopback. Counts MSAL's calls too."""

    def __init__(self, netloc: str) -> None:
        super().__init__()
        self.netloc = netloc
        self.calls: Counter[str] = Counter()

    def request(self, method, url, *args, **kwargs):
        if url.startswith(f"https://{self.netloc}/"):
            url = "http://" + url.removeprefix("https://")
        self.calls[f"{method} {urlsplit(url).path}"] += 1
        kwargs.setdefault("timeout", 10)
        return super().request(method, url, *args, **kwargs)


def msal_app(tenant) -> tuple[msal.ConfidentialClientApplication, LoopbackHttpsSession]:
    netloc = urlsplit(tenant.url).netloc
    transport = LoopbackHttpsSession(netloc)
    tenant.track(transport)
    app = msal.ConfidentialClientApplication(
        settings.LOCAL_TENANT_CLIENT_ID,
        client_credential=settings.LOCAL_TENANT_CLIENT_SECRET,
        authority=f"https://{netloc}/_tenant/login",
        instance_discovery=False,
        http_client=transport,
    )
    return app, transport


def sign_in_with_msal(tenant, key: str):
    app, transport = msal_app(tenant)
    flow = app.initiate_auth_code_flow(SCOPES, redirect_uri=tenant.redirect_uri, login_hint=upn(key))
    answer = tenant.pick_account(flow["auth_uri"], key)
    assert answer.status_code == 302
    auth_response = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))
    result = app.acquire_token_by_auth_code_flow(flow, auth_response)
    return app, transport, result


TOKEN_PATH = "POST /_tenant/login/oauth2/v2.0/token"


def test_msal_signs_in_lists_the_account_and_hits_its_cache(tenant):
    app, transport, result = sign_in_with_msal(tenant, "grace.obi")
    grace = tenant.user("grace.obi")

    assert "access_token" in result, result
    claims = result["id_token_claims"]
    assert (claims["oid"], claims["tid"]) == (str(grace.pk), settings.LOCAL_TENANT_TENANT_ID)
    assert claims["preferred_username"] == upn("grace.obi")
    assert claims["name"] == "Grace Obi"
    assert claims["roles"] == [settings.PORTAL_ADMIN_ROLE]
    assert claims["sub"]

    accounts = app.get_accounts()
    assert [a["username"] for a in accounts] == [upn("grace.obi")]
    assert accounts[0]["home_account_id"] == f"{grace.pk}.{settings.LOCAL_TENANT_TENANT_ID}"

    calls_before = transport.calls[TOKEN_PATH]
    silent = app.acquire_token_silent(SCOPES, account=accounts[0])
    assert silent["token_source"] == "cache"
    assert silent["access_token"] == result["access_token"]
    assert transport.calls[TOKEN_PATH] == calls_before
    # Discovery happened once, in the constructor.
    assert transport.calls["GET /_tenant/login/v2.0/.well-known/openid-configuration"] == 1

    # The token works at the local tenant's Graph.
    me = tenant.graph_session(silent["access_token"]).get("me").json()
    assert me["id"] == str(grace.pk)


def test_msal_refreshes_silently_once_the_access_token_expires(tenant):
    # MSAL renews 5 minutes early: a 60-second token is already "expired" to it.
    tenant.control(access_token_lifetime=60)
    app, transport, result = sign_in_with_msal(tenant, "ada.okafor")
    account = app.get_accounts()[0]

    tenant.control(access_token_lifetime=3600)
    refreshed = app.acquire_token_silent(SCOPES, account=account)
    assert refreshed["token_source"] == "identity_provider"
    assert refreshed["access_token"] != result["access_token"]
    assert refreshed["id_token_claims"]["oid"] == str(tenant.user("ada.okafor").pk)
    refreshes = transport.calls[TOKEN_PATH]

    # The refreshed token is found again: the provider sent an id_token and client_info with it.
    again = app.acquire_token_silent(SCOPES, account=account)
    assert again["token_source"] == "cache"
    assert transport.calls[TOKEN_PATH] == refreshes
    assert tenant.graph_session(again["access_token"]).get("me/profile/interests").status_code == 200


def test_refresh_tokens_rotate_and_a_reused_one_revokes_its_family(tenant):
    first = tenant.sign_in("ada.okafor")
    rotated = tenant.token_request(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert "id_token" in second
    assert "client_info" in second

    # Within the grace period the old token still works (two requests of one session may race).
    assert tenant.token_request(grant_type="refresh_token", refresh_token=first["refresh_token"]).status_code == 200

    RefreshToken.objects.filter(rotated_at__isnull=False).update(rotated_at=timezone.now() - timedelta(minutes=5))
    reuse = tenant.token_request(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_grant"
    # The whole family is gone, including the newest token.
    newest = tenant.token_request(grant_type="refresh_token", refresh_token=second["refresh_token"])
    assert newest.json()["error"] == "invalid_grant"


def test_refresh_cannot_widen_the_consented_scopes(tenant):
    tokens = tenant.sign_in("ada.okafor", scopes="openid offline_access User.Read")
    wider = tenant.token_request(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"], scope="openid User.ReadWrite.All"
    )
    assert wider.status_code == 400
    assert "AADSTS65001" in wider.json()["error_description"]


def test_token_response_carries_what_msal_needs(tenant):
    body = tenant.sign_in("ada.okafor")
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == settings.LOCAL_TENANT_ACCESS_TOKEN_LIFETIME
    assert set(body["scope"].split()) >= {"User.ReadWrite", "User.ReadBasic.All"}
    access = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert set(access["scp"].split()) == {"User.ReadWrite", "User.ReadBasic.All"}
    id_claims = jwt.decode(
        body["id_token"],
        settings.LOCAL_TENANT_CLIENT_SECRET,
        algorithms=["HS256"],
        audience=settings.LOCAL_TENANT_CLIENT_ID,
    )
    assert id_claims["iss"] == f"https://{urlsplit(tenant.url).netloc}/_tenant/login/v2.0"
    assert "roles" not in id_claims


def test_the_nonce_is_echoed_in_the_id_token(tenant):
    code, params, verifier = tenant.authorization_code("ada.okafor")
    body = tenant.token_request(
        grant_type="authorization_code",
        code=code,
        redirect_uri=params["redirect_uri"],
        code_verifier=verifier,
    ).json()
    assert jwt.decode(body["id_token"], options={"verify_signature": False})["nonce"] == params["nonce"]


@pytest.mark.parametrize(
    ("change", "error", "code_prefix"),
    [
        ({"code_verifier": "x" * 43}, "invalid_grant", "AADSTS501481"),
        ({"code_verifier": ""}, "invalid_grant", "AADSTS501481"),
        ({"redirect_uri": "http://127.0.0.1:1/elsewhere"}, "invalid_grant", "AADSTS500112"),
        ({"code": "made-up"}, "invalid_grant", "AADSTS70000"),
        ({"client_secret": "wrong"}, "invalid_client", "AADSTS7000215"),
        ({"grant_type": "password"}, "unsupported_grant_type", "AADSTS70003"),
    ],
)
def test_code_redemption_errors(tenant, change, error, code_prefix):
    answer = tenant.redeem_code(*tenant.authorization_code("ada.okafor"), **change)
    assert answer.status_code == (401 if error == "invalid_client" else 400)
    assert answer.json()["error"] == error
    assert answer.json()["error_description"].startswith(code_prefix)


def test_a_code_is_redeemed_only_once(tenant):
    redemption = tenant.authorization_code("ada.okafor")
    assert tenant.redeem_code(*redemption).status_code == 200
    again = tenant.redeem_code(*redemption)
    assert again.json()["error"] == "invalid_grant"
    assert "AADSTS54005" in again.json()["error_description"]


def authorize_url(tenant, **overrides) -> str:
    params, _ = tenant.authorize_params(**overrides)
    return f"{tenant.login_root}/oauth2/v2.0/authorize?{urlencode(params)}"


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"client_id": "00000000-0000-0000-0000-000000000000"}, "AADSTS700016"),
        ({"redirect_uri": "https://evil.example/callback"}, "AADSTS50011"),
        ({"redirect_uri": "javascript:alert(1)"}, "AADSTS50011"),
    ],
)
def test_unknown_clients_and_redirect_uris_get_an_error_page_not_a_redirect(tenant, overrides, words):
    answer = requests.get(authorize_url(tenant, **overrides), allow_redirects=False, timeout=10)
    assert answer.status_code == 400
    assert words in answer.text
    assert "Local tenant" in answer.text


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": ""}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "openid Mail.Read"}, "invalid_scope"),
        ({"scope": "User.Read"}, "invalid_scope"),
        ({"prompt": "none"}, "login_required"),
        ({"response_mode": "form_post"}, "invalid_request"),
    ],
)
def test_bad_authorize_requests_redirect_back_with_an_error(tenant, overrides, error):
    answer = requests.get(authorize_url(tenant, state="s1", **overrides), allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    returned = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))
    assert returned["error"] == error
    assert returned["state"] == "s1"
    assert answer.headers["Location"].startswith(tenant.redirect_uri)


def test_cancelling_at_the_picker_returns_access_denied(tenant):
    answer = tenant.pick_account(authorize_url(tenant), None)
    assert dict(parse_qsl(urlsplit(answer.headers["Location"]).query))["error"] == "access_denied"


def test_the_picker_lists_the_directory_searches_and_puts_the_hinted_account_first(tenant):
    page = requests.get(authorize_url(tenant, login_hint=upn("zoe.angstrom")), timeout=10).text
    assert page.index("Zoë Ångström") < page.index("Ada Okafor")
    assert "Rafael Costa" not in page  # contacts cannot sign in
    assert "Local tenant" in page
    found = requests.get(authorize_url(tenant) + "&q=design", timeout=10).text
    assert "Tomás Ibarra" in found
    assert "Ada Okafor" not in found


def test_graph_scopes_may_carry_the_resource_prefix(tenant):
    body = tenant.sign_in("ada.okafor", scopes="openid https://graph.microsoft.com/User.ReadWrite")
    access = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert access["scp"] == "User.ReadWrite"
    assert body["scope"] == "openid https://graph.microsoft.com/User.ReadWrite"


def test_end_session_returns_to_loopback_addresses_only(tenant):
    logout = f"{tenant.login_root}/oauth2/v2.0/logout"
    back = requests.get(
        logout, params={"post_logout_redirect_uri": tenant.url + "/"}, allow_redirects=False, timeout=10
    )
    assert back.status_code == 302
    assert back.headers["Location"] == tenant.url + "/"
    refused = requests.get(
        logout,
        params={"post_logout_redirect_uri": "https://evil.example/"},
        allow_redirects=False,
        timeout=10,
    )
    assert refused.status_code == 200
    assert "You signed out" in refused.text


def test_discovery_document_is_what_msal_reads(tenant):
    netloc = urlsplit(tenant.url).netloc
    doc = requests.get(f"{tenant.login_root}/v2.0/.well-known/openid-configuration", timeout=10).json()
    assert doc["issuer"] == f"https://{netloc}/_tenant/login/v2.0"
    assert doc["token_endpoint"] == f"https://{netloc}/_tenant/login/oauth2/v2.0/token"
    assert doc["authorization_endpoint"] == f"http://{netloc}/_tenant/login/oauth2/v2.0/authorize"
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["token_endpoint_auth_methods_supported"] == ["client_secret_post", "private_key_jwt"]
    assert doc["frontchannel_logout_supported"] is True
    assert "sid" in doc["claims_supported"]
    assert requests.get(doc["jwks_uri"], timeout=10).json() == {"keys": []}
