"""The local tenant's sign-in: discovery, an account picker at the authorize endpoint, token, end-session."""

import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..control import control
from ..guard import local_tenant_only
from ..models import AuthorizationCode, DirectoryObject, RefreshToken
from . import tokens
from .oauth import OIDC_SCOPES, Endpoints, OAuthError, graph_scopes, redirect_uri_allowed, redirect_with

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
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
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
                "ver",
            ],
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


def _issue_code(authorize: AuthorizeRequest, user: DirectoryObject) -> str:
    now = timezone.now()
    AuthorizationCode.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    code = tokens.new_secret()
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
            code = _issue_code(parsed, user)
            return redirect_with(parsed.redirect_uri, {"code": code, "state": state})
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
            user, issuer=Endpoints.for_request(request).issuer, client_id=client_id, nonce=nonce or None
        ),
        "client_info": tokens.client_info(user),
    }
    if family is not None or "offline_access" in (s.lower() for s in scopes):
        refresh = tokens.new_secret()
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
    return _token_response(request, row.user, client_id=client_id, scopes=row.scopes, nonce=row.nonce)


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
    return _token_response(request, row.user, client_id=client_id, scopes=requested, nonce="", family=row.family)


@csrf_exempt
@require_POST
@local_tenant_only
def token(request: HttpRequest) -> JsonResponse:
    try:
        client_id = request.POST.get("client_id", "")
        secret = request.POST.get("client_secret", "")
        if client_id != settings.LOCAL_TENANT_CLIENT_ID or not hmac.compare_digest(
            secret.encode(), settings.LOCAL_TENANT_CLIENT_SECRET.encode()
        ):
            raise OAuthError(
                "invalid_client",
                "AADSTS7000215: Invalid client secret provided (send client_id and client_secret in the body).",
                status=401,
            )
        grant_type = request.POST.get("grant_type", "")
        if grant_type == "authorization_code":
            return _redeem_code(request, client_id)
        if grant_type == "refresh_token":
            return _refresh(request, client_id)
        raise OAuthError("unsupported_grant_type", f"AADSTS70003: The grant type '{grant_type}' is not supported.")
    except OAuthError as error:
        return error.as_json()


# --- End session -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@local_tenant_only
def end_session(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    target = source.get("post_logout_redirect_uri", "")
    if target and redirect_uri_allowed(target):
        return redirect_with(target, {"state": source.get("state", "")})
    return render(request, "local_tenant/signed_out.html", {"refused_target": target})
