"""What a read-only `$batch` loads up front for all of its items, so that 20 reads of people's interests cost two
queries instead of forty. Handlers ask here first and query as before for anything that was not loaded: outside a
batch, and for any batch that writes (a later item must see an earlier item's change), nothing is."""

import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from ..models import DirectoryObject, Interest

# The user an item's path addresses, as the router reads it (router._USER): "users/{id|upn}/…" or "users('{upn}')/…".
_ADDRESSED = re.compile(r"users/(?P<user>[^/]+?)(?P<rest>/.*)?|users\('(?P<quoted>[^/]+?)'\)(?P<qrest>/.*)?", re.I)
_INTERESTS = "/profile/interests"


def user_key(segment: str) -> uuid.UUID | str:
    """How `users.find_user` looks a segment up: by object id when it is one, else by sign-in name (any case)."""
    try:
        return uuid.UUID(segment)
    except ValueError:
        return segment.lower()


@dataclass
class Prefetched:
    # Every user looked up, found (with their profile, or its absence, selected) or not (None).
    users: dict[uuid.UUID | str, DirectoryObject | None] = field(default_factory=dict)
    # Interests of the profiles whose list was asked for, in the list's default order (created, then id).
    interests: dict[uuid.UUID, list[Interest]] = field(default_factory=dict)


_current: ContextVar[Prefetched | None] = ContextVar("local_tenant_prefetched", default=None)


def _load(paths: Iterable[str]) -> Prefetched:
    keys: set[uuid.UUID | str] = set()
    listed: set[uuid.UUID | str] = set()  # users whose interests are listed
    for path in paths:
        match = _ADDRESSED.fullmatch(path)
        if match is None:
            continue
        key = user_key(match["user"] or match["quoted"])
        keys.add(key)
        if (match["rest"] or match["qrest"] or "").lower() == _INTERESTS:
            listed.add(key)
    ids = [key for key in keys if isinstance(key, uuid.UUID)]
    upns = [key for key in keys if isinstance(key, str)]
    users = DirectoryObject.objects.filter(kind=DirectoryObject.Kind.USER).select_related("profile")
    found = list(users.filter(pk__in=ids)) + (list(users.filter(upn_key__in=upns)) if upns else [])
    prefetched = Prefetched(users=dict.fromkeys(keys))
    for found_user in found:
        for key in (found_user.pk, found_user.upn_key or ""):
            if key in prefetched.users:
                prefetched.users[key] = found_user
    listed_users = [prefetched.users[key] for key in listed]
    # Without a profile the list is answered 404, before any interest is read.
    profiles = [person.profile.pk for person in listed_users if person is not None and hasattr(person, "profile")]
    if profiles:
        prefetched.interests = {profile: [] for profile in profiles}
        for interest in Interest.objects.filter(profile_id__in=profiles).order_by("created_date_time", "id"):
            prefetched.interests[interest.profile_id].append(interest)
    return prefetched


@contextmanager
def prefetching(paths: list[str]) -> Iterator[None]:
    """Load the users (and the interests to list) that these item paths address, for the handlers run inside."""
    token = _current.set(_load(paths))
    try:
        yield
    finally:
        _current.reset(token)


def user(segment: str) -> tuple[bool, DirectoryObject | None]:
    """(whether the user addressed by `segment` was looked up, and who they are: None when no such user)."""
    prefetched = _current.get()
    key = user_key(segment)
    if prefetched is None or key not in prefetched.users:
        return False, None
    return True, prefetched.users[key]


def interests(profile_id: uuid.UUID) -> list[Interest] | None:
    """The profile's interests in their default order, if they were loaded."""
    prefetched = _current.get()
    return None if prefetched is None else prefetched.interests.get(profile_id)
