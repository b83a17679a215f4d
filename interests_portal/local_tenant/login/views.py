"""The local tenant's sign-in: discovery, an account picker at the authorize endpoint, token, end-session."""

import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import cast
from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_update
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..control import control
from ..guard import local_tenant_only
from ..models import AuthorizationCode, DirectoryObject, RefreshToken
from . import tokens
from .assertions import CLIENT_ASSERTION_TYPE, invalid_client, verify_client_assertion
from .oauth import (
    GRAPH_SCOPE_PREFIX,
    OIDC_SCOPES,
    Endpoints,
    OAuthError,
    graph_scopes,
    redirect_uri_allowed,
    redirect_with,
)

CODE_LIFETIME = timedelta(minutes=10)
REFRESH_REUSE_GRACE = timedelta(seconds=60)
PICKER_LIMIT = 50
PKCE_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
OAUTH_PARAMS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "login_hint",
    "client_info",
)


@require_GET
@local_tenant_only
def discovery(request: HttpRequest) -> JsonResponse:
    endpoints = Endpoints.for_request(request)
    return JsonResponse(
        {
            "issuer": endpoints.issuer,
            "authorization_endpoint": endpoints.authorization_endpoint,
            "token_endpoint": endpoints.token_endpoint,
            "end_session_endpoint": endpoints.end_session_endpoint,
            "jwks_uri": endpoints.jwks_uri,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["HS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "claims_supported": [
                "sub",
                "oid",
                "tid",
                "iss",
                "aud",
                "iat",
                "exp",
                "nbf",
                "nonce",
                "name",
                "preferred_username",
                "email",
                "roles",
                "sid",
                "ver",
            ],
            "frontchannel_logout_supported": True,
            "tenant_region_scope": None,
            "cloud_instance_name": "local-tenant",
        }
    )


@require_GET
@local_tenant_only
def keys(request: HttpRequest) -> JsonResponse:
    # Id tokens are HS256 with the client secret (OpenID Connect Core 10.1): there is no public key to publish.
    return JsonResponse({"keys": []})


# --- Authorize -------------------------------------------------------------------------------------------


class ClientError(Exception):
    """A request that cannot be answered by redirecting back: unknown client or unregistered redirect URI."""


@dataclass(frozen=True)
class AuthorizeRequest:
    params: dict[str, str]
    scopes: list[str]

    @property
    def redirect_uri(self) -> str:
        return self.params["redirect_uri"]


def _parse_authorize(source) -> AuthorizeRequest:
    params = {name: source.get(name, "") for name in OAUTH_PARAMS}
    if params["client_id"] != settings.LOCAL_TENANT_CLIENT_ID:
        raise ClientError(
            f"AADSTS700016: Application with identifier '{params['client_id']}' was not found in the local tenant."
        )
    if not redirect_uri_allowed(params["redirect_uri"]):
        raise ClientError(
            "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured "
            "for the application (any http(s) URI on a loopback host, or LOCAL_TENANT_REDIRECT_URIS)."
        )
    if params["response_type"] != "code":
        raise OAuthError("unsupported_response_type", "AADSTS700054: Only response_type=code is supported.")
    if params["response_mode"] not in {"", "query"}:
        raise OAuthError("invalid_request", "The local tenant supports only response_mode=query.")
    scopes = params["scope"].split()
    if "openid" not in scopes:
        raise OAuthError("invalid_scope", "AADSTS900144: The request must ask for the 'openid' scope.")
    graph_scopes(scopes)
    if not params["code_challenge"] or params["code_challenge_method"] != "S256":
        raise OAuthError(
            "invalid_request",
            "AADSTS9002325: Proof Key for Code Exchange with code_challenge_method=S256 is required.",
        )
    if params["prompt"] == "none":
        raise OAuthError("login_required", "AADSTS50058: The local tenant keeps no sign-in session; pick an account.")
    return AuthorizeRequest(params, scopes)


def _accounts(query: str, login_hint: str) -> tuple[list[DirectoryObject], int]:
    users = DirectoryObject.objects.filter(kind=DirectoryObject.Kind.USER).select_related("manager")
    if query:
        users = users.filter(
            Q(display_name__icontains=query) | Q(upn_key__icontains=query) | Q(job_title__icontains=query)
        )
    total = users.count()
    accounts = list(users.order_by("display_name", "id")[:PICKER_LIMIT])
    hinted = users.filter(upn_key=login_hint.lower()).first() if login_hint else None
    if hinted:
        accounts = [hinted, *(a for a in accounts if a.pk != hinted.pk)][:PICKER_LIMIT]
    return accounts, total


# --- The browser's sign-in session ------------------------------------------------------------------------
# Like Entra's session cookie: which sign-in session (`sid`) this browser is in, so that signing in again reuses it
# and the end-session endpoint knows which session's applications to sign out (front-channel logout). Its own name
# and path, so it never meets the portal's session cookie; it never skips the account picker.

SIGN_IN_COOKIE = "local_tenant_sign_in"
SIGN_IN_COOKIE_SALT = "local-tenant-sign-in"


def _login_root() -> str:
    return reverse("local_tenant:discovery").removesuffix("/v2.0/.well-known/openid-configuration") + "/"


def _sign_in_session(request: HttpRequest) -> dict[str, str] | None:
    value = request.COOKIES.get(SIGN_IN_COOKIE)
    if not value:
        return None
    try:
        session = signing.loads(value, salt=SIGN_IN_COOKIE_SALT, max_age=settings.LOCAL_TENANT_REFRESH_TOKEN_LIFETIME)
    except signing.BadSignature:
        return None
    if not isinstance(session, dict) or not isinstance(session.get("sid"), str):
        return None
    return session


def _sid_for(request: HttpRequest, user: DirectoryObject) -> str:
    """The browser's sign-in session when the same person signs in again, else a new one."""
    session = _sign_in_session(request)
    if session is not None and session.get("oid") == str(user.pk):
        return session["sid"]
    return tokens.new_sid()


def _keep_sign_in_session(request: HttpRequest, response: HttpResponse, user: DirectoryObject, sid: str) -> None:
    response.set_cookie(
        SIGN_IN_COOKIE,
        signing.dumps({"sid": sid, "oid": str(user.pk)}, salt=SIGN_IN_COOKIE_SALT),
        path=_login_root(),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _issue_code(authorize: AuthorizeRequest, user: DirectoryObject, sid: str) -> str:
    now = timezone.now()
    AuthorizationCode.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    code = tokens.carrying_sid(tokens.new_secret(), sid)
    AuthorizationCode.objects.create(
        code_hash=tokens.hash_secret(code),
        user=user,
        client_id=authorize.params["client_id"],
        redirect_uri=authorize.redirect_uri,
        scopes=authorize.scopes,
        nonce=authorize.params["nonce"],
        code_challenge=authorize.params["code_challenge"],
        expires_at=now + CODE_LIFETIME,
    )
    return code


@require_http_methods(["GET", "POST"])
@local_tenant_only
def authorize(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    try:
        parsed = _parse_authorize(source)
    except ClientError as error:
        return render(request, "local_tenant/error.html", {"message": str(error)}, status=400)
    except OAuthError as error:
        redirect_uri = source.get("redirect_uri", "")
        state = source.get("state", "")
        return redirect_with(
            redirect_uri, {"error": error.error, "error_description": error.description, "state": state}
        )

    state = parsed.params["state"]
    problem = ""
    if request.method == "POST":
        if "cancel" in request.POST:
            return redirect_with(
                parsed.redirect_uri,
                {
                    "error": "access_denied",
                    "error_description": "AADSTS65004: User declined to sign in.",
                    "state": state,
                },
            )
        user = _account(request.POST.get("account", ""))
        if user is not None:
            sid = _sid_for(request, user)
            code = _issue_code(parsed, user, sid)
            response = redirect_with(parsed.redirect_uri, {"code": code, "state": state})
            _keep_sign_in_session(request, response, user, sid)
            return response
        problem = "Choose one of the accounts below to sign in."

    query = source.get("q", "").strip()
    accounts, total = _accounts(query, parsed.params["login_hint"])
    context = {
        "oauth_params": {k: v for k, v in parsed.params.items() if v},
        "accounts": accounts,
        "total": total,
        "query": query,
        "problem": problem,
        "client_name": "Interests Portal",
    }
    return render(request, "local_tenant/authorize.html", context, status=400 if problem else 200)


# --- Token -----------------------------------------------------------------------------------------------


def _token_response(
    request: HttpRequest,
    user: DirectoryObject,
    *,
    client_id: str,
    scopes: list[str],
    nonce: str,
    sid: str | None,
    family=None,
) -> JsonResponse:
    lifetime = control.access_token_lifetime
    granted = graph_scopes(scopes)
    # Echo what was asked for (plus the implied Graph scope), so MSAL's cache finds the token again.
    asked_graph = [scope for scope in scopes if scope.lower() not in OIDC_SCOPES]
    echoed = scopes if asked_graph else [*granted, *scopes]
    body = {
        "token_type": "Bearer",
        "scope": " ".join(echoed),
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": tokens.access_token(user, scopes=granted, client_id=client_id, lifetime=lifetime),
        "id_token": tokens.id_token(
            user, issuer=Endpoints.for_request(request).issuer, client_id=client_id, nonce=nonce or None, sid=sid
        ),
        "client_info": tokens.client_info(user),
    }
    if family is not None or "offline_access" in (s.lower() for s in scopes):
        refresh = tokens.carrying_sid(tokens.new_secret(), sid)
        RefreshToken.objects.create(
            token_hash=tokens.hash_secret(refresh),
            user=user,
            client_id=client_id,
            scopes=scopes,
            expires_at=timezone.now() + timedelta(seconds=settings.LOCAL_TENANT_REFRESH_TOKEN_LIFETIME),
            **({"family": family} if family is not None else {}),
        )
        body["refresh_token"] = refresh
    return JsonResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _redeem_code(request: HttpRequest, client_id: str) -> JsonResponse:
    code = request.POST.get("code", "")
    with transaction.atomic():
        row = (
            AuthorizationCode.objects.select_for_update()
            .select_related("user")
            .filter(code_hash=tokens.hash_secret(code))
            .first()
        )
        if row is None:
            raise OAuthError("invalid_grant", "AADSTS70000: The provided authorization code is invalid.")
        if row.used:
            raise OAuthError("invalid_grant", "AADSTS54005: OAuth2 Authorization code was already redeemed.")
        row.used = True
        row.save(update_fields=["used"])
    if row.expires_at < timezone.now():
        raise OAuthError("invalid_grant", "AADSTS70008: The provided authorization code has expired.")
    if row.client_id != client_id:
        raise OAuthError("invalid_grant", "AADSTS70000: The code was issued to another application.")
    if request.POST.get("redirect_uri", "") != row.redirect_uri:
        raise OAuthError("invalid_grant", "AADSTS500112: The redirect_uri does not match the one used to get the code.")
    verifier = request.POST.get("code_verifier", "")
    if not PKCE_VERIFIER.fullmatch(verifier) or not hmac.compare_digest(
        tokens.pkce_challenge(verifier), row.code_challenge
    ):
        raise OAuthError(
            "invalid_grant",
            "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        )
    return _token_response(
        request, row.user, client_id=client_id, scopes=row.scopes, nonce=row.nonce, sid=tokens.sid_carried(code)
    )


class ReplayedRefreshToken(OAuthError):
    pass


def _refresh_problem(row: RefreshToken | None, client_id: str, requested: list[str]) -> OAuthError | None:
    now = timezone.now()
    if row is None or row.client_id != client_id:
        return OAuthError("invalid_grant", "AADSTS9002313: The refresh token is malformed or was not issued to you.")
    if row.revoked:
        return OAuthError("invalid_grant", "AADSTS70000: The refresh token has been revoked.")
    if row.expires_at < now:
        return OAuthError("invalid_grant", "AADSTS700082: The refresh token has expired.")
    if row.rotated_at and row.rotated_at + REFRESH_REUSE_GRACE < now:
        return ReplayedRefreshToken("invalid_grant", "AADSTS70000: The refresh token was already used; revoked.")
    if not set(graph_scopes(requested)) <= set(graph_scopes(row.scopes)):
        return OAuthError(
            "invalid_grant",
            "AADSTS65001: The user has not consented to the scopes requested; sign in interactively.",
        )
    return None


def _account(value: str) -> DirectoryObject | None:
    """The user picked at the account picker; None for anything that is not one (a forged value included)."""
    try:
        key = uuid.UUID(value)
    except ValueError:
        return None
    return DirectoryObject.objects.filter(pk=key, kind="user").first()


def _refresh(request: HttpRequest, client_id: str) -> JsonResponse:
    presented = request.POST.get("refresh_token", "")
    with transaction.atomic():
        row = (
            RefreshToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=tokens.hash_secret(presented))
            .first()
        )
        requested = request.POST.get("scope", "").split() or (row.scopes if row else [])
        problem = _refresh_problem(row, client_id, requested)
        if isinstance(problem, ReplayedRefreshToken) and row is not None:
            # A replayed token ends every session descended from its sign-in (committed before answering).
            RefreshToken.objects.filter(family=row.family).update(revoked=True)
        elif problem is None and row is not None and row.rotated_at is None:
            row.rotated_at = timezone.now()
            row.save(update_fields=["rotated_at"])
    if problem is not None:
        raise problem
    assert row is not None  # _refresh_problem answers for a token that does not exist
    return _token_response(
        request,
        row.user,
        client_id=client_id,
        scopes=requested,
        nonce="",
        sid=tokens.sid_carried(presented),
        family=row.family,
    )


def _authenticated_client(request: HttpRequest) -> str:
    """The client id, once the client proved it: with its secret, or with a client assertion signed by its
    registered certificate (private_key_jwt). Raises OAuthError invalid_client (401) otherwise."""
    client_id = request.POST.get("client_id", "")
    secret = request.POST.get("client_secret", "")
    assertion = request.POST.get("client_assertion", "")
    assertion_type = request.POST.get("client_assertion_type", "")
    if assertion or assertion_type:
        if secret:
            raise invalid_client(
                "AADSTS7000218: The request body must contain either 'client_assertion' or 'client_secret', not both."
            )
        if assertion_type != CLIENT_ASSERTION_TYPE or not assertion:
            raise invalid_client(
                f"AADSTS7000218: The request body must contain 'client_assertion' with 'client_assertion_type' "
                f"'{CLIENT_ASSERTION_TYPE}'."
            )
        if client_id != settings.LOCAL_TENANT_CLIENT_ID:
            raise invalid_client(
                f"AADSTS700016: Application with identifier '{client_id}' was not found in the local tenant."
            )
        verify_client_assertion(assertion, client_id=client_id, audience=Endpoints.for_request(request).token_endpoint)
        return client_id
    if client_id != settings.LOCAL_TENANT_CLIENT_ID or not hmac.compare_digest(
        secret.encode(), settings.LOCAL_TENANT_CLIENT_SECRET.encode()
    ):
        raise invalid_client(
            "AADSTS7000215: Invalid client secret provided (send client_id and client_secret in the body)."
        )
    return client_id


def _client_credentials(request: HttpRequest, client_id: str) -> JsonResponse:
    """The application's own token (no person): only `<resource>/.default` may be asked for, and the token carries
    the application permissions the tenant's admin consented to (control.app_permissions), as Entra's does."""
    scopes = request.POST.get("scope", "").split()
    if len(scopes) != 1 or not scopes[0].lower().endswith("/.default"):
        raise OAuthError(
            "invalid_scope",
            f"AADSTS1002012: The provided value for scope {' '.join(scopes)} is not valid. Client credential flows "
            "must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
        )
    if scopes[0].lower().removesuffix("/.default").rstrip("/") != GRAPH_SCOPE_PREFIX.rstrip("/"):
        raise OAuthError(
            "invalid_resource",
            f"AADSTS500011: The resource principal named {scopes[0].removesuffix('/.default')} was not found in "
            "the local tenant.",
        )
    lifetime = control.access_token_lifetime
    body = {
        "token_type": "Bearer",
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": tokens.app_access_token(
            client_id=client_id, roles=list(control.app_permissions), lifetime=lifetime
        ),
    }
    return JsonResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


@csrf_exempt
@require_POST
@local_tenant_only
def token(request: HttpRequest) -> JsonResponse:
    try:
        client_id = _authenticated_client(request)
        grant_type = request.POST.get("grant_type", "")
        if grant_type == "authorization_code":
            return _redeem_code(request, client_id)
        if grant_type == "refresh_token":
            return _refresh(request, client_id)
        if grant_type == "client_credentials":
            return _client_credentials(request, client_id)
        raise OAuthError("unsupported_grant_type", f"AADSTS70003: The grant type '{grant_type}' is not supported.")
    except OAuthError as error:
        return error.as_json()


# --- End session -----------------------------------------------------------------------------------------


def _front_channel_logout_url(request: HttpRequest, sid: str) -> str:
    """LOCAL_TENANT_FRONT_CHANNEL_LOGOUT_URL (a path is on this server) with `?sid=`, as Entra calls it."""
    url = request.build_absolute_uri(settings.LOCAL_TENANT_FRONT_CHANNEL_LOGOUT_URL)
    return f"{url}{'&' if urlsplit(url).query else '?'}{urlencode({'sid': sid})}"


@require_http_methods(["GET", "POST"])
@local_tenant_only
def end_session(request: HttpRequest) -> HttpResponse:
    """Ends the browser's sign-in session as Entra does: a page that loads the application's front-channel logout
    URL (with the session's `sid`) in a hidden iframe, then continues to post_logout_redirect_uri
    (static/js/tenant-sign-out.js; a link without JavaScript). With no sign-in session, straight there."""
    source = request.POST if request.method == "POST" else request.GET
    target = source.get("post_logout_redirect_uri", "")
    allowed = bool(target) and redirect_uri_allowed(target)
    continue_to = redirect_with(target, {"state": source.get("state", "")})["Location"] if allowed else ""
    session = _sign_in_session(request)
    if session is None:
        if continue_to:
            return HttpResponseRedirect(continue_to)
        return render(request, "local_tenant/signed_out.html", {"refused_target": target})

    front_channel = _front_channel_logout_url(request, session["sid"])
    context = {"refused_target": "" if allowed else target, "continue_to": continue_to, "front_channel": front_channel}
    response = render(request, "local_tenant/signed_out.html", context)
    response.delete_cookie(SIGN_IN_COOKIE, path=_login_root(), samesite="Lax")
    parts = urlsplit(front_channel)
    # This page frames the front-channel URL, which may be on another origin (default-src 'self' covers its own).
    frame_src = csp_update({"frame-src": ["'self'", f"{parts.scheme}://{parts.netloc}"]})
    return cast(HttpResponse, frame_src(lambda _request: response)(request))
