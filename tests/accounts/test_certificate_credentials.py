"""The app's certificate credential: MSAL signs a client assertion, the local tenant verifies it as Entra does, and
the start-up check refuses a missing, doubled or unusable credential."""

import datetime
from urllib.parse import urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import hashes
from django.core.checks import Error, Warning
from django.core.checks.registry import registry

from interests_portal.accounts import entra
from interests_portal.accounts.checks import entra_client_credential
from tests.accounts.certificates import CLIENT_ASSERTION_TYPE, make_certificate
from tests.support import settings_module

TOKEN_PATH = "/_tenant/login/oauth2/v2.0/token"


@pytest.fixture
def certificate(tmp_path):
    return make_certificate(tmp_path)


@pytest.fixture
def token_requests(monkeypatch):
    """The bodies of the token requests the portal's MSAL sends."""
    sent: list[dict[str, str]] = []
    real = entra.EntraTransport.request

    def recording(self, method, url, *args, **kwargs):
        if urlsplit(url).path == TOKEN_PATH:
            sent.append(dict(kwargs.get("data") or {}))
        return real(self, method, url, *args, **kwargs)

    monkeypatch.setattr(entra.EntraTransport, "request", recording)
    return sent


def use_certificate(settings, certificate, password: str = "") -> None:
    """Both sides: the portal signs in with the certificate and no secret; the local tenant has it registered."""
    settings.ENTRA_CLIENT_SECRET = ""
    settings.ENTRA_CLIENT_CERTIFICATE_PATH = str(certificate.pem_path)
    settings.ENTRA_CLIENT_CERTIFICATE_PASSWORD = password
    settings.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH = str(certificate.certificate_path)


@pytest.mark.parametrize("password", ["", "correct horse battery staple"])
def test_signing_in_and_calling_graph_with_a_certificate(portal, settings, tmp_path, token_requests, password):
    certificate = make_certificate(tmp_path, password=password)
    use_certificate(settings, certificate, password)
    portal.tenant.control(access_token_lifetime=60)  # MSAL refreshes at once: the refresh authenticates too

    browser = portal.sign_in("ada.okafor")
    page = browser.get(f"{portal.url}/interests/", timeout=10)

    assert page.status_code == 200
    assert "Kubernetes" in page.text  # Ada's interests, read from Graph with the token
    grants = [body["grant_type"] for body in token_requests]
    assert grants[0] == "authorization_code"
    assert "refresh_token" in grants
    for body in token_requests:
        assert "client_secret" not in body
        assert body["client_assertion_type"] == CLIENT_ASSERTION_TYPE
        header = jwt.get_unverified_header(body["client_assertion"])
        # MSAL 1.39 with the certificate: PS256 and the SHA-256 thumbprint, as Microsoft documents.
        assert header["alg"] == "PS256"
        assert header["x5t#S256"].rstrip("=") == certificate.x5t_s256  # MSAL keeps the base64 padding
        claims = jwt.decode(body["client_assertion"], options={"verify_signature": False})
        assert claims["iss"] == claims["sub"] == settings.ENTRA_CLIENT_ID
        assert claims["aud"] == f"https://{urlsplit(portal.url).netloc}{TOKEN_PATH}"


def test_the_certificate_is_read_once_per_process(settings, certificate):
    settings.ENTRA_CLIENT_CERTIFICATE_PATH = str(certificate.pem_path)
    first = entra.client_credential()
    certificate.pem_path.unlink()
    assert entra.client_credential() == first
    assert isinstance(first, dict)
    assert "ENCRYPTED" not in first["private_key"]
    loaded = entra.client_certificate(str(certificate.pem_path), "")
    # The thumbprint as the Entra admin center lists it (SHA-1, upper-case hex), for the operator to compare.
    assert loaded.sha1_thumbprint == certificate.certificate.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303


def test_a_portal_certificate_the_tenant_does_not_know_cannot_sign_in(portal, settings, tmp_path):
    use_certificate(settings, make_certificate(tmp_path, "portal"))
    settings.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH = str(make_certificate(tmp_path, "other").certificate_path)
    browser = portal.browser()
    start = browser.get(f"{portal.url}/auth/sign-in", allow_redirects=False, timeout=10)
    picked = portal.tenant._choose(browser, start.headers["Location"], "ada.okafor")
    answer = browser.get(picked.headers["Location"], timeout=10)
    assert answer.status_code == 400
    assert "AADSTS700027" in answer.text


# --- The token endpoint's verdicts ---------------------------------------------------------------------------


@pytest.fixture
def token_endpoint(tenant, settings, certificate):
    settings.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH = str(certificate.certificate_path)
    netloc = urlsplit(tenant.url).netloc
    return {"url": f"{tenant.url}{TOKEN_PATH}", "audience": f"https://{netloc}{TOKEN_PATH}"}


def redeem(tenant, url: str, assertion: str, **extra: str) -> requests.Response:
    """An authorization-code redemption authenticated by `assertion` (the code itself is real and fresh)."""
    code, params, verifier = tenant.authorization_code("ada.okafor")
    form = {
        "client_id": extra.pop("client_id", params["client_id"]),
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": params["redirect_uri"],
        "code_verifier": verifier,
        "scope": params["scope"],
        "client_assertion_type": CLIENT_ASSERTION_TYPE,
        "client_assertion": assertion,
    } | extra
    return requests.post(url, data=form, timeout=10)


@pytest.mark.parametrize("algorithm", ["PS256", "RS256"])
def test_the_token_endpoint_accepts_an_assertion_signed_by_the_registered_certificate(
    tenant, token_endpoint, certificate, settings, algorithm
):
    assertion = certificate.assertion(
        client_id=settings.LOCAL_TENANT_CLIENT_ID, audience=token_endpoint["audience"], algorithm=algorithm
    )
    answer = redeem(tenant, token_endpoint["url"], assertion)
    assert answer.status_code == 200, answer.text
    assert "access_token" in answer.json()
    # MSAL reuses one assertion for several requests (up to ten minutes): Entra accepts it again, and so does this.
    assert redeem(tenant, token_endpoint["url"], assertion).status_code == 200


def bad_secret_answer(tenant) -> requests.Response:
    return tenant.token_request(client_secret="wrong", grant_type="authorization_code", code="x")


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("signed with another key", "AADSTS700027"),
        ("another certificate's thumbprint", "AADSTS700027"),
        ("no thumbprint", "AADSTS700027"),
        ("expired", "AADSTS700024"),
        ("not yet valid", "AADSTS700024"),
        ("another audience", "AADSTS700023"),
        ("another issuer", "AADSTS700021"),
        ("another subject", "AADSTS700021"),
        ("no jti", "AADSTS50027"),
        ("no exp", "AADSTS50027"),
        ("HS256", "AADSTS50027"),
        ("not a JWT", "AADSTS50027"),
    ],
)
def test_the_token_endpoint_refuses_a_bad_assertion_as_entra_does(
    tenant, token_endpoint, certificate, settings, tmp_path, case, code
):
    client_id, audience = settings.LOCAL_TENANT_CLIENT_ID, token_endpoint["audience"]
    other = make_certificate(tmp_path, "other")
    now = int(datetime.datetime.now(datetime.UTC).timestamp())
    assertions = {
        "signed with another key": lambda: certificate.assertion(client_id=client_id, audience=audience, key=other.key),
        "another certificate's thumbprint": lambda: other.assertion(client_id=client_id, audience=audience),
        "no thumbprint": lambda: certificate.assertion(client_id=client_id, audience=audience, header={"kid": "1"}),
        "expired": lambda: certificate.assertion(client_id=client_id, audience=audience, exp=now - 600),
        "not yet valid": lambda: certificate.assertion(client_id=client_id, audience=audience, nbf=now + 3600),
        "another audience": lambda: certificate.assertion(
            client_id=client_id, audience="https://login.microsoftonline.com/common/oauth2/v2.0/token"
        ),
        "another issuer": lambda: certificate.assertion(client_id=client_id, audience=audience, iss="someone-else"),
        "another subject": lambda: certificate.assertion(client_id=client_id, audience=audience, sub="someone-else"),
        "no jti": lambda: certificate.assertion(client_id=client_id, audience=audience, jti=None),
        "no exp": lambda: certificate.assertion(client_id=client_id, audience=audience, exp=None),
        "HS256": lambda: jwt.encode(
            {"aud": audience, "iss": client_id, "sub": client_id, "exp": now + 600, "jti": "x"},
            "a-shared-secret-of-at-least-32-bytes!!",
            algorithm="HS256",
            headers={"x5t#S256": certificate.x5t_s256},
        ),
        "not a JWT": lambda: "not-a-jwt",
    }
    answer = redeem(tenant, token_endpoint["url"], assertions[case]())

    assert answer.status_code == 401
    body = answer.json()
    assert body["error"] == "invalid_client"
    assert body["error_description"].startswith(f"{code}:")
    # The same shape as the answer to a wrong client secret.
    assert set(body) == set(bad_secret_answer(tenant).json())
    assert answer.headers["Cache-Control"] == "no-store"


def test_an_assertion_with_no_certificate_registered_is_refused(tenant, settings, certificate):
    settings.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH = ""
    netloc = urlsplit(tenant.url).netloc
    audience = f"https://{netloc}{TOKEN_PATH}"
    assertion = certificate.assertion(client_id=settings.LOCAL_TENANT_CLIENT_ID, audience=audience)
    answer = redeem(tenant, f"{tenant.url}{TOKEN_PATH}", assertion)
    assert answer.status_code == 401
    assert answer.json()["error_description"].startswith("AADSTS700027:")


def test_an_expired_registered_certificate_is_refused(tenant, settings, tmp_path):
    now = datetime.datetime.now(datetime.UTC)
    expired = make_certificate(
        tmp_path, not_before=now - datetime.timedelta(days=30), not_after=now - datetime.timedelta(days=1)
    )
    settings.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH = str(expired.certificate_path)
    audience = f"https://{urlsplit(tenant.url).netloc}{TOKEN_PATH}"
    answer = redeem(
        tenant,
        f"{tenant.url}{TOKEN_PATH}",
        expired.assertion(client_id=settings.LOCAL_TENANT_CLIENT_ID, audience=audience),
    )
    assert answer.status_code == 401
    assert "The key used is expired" in answer.json()["error_description"]


@pytest.mark.parametrize(
    "form",
    [
        {"client_secret": "also-a-secret"},
        {"client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"},
        {"client_id": "00000000-0000-0000-0000-000000000000"},
    ],
    ids=["secret as well", "another assertion type", "another client"],
)
def test_an_assertion_must_come_alone_with_its_type_and_client(tenant, token_endpoint, certificate, settings, form):
    assertion = certificate.assertion(client_id=settings.LOCAL_TENANT_CLIENT_ID, audience=token_endpoint["audience"])
    answer = redeem(tenant, token_endpoint["url"], assertion, **form)
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_the_secret_still_works_with_a_certificate_registered(tenant, token_endpoint):
    assert "access_token" in tenant.sign_in("ada.okafor")


# --- The start-up check ---------------------------------------------------------------------------------------


@pytest.fixture
def microsoft_mode(settings):
    settings.LOCAL_TENANT_ENABLED = False
    settings.ENTRA_CLIENT_SECRET = ""
    settings.ENTRA_CLIENT_CERTIFICATE_PATH = ""
    settings.ENTRA_CLIENT_CERTIFICATE_PASSWORD = ""
    return settings


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_credential_check_is_registered():
    assert entra_client_credential in registry.get_checks()


def test_microsoft_mode_needs_a_secret_or_a_certificate(microsoft_mode):
    (error,) = entra_client_credential(None)
    assert isinstance(error, Error)
    assert error.id == "accounts.E001"


def test_microsoft_mode_refuses_both_a_secret_and_a_certificate(microsoft_mode, certificate):
    microsoft_mode.ENTRA_CLIENT_SECRET = "a-secret"
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PATH = str(certificate.pem_path)
    assert ids(entra_client_credential(None)) == ["accounts.E002"]


def test_a_secret_alone_or_a_certificate_alone_is_fine(microsoft_mode, certificate):
    microsoft_mode.ENTRA_CLIENT_SECRET = "a-secret"
    assert entra_client_credential(None) == []
    microsoft_mode.ENTRA_CLIENT_SECRET = ""
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PATH = str(certificate.pem_path)
    assert entra_client_credential(None) == []


def test_the_local_tenant_needs_neither(settings):
    settings.LOCAL_TENANT_ENABLED = True
    settings.ENTRA_CLIENT_CERTIFICATE_PATH = ""
    assert entra_client_credential(None) == []


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("missing file", "can't be read"),
        ("not PEM", "no usable private key"),
        ("certificate only", "no usable private key"),
        ("encrypted, no password", "Password was not given"),
        ("encrypted, wrong password", "Incorrect password"),
        ("password for a plain key", "Password was given"),
        ("key of another certificate", "no certificate in the file belongs to its private key"),
        ("elliptic-curve key", "must be RSA"),
    ],
)
def test_an_unusable_certificate_file_is_an_error(microsoft_mode, tmp_path, case, reason):
    plain = make_certificate(tmp_path, "plain", key_first=True)
    encrypted = make_certificate(tmp_path, "encrypted", password="secret")
    paths = {
        "missing file": (tmp_path / "nowhere.pem", ""),
        "not PEM": (tmp_path / "garbage.pem", ""),
        "certificate only": (plain.certificate_path, ""),
        "encrypted, no password": (encrypted.pem_path, ""),
        "encrypted, wrong password": (encrypted.pem_path, "not-it"),
        "password for a plain key": (plain.pem_path, "secret"),
        "key of another certificate": (tmp_path / "mismatched.pem", ""),
        "elliptic-curve key": (make_certificate(tmp_path, "ec", elliptic=True).pem_path, ""),
    }
    (tmp_path / "garbage.pem").write_text("not a certificate")
    (tmp_path / "mismatched.pem").write_bytes(
        plain.certificate_path.read_bytes() + encrypted.pem_path.read_bytes().split(b"-----END CERTIFICATE-----\n")[1]
    )
    path, password = paths[case]
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PATH = str(path)
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PASSWORD = password
    if case == "key of another certificate":  # that key is encrypted: give its password, so the pairing is what fails
        microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PASSWORD = "secret"

    (error,) = entra_client_credential(None)
    assert error.id == "accounts.E003"
    assert reason in error.msg


def test_an_encrypted_key_with_its_password_is_fine(microsoft_mode, tmp_path):
    encrypted = make_certificate(tmp_path, password="secret")
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PATH = str(encrypted.pem_path)
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PASSWORD = "secret"
    assert entra_client_credential(None) == []


def test_an_expired_certificate_is_an_error_and_one_about_to_expire_a_warning(microsoft_mode, tmp_path):
    now = datetime.datetime.now(datetime.UTC)
    expired = make_certificate(tmp_path, "expired", not_before=now - datetime.timedelta(days=400), not_after=now)
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PATH = str(expired.pem_path)
    assert ids(entra_client_credential(None)) == ["accounts.E004"]

    expiring = make_certificate(tmp_path, "expiring", not_after=now + datetime.timedelta(days=10))
    microsoft_mode.ENTRA_CLIENT_CERTIFICATE_PATH = str(expiring.pem_path)
    (warning,) = entra_client_credential(None)
    assert isinstance(warning, Warning)
    assert warning.id == "accounts.W001"


def test_a_broken_certificate_file_is_an_error_in_local_mode_too(settings, tmp_path):
    settings.LOCAL_TENANT_ENABLED = True
    settings.ENTRA_CLIENT_CERTIFICATE_PATH = str(tmp_path / "nowhere.pem")
    assert ids(entra_client_credential(None)) == ["accounts.E003"]


def test_the_registered_file_may_be_the_portals_own_pem_with_its_key(tenant, settings, certificate):
    settings.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH = str(certificate.pem_path)  # the local tenant ignores the key
    audience = f"https://{urlsplit(tenant.url).netloc}{TOKEN_PATH}"
    assertion = certificate.assertion(client_id=settings.LOCAL_TENANT_CLIENT_ID, audience=audience)
    assert redeem(tenant, f"{tenant.url}{TOKEN_PATH}", assertion).status_code == 200


# --- Settings ------------------------------------------------------------------------------------------------


def test_offline_one_certificate_setting_signs_the_portal_in_with_it(monkeypatch):
    probe = settings_module(monkeypatch, ENTRA_CLIENT_CERTIFICATE_PATH="/etc/portal.pem")
    assert probe.LOCAL_TENANT_ENABLED
    assert probe.ENTRA_CLIENT_SECRET == ""
    assert probe.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH == "/etc/portal.pem"
    assert probe.LOCAL_TENANT_FRONT_CHANNEL_LOGOUT_URL == "/auth/front-channel-logout"

    plain = settings_module(monkeypatch)
    assert plain.ENTRA_CLIENT_SECRET == plain.LOCAL_TENANT_CLIENT_SECRET
    assert plain.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH == ""
