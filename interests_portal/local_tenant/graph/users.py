"""Addressing users the way Graph does: `me`, an object id, or a userPrincipalName (case-insensitive)."""

import uuid
from dataclasses import dataclass
from urllib.parse import quote

from ..models import DirectoryObject
from . import prefetch
from .auth import signed_in_user
from .http import GraphRequest, not_found


@dataclass(frozen=True)
class Target:
    user: DirectoryObject
    # How the user appears in @odata.context: the object id, or the UPN as addressed (percent-encoded).
    context_ref: str

    def context(self, request: GraphRequest, suffix: str) -> str:
        return f"{request.base_url}/$metadata#users('{self.context_ref}'){suffix}"


def find_user(segment: str) -> DirectoryObject | None:
    looked_up, user = prefetch.user(segment)  # a read-only $batch looks all its items' users up at once
    if looked_up:
        return user
    users = DirectoryObject.objects.filter(kind=DirectoryObject.Kind.USER).select_related("profile")
    try:
        return users.filter(pk=uuid.UUID(segment)).first()
    except ValueError:
        return users.filter(upn_key=segment.lower()).first()


def resolve_target(request: GraphRequest, segment: str | None) -> Target:
    assert request.caller is not None
    if segment is None:
        me = signed_in_user(request.caller)
        return Target(me, str(me.pk))
    user = find_user(segment)
    if user is None:
        raise not_found(segment)
    by_id = segment.lower() == str(user.pk)
    return Target(user, str(user.pk) if by_id else quote(segment, safe=""))
