"""Profile interests through Graph: one round trip per user action (the first write may also create the profile)."""

import contextlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .client import GraphClient
from .errors import GraphNotFound
from .models import Interest

PAGE_SIZE = 100  # the largest page Graph's profile service is known to serve; fewer items, one request


def _collection(owner_id: str | None) -> str:
    return f"users/{quote(owner_id, safe='')}/profile/interests" if owner_id else "me/profile/interests"


def _item(owner_id: str | None, interest_id: str) -> str:
    # Ids come from URLs people can type: encoded, they can only ever name one item.
    return f"{_collection(owner_id)}/{quote(interest_id, safe='')}"


def _profile_missing(error: GraphNotFound) -> bool:
    return "'profile'" in error.message


def interest_list(graph: GraphClient, *, owner_id: str | None = None) -> list[Interest]:
    """All interests of a user (`me` by default), oldest first, following @odata.nextLink."""
    try:
        items = graph.get_all(_collection(owner_id), params={"$top": PAGE_SIZE})
        return [Interest.from_graph(item) for item in items]
    except GraphNotFound as error:
        if _profile_missing(error):
            return []  # no profile yet: nobody has added an interest
        raise


def interest_get(graph: GraphClient, *, interest_id: str, owner_id: str | None = None) -> Interest:
    return Interest.from_graph(graph.get(_item(owner_id, interest_id)))


def interest_create(graph: GraphClient, *, fields: Mapping[str, Any], owner_id: str) -> Interest:
    try:
        created = graph.post(_collection(None), dict(fields))
    except GraphNotFound as error:
        if not _profile_missing(error):
            raise
        graph.post(f"users/{quote(owner_id, safe='')}/profile", {})
        created = graph.post(_collection(None), dict(fields))
    return Interest.from_graph(created.body)


def interest_update(
    graph: GraphClient, *, interest_id: str, changes: Mapping[str, Any], owner_id: str | None = None
) -> Interest:
    answer = graph.patch(_item(owner_id, interest_id), dict(changes))
    if answer.body is None:  # 204: some Graph versions answer without the entity
        return interest_get(graph, interest_id=interest_id, owner_id=owner_id)
    return Interest.from_graph(answer.body)


def interest_delete(graph: GraphClient, *, interest_id: str, owner_id: str | None = None) -> None:
    # Already gone (perhaps by our own retried DELETE) is what the user asked for.
    with contextlib.suppress(GraphNotFound):
        graph.delete(_item(owner_id, interest_id))
