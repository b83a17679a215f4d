"""Tokens of the local tenant: JWT access tokens for its Graph, id tokens and client_info for MSAL."""

import base64
import hashlib
import json
import secrets
import time
import uuid
from typing import Any

import jwt
from django.conf import settings

from ..models import DirectoryObject

GRAPH_AUDIENCE = "https://graph.microsoft.com"
ACCESS_TOKEN_ISSUER = "local-tenant"  # noqa: S105  (an issuer name, not a secret)


class InvalidToken(Exception):
    pass


class ExpiredToken(InvalidToken):
    pass


def _access_token_key() -> bytes:
    return hashlib.sha256(f"local-tenant-access-token:{settings.SECRET_KEY}".encode()).digest()


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_sid() -> str:
    """A sign-in session id: a GUID, as Entra's `sid`."""
    return str(uuid.uuid4())


def carrying_sid(secret: str, sid: str | None) -> str:
    """An authorization code or refresh token that carries its sign-in session's id, as Entra's opaque ones carry
    session state. Only the hash is stored, and it covers the sid: a changed sid matches no code or token."""
    return f"{secret}.{sid}" if sid else secret


def sid_carried(value: str) -> str | None:
    """The sid in a code or refresh token from carrying_sid (None for one issued without)."""
    _, dot, sid = value.rpartition(".")
    return sid if dot and sid else None


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def client_info(user: DirectoryObject) -> str:
    # Entra's client_info makes MSAL's home_account_id "<oid>.<tid>".
    payload = {"uid": str(user.pk), "utid": settings.LOCAL_TENANT_TENANT_ID}
    return b64url(json.dumps(payload, separators=(",", ":")).encode())


def pkce_challenge(verifier: str) -> str:
    return b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def _graph_token(client_id: str, lifetime: int, claims: dict[str, Any]) -> str:
    """A Graph access token of the local tenant: its audience, issuer, lifetime and client, and `claims`."""
    now = int(time.time())
    common = {"aud": GRAPH_AUDIENCE, "iss": ACCESS_TOKEN_ISSUER, "iat": now, "nbf": now, "exp": now + lifetime}
    return jwt.encode(common | {"appid": client_id} | claims, _access_token_key(), algorithm="HS256")


def access_token(user: DirectoryObject, *, scopes: list[str], client_id: str, lifetime: int) -> str:
    claims = {
        "oid": str(user.pk),
        "tid": settings.LOCAL_TENANT_TENANT_ID,
        "upn": user.user_principal_name,
        "name": user.display_name,
        "scp": " ".join(scopes),
        "roles": list(user.app_roles),
    }
    return _graph_token(client_id, lifetime, claims)


# The portal's service principal in the local tenant: the object an application token speaks for.
APP_SERVICE_PRINCIPAL_ID = "3f0b6c2e-8d41-4a57-b9e0-6c1d2a7f4e93"


def app_access_token(*, client_id: str, roles: list[str], lifetime: int) -> str:
    """An application-only token, as Entra issues for the client-credentials grant: `idtyp` app, the application
    permissions the tenant's admin consented as `roles` (none: no `roles` claim at all), no `scp`, and the service
    principal as `oid`."""
    claims: dict[str, Any] = {
        "idtyp": "app",
        "oid": APP_SERVICE_PRINCIPAL_ID,
        "sub": APP_SERVICE_PRINCIPAL_ID,
        "tid": settings.LOCAL_TENANT_TENANT_ID,
    }
    if roles:
        claims["roles"] = list(roles)
    return _graph_token(client_id, lifetime, claims)


def decode_access_token(token: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            _access_token_key(),
            algorithms=["HS256"],
            audience=GRAPH_AUDIENCE,
            issuer=ACCESS_TOKEN_ISSUER,
            options={"require": ["exp", "oid"]},
        )
    except jwt.ExpiredSignatureError:
        raise ExpiredToken from None
    except jwt.PyJWTError:
        raise InvalidToken from None


def id_token(user: DirectoryObject, *, issuer: str, client_id: str, nonce: str | None, sid: str | None = None) -> str:
    """An id token like Entra's v2.0 one. HS256 with the client secret, as OpenID Connect Core 10.1 allows."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "ver": "2.0",
        "iss": issuer,
        "aud": client_id,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        # Entra's `sub` is pairwise: stable per user and application.
        "sub": b64url(hashlib.sha256(f"{user.pk}:{client_id}".encode()).digest()),
        "oid": str(user.pk),
        "tid": settings.LOCAL_TENANT_TENANT_ID,
        "preferred_username": user.user_principal_name,
        "name": user.display_name,
    }
    if user.mail:
        claims["email"] = user.mail
    if nonce:
        claims["nonce"] = nonce
    if sid:
        # The sign-in session, as in Entra's id tokens: what a front-channel logout names.
        claims["sid"] = sid
    if user.app_roles:
        claims["roles"] = list(user.app_roles)
    return jwt.encode(claims, settings.LOCAL_TENANT_CLIENT_SECRET, algorithm="HS256")
