"""Sign-in with Microsoft Entra ID through MSAL Python.

- One HTTP cache per process: every MSAL application built here shares it, so OpenID discovery is fetched once per
  process, not once per request.
- The user's MSAL token cache lives in the server-side session (never a cookie: it would overflow).
- MSAL accepts only https URLs. The local tenant is plain http on loopback, so the transport maps https to http
  for exactly that case: the local tenant on, and a loopback host. Every other URL goes out as it is.
- The app authenticates with its client secret, or with a certificate (ENTRA_CLIENT_CERTIFICATE_PATH), read once
  per process.
"""

import functools
import logging
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import msal
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from ..graph.client import GraphClient
from ..graph.errors import GraphUnavailable, SignInRequired
from ..loopback import is_loopback
from ..timing import record_outbound

logger = logging.getLogger(__name__)

# MSAL >= 1.35 recommends response_mode=form_post. The identity provider's cross-site POST back would not carry
# the session cookie (SameSite=Lax), losing the stored flow, so the portal keeps query mode on purpose.
warnings.filterwarnings("ignore", message="response_mode='form_post' is recommended", category=UserWarning)

SESSION_TOKEN_CACHE = "entra_token_cache"  # noqa: S105  (a session key name)
SESSION_ACCOUNT = "entra_home_account_id"
SESSION_FLOW = "entra_auth_flow"
SESSION_NEXT = "entra_next"
SESSION_SID = "entra_sid"  # the id token's `sid`: the Entra sign-in session this portal session came from


def local_tenant_http(url: str) -> str:
    """The plain-http form of an https URL of the local tenant on a loopback host; any other URL unchanged."""
    parts = urlsplit(url)
    if settings.LOCAL_TENANT_ENABLED and parts.scheme == "https" and is_loopback(parts.hostname):
        return urlunsplit(parts._replace(scheme="http"))
    return url


class EntraTransport(requests.Session):
    """MSAL's HTTP client: pooled, with timeouts, and `local_tenant_http` applied to every URL."""

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", (settings.GRAPH_CONNECT_TIMEOUT, settings.GRAPH_READ_TIMEOUT))
        started = time.perf_counter()
        try:
            return super().request(method, local_tenant_http(url), *args, **kwargs)
        finally:
            record_outbound(started)  # token and discovery calls are upstream waits too (timing.py)


_transport = EntraTransport()
_http_cache: dict[Any, Any] = {}


class CertificateError(Exception):
    """The client certificate file cannot be used; the message says why."""


@dataclass(frozen=True)
class ClientCertificate:
    private_key_pem: str  # decrypted once, kept in this process's memory only
    certificate_pem: str
    sha1_thumbprint: str  # upper-case hex, as the Entra admin center lists the app's certificates
    sha256_thumbprint: str
    subject: str
    not_valid_before: datetime
    not_valid_after: datetime


@functools.lru_cache(maxsize=4)
def client_certificate(path: str, password: str = "") -> ClientCertificate:
    """The private key and its certificate from one PEM file (either order; a chain may follow), read once per
    process. Raises CertificateError for an unreadable file, a missing or undecryptable key, a key that is not RSA
    (Entra's client assertions are RS256 or PS256) or no certificate matching the key."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CertificateError(f"{path} can't be read: {error.strerror or error}") from None
    try:
        key = serialization.load_pem_private_key(data, password.encode() or None)
    except TypeError as error:  # a password missing for an encrypted key, or given for a plain one
        raise CertificateError(f"{path}: {error}") from None
    except ValueError as error:  # no private key in the file, or a wrong password
        raise CertificateError(f"{path} holds no usable private key: {error}") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise CertificateError(f"{path}: the private key must be RSA (Entra signs client assertions RS256/PS256)")
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise CertificateError(f"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)") from None
    public = key.public_key().public_numbers()
    certificate = None
    for candidate in certificates:
        candidate_key = candidate.public_key()
        if isinstance(candidate_key, rsa.RSAPublicKey) and candidate_key.public_numbers() == public:
            certificate = candidate
            break
    if certificate is None:
        raise CertificateError(f"{path}: no certificate in the file belongs to its private key")
    loaded = ClientCertificate(
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        sha1_thumbprint=certificate.fingerprint(hashes.SHA1()).hex().upper(),  # noqa: S303  (Entra's thumbprint)
        sha256_thumbprint=certificate.fingerprint(hashes.SHA256()).hex().upper(),
        subject=certificate.subject.rfc4514_string(),
        not_valid_before=certificate.not_valid_before_utc,
        not_valid_after=certificate.not_valid_after_utc,
    )
    logger.info(
        "sign-in: client certificate %s, thumbprint %s (SHA-1) %s (SHA-256), valid until %s",
        loaded.subject,
        loaded.sha1_thumbprint,
        loaded.sha256_thumbprint,
        loaded.not_valid_after.isoformat(),
    )
    return loaded


def client_credential() -> str | dict[str, str]:
    """MSAL's client_credential: the certificate when one is configured, else the client secret.

    MSAL 1.39, given the certificate itself (`public_certificate`) and no SHA-1 `thumbprint`, signs the client
    assertion PS256 with the certificate's SHA-256 thumbprint (`x5t#S256`), as Microsoft's certificate-credential
    documentation asks; it also sends the certificate (`x5c`), which only subject-name/issuer trust uses."""
    if settings.ENTRA_CLIENT_CERTIFICATE_PATH:
        certificate = client_certificate(
            settings.ENTRA_CLIENT_CERTIFICATE_PATH, settings.ENTRA_CLIENT_CERTIFICATE_PASSWORD
        )
        return {"private_key": certificate.private_key_pem, "public_certificate": certificate.certificate_pem}
    return settings.ENTRA_CLIENT_SECRET


def msal_app(cache: msal.SerializableTokenCache | None = None) -> msal.ConfidentialClientApplication:
    try:
        credential = client_credential()
    except CertificateError as error:
        logger.error("sign-in: the client certificate can't be used: %s", error)
        raise GraphUnavailable("The sign-in service is unreachable.") from error
    try:
        return msal.ConfidentialClientApplication(
            settings.ENTRA_CLIENT_ID,
            client_credential=credential,
            authority=settings.ENTRA_AUTHORITY,
            token_cache=cache,
            http_client=_transport,
            http_cache=_http_cache,
            # Instance discovery asks login.microsoftonline.com about the authority: pointless for the local tenant
            # (in this process, or a separate one: ENTRA_INSTANCE_DISCOVERY=0).
            instance_discovery=settings.ENTRA_INSTANCE_DISCOVERY and not settings.LOCAL_TENANT_ENABLED,
        )
    except (ValueError, requests.RequestException) as error:
        logger.warning("sign-in: the identity provider at %s is unreachable: %s", settings.ENTRA_AUTHORITY, error)
        raise GraphUnavailable("The sign-in service is unreachable.") from error


def new_token_cache() -> msal.SerializableTokenCache:
    return msal.SerializableTokenCache()


def load_token_cache(session: SessionBase) -> msal.SerializableTokenCache:
    cache = new_token_cache()
    if serialized := session.get(SESSION_TOKEN_CACHE):
        cache.deserialize(serialized)
    return cache


def save_token_cache(session: SessionBase, cache: msal.SerializableTokenCache) -> None:
    if cache.has_state_changed:
        session[SESSION_TOKEN_CACHE] = cache.serialize()


def access_token(request: HttpRequest, *, moderation: bool = False) -> str:
    """A Graph access token for the signed-in user, silently refreshed when needed; else SignInRequired.

    `moderation` asks for the scopes that writing another person's profile needs (ENTRA_MODERATION_SCOPES)."""
    if not request.user.is_authenticated or SESSION_ACCOUNT not in request.session:
        raise SignInRequired("No one is signed in.")
    cache = load_token_cache(request.session)
    app = msal_app(cache)
    account = next(
        (a for a in app.get_accounts() if a.get("home_account_id") == request.session[SESSION_ACCOUNT]), None
    )
    if account is None:
        raise SignInRequired("The signed-in account is not in the token cache.")
    try:
        scopes = [*settings.ENTRA_SCOPES, *settings.ENTRA_MODERATION_SCOPES] if moderation else settings.ENTRA_SCOPES
        result = app.acquire_token_silent_with_error(scopes, account=account)
    except requests.RequestException as error:
        raise GraphUnavailable("The sign-in service is unreachable.") from error
    save_token_cache(request.session, cache)
    if not result or "access_token" not in result:
        logger.info("sign-in: silent token acquisition failed: %s", (result or {}).get("error", "no refresh token"))
        raise SignInRequired("The sign-in has expired, or lacks consent.", moderation=moderation)
    return result["access_token"]


def graph_for(request: HttpRequest, *, moderation: bool = False) -> GraphClient:
    """A Graph client acting as the signed-in user. The token is acquired once, on the request's own thread, at
    the first call: later calls (and a page's concurrent $batch threads) reuse it."""
    token: list[str] = []

    def once() -> str:
        if not token:
            token.append(access_token(request, moderation=moderation))
        return token[0]

    return GraphClient(once)


# The application's own identity (client credentials), for work no person is signed in to: the organisation index's
# sync (docs/org-index.md). One MSAL application per configuration and process, so its in-memory token cache hands
# the same token to every call until it nears expiry.
APP_SCOPES = ["https://graph.microsoft.com/.default"]
_app_lock = threading.Lock()
_apps: dict[tuple[str, str], msal.ConfidentialClientApplication] = {}


def app_access_token() -> str:
    key = (settings.ENTRA_AUTHORITY, settings.ENTRA_CLIENT_ID)
    with _app_lock:
        app = _apps.get(key)
        if app is None:
            app = _apps[key] = msal_app(msal.SerializableTokenCache())
    try:
        result = app.acquire_token_for_client(scopes=APP_SCOPES)
    except requests.RequestException as error:
        raise GraphUnavailable("The sign-in service is unreachable.") from error
    if "access_token" not in result:
        logger.warning("application sign-in failed: %s", result.get("error_description") or result.get("error"))
        raise GraphUnavailable(f"The application could not sign in: {result.get('error', 'no token')}.")
    return result["access_token"]


def app_graph(*, before_send: Callable[[], None] | None = None) -> GraphClient:
    """A Graph client acting as the application itself (application permission User.Read.All): never for a page a
    person is looking at, whose reads go through their own sign-in (graph_for). `before_send`: see GraphClient."""
    return GraphClient(app_access_token, before_send=before_send)


def authority_origin() -> str:
    """The identity provider's origin as a browser sees it (the local tenant's is plain http on loopback): the one
    origin allowed to frame the front-channel logout."""
    parts = urlsplit(local_tenant_http(settings.ENTRA_AUTHORITY))
    return f"{parts.scheme}://{parts.netloc}"


def end_session_url(post_logout_redirect_uri: str) -> str:
    """Where the browser signs out of the identity provider (Entra's v2.0 logout endpoint layout)."""
    endpoint = local_tenant_http(f"{settings.ENTRA_AUTHORITY}/oauth2/v2.0/logout")
    return f"{endpoint}?{urlencode({'post_logout_redirect_uri': post_logout_redirect_uri})}"
