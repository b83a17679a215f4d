"""Sign-in with Microsoft Entra ID through MSAL Python.

- One HTTP cache per process: every MSAL application built here shares it, so OpenID discovery is fetched once per
  process, not once per request.
- The user's MSAL token cache lives in the server-side session (never a cookie: it would overflow).
- MSAL accepts only https URLs. The local tenant is plain http on loopback, so the transport maps https to http
  for exactly that case: the local tenant on, and a loopback host. Every other URL goes out as it is.
"""

import logging
import warnings
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import msal
import requests
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from ..graph.client import GraphClient
from ..graph.errors import GraphUnavailable, SignInRequired
from ..loopback import is_loopback

logger = logging.getLogger(__name__)

# MSAL >= 1.35 recommends response_mode=form_post. The identity provider's cross-site POST back would not carry
# the session cookie (SameSite=Lax), losing the stored flow, so the portal keeps query mode on purpose.
warnings.filterwarnings("ignore", message="response_mode='form_post' is recommended", category=UserWarning)

SESSION_TOKEN_CACHE = "entra_token_cache"  # noqa: S105  (a session key name)
SESSION_ACCOUNT = "entra_home_account_id"
SESSION_FLOW = "entra_auth_flow"
SESSION_NEXT = "entra_next"


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
        return super().request(method, local_tenant_http(url), *args, **kwargs)


_transport = EntraTransport()
_http_cache: dict[Any, Any] = {}


def msal_app(cache: msal.SerializableTokenCache | None = None) -> msal.ConfidentialClientApplication:
    try:
        return msal.ConfidentialClientApplication(
            settings.ENTRA_CLIENT_ID,
            client_credential=settings.ENTRA_CLIENT_SECRET,
            authority=settings.ENTRA_AUTHORITY,
            token_cache=cache,
            http_client=_transport,
            http_cache=_http_cache,
            # Instance discovery asks login.microsoftonline.com about the authority: pointless for the local tenant.
            instance_discovery=not settings.LOCAL_TENANT_ENABLED,
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


def end_session_url(post_logout_redirect_uri: str) -> str:
    """Where the browser signs out of the identity provider (Entra's v2.0 logout endpoint layout)."""
    endpoint = local_tenant_http(f"{settings.ENTRA_AUTHORITY}/oauth2/v2.0/logout")
    return f"{endpoint}?{urlencode({'post_logout_redirect_uri': post_logout_redirect_uri})}"
