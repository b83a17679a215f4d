"""Bearer tokens and delegated scopes, enforced as Graph does (docs/local-tenant.md, "Authorization")."""

from django.conf import settings

from ..control import control
from ..login import tokens
from ..models import DirectoryObject
from .http import Caller, GraphError, GraphRequest, bad_request, forbidden

READ_OWN = frozenset({"User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All"})
WRITE_OWN = frozenset({"User.ReadWrite", "User.ReadWrite.All"})
READ_OTHERS = frozenset({"User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All"})
WRITE_OTHERS = frozenset({"User.ReadWrite.All"})
# Application permissions (an application token's `roles`), as graph-contract.md §6 maps them: any user's profile
# is read with User.Read.All or User.ReadWrite.All, the directory also with Directory.Read.All; writing needs
# User.ReadWrite.All (the current reference pages say "not supported" for app-only writes, DEVX-PERMS still maps
# it: the stand-in follows the permission map, and the portal never writes as the application).
APP_READ_PROFILES = frozenset({"User.Read.All", "User.ReadWrite.All"})
APP_READ_DIRECTORY = frozenset({"User.Read.All", "User.ReadWrite.All", "Directory.Read.All"})
APP_WRITE_PROFILES = frozenset({"User.ReadWrite.All"})


def _unauthenticated(message: str) -> GraphError:
    return GraphError(
        401,
        "InvalidAuthenticationToken",
        message,
        headers={"WWW-Authenticate": 'Bearer realm="", error="invalid_token"'},
    )


def authenticate(request: GraphRequest) -> Caller:
    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if not token:
        raise _unauthenticated("Access token is empty.")
    if scheme.lower() != "bearer":
        raise _unauthenticated("Access token validation failure: the Authorization header is not a Bearer token.")
    try:
        claims = tokens.decode_access_token(token)
    except tokens.ExpiredToken:
        raise _unauthenticated("Lifetime validation failed, the token is expired.") from None
    except tokens.InvalidToken:
        raise _unauthenticated("Access token validation failure. Invalid audience or signature.") from None
    if claims.get("idtyp") == "app":  # client credentials: the application itself, no person
        return Caller(user=None, scopes=frozenset(), roles=tuple(claims.get("roles", [])), client_id=claims["appid"])
    user = DirectoryObject.objects.filter(pk=claims["oid"], kind=DirectoryObject.Kind.USER).first()
    if user is None:
        raise _unauthenticated("Access token validation failure: the user no longer exists in the tenant.")
    return Caller(
        user=user,
        scopes=frozenset(claims.get("scp", "").split()),
        roles=tuple(claims.get("roles", [])),
        client_id=claims.get("appid", ""),
    )


def require_scope(caller: Caller, accepted: frozenset[str]) -> None:
    if not caller.scopes & accepted:
        raise forbidden()


def require_role(caller: Caller, accepted: frozenset[str]) -> None:
    if not set(caller.roles) & accepted:
        raise forbidden()


def signed_in_user(caller: Caller) -> DirectoryObject:
    """The person a delegated token speaks for; `/me` with an application token is Graph's 400."""
    if caller.user is None:
        raise bad_request("/me request is only valid with delegated authentication flow.")
    return caller.user


def require_directory_read(caller: Caller) -> None:
    """Listing or reading other users (`/users`, `/users/{id}`, `/users/delta`)."""
    if caller.is_app:
        require_role(caller, APP_READ_DIRECTORY)
    else:
        require_scope(caller, READ_OTHERS)


def require_read(caller: Caller, owner: DirectoryObject) -> None:
    if caller.user is None:
        require_role(caller, APP_READ_PROFILES)
        return
    require_scope(caller, READ_OWN if owner.pk == caller.user.pk else READ_OTHERS)


def require_write(caller: Caller, owner: DirectoryObject) -> None:
    if caller.user is None:
        require_role(caller, APP_WRITE_PROFILES)
        return
    if owner.pk == caller.user.pk:
        require_scope(caller, WRITE_OWN)
        return
    # Delegated permissions never exceed the user's own rights: only the portal-admin app role may write
    # another user's profile, and a tenant may refuse even that.
    require_scope(caller, WRITE_OTHERS)
    if control.write_others == "denied" or settings.PORTAL_ADMIN_ROLE not in caller.roles:
        raise forbidden()
