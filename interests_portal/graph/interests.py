"""Profile interests through Graph: one round trip per user action (the first write may also create the profile).

Writes to an existing interest are one `$batch` of GET then PATCH/DELETE (`dependsOn`): still one round trip, and
the audit log gets the interest as it was before and as Graph left it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings

from .client import BatchRequest, GraphClient
from .errors import GraphNotFound, GraphThrottled, GraphUnavailable
from .models import Interest

PAGE_SIZE = 100  # the largest page Graph's profile service is known to serve; fewer items, one request


@dataclass(frozen=True)
class InterestWrite:
    """What a write did: Graph's JSON before and after (None where there is none) and Graph's request-id."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str

    @property
    def interest(self) -> Interest:
        return Interest.from_graph(self.after or self.before or {})


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


def interest_create(graph: GraphClient, *, fields: Mapping[str, Any], owner_id: str) -> InterestWrite:
    try:
        created = graph.post(_collection(None), dict(fields))
    except GraphNotFound as error:
        if not _profile_missing(error):
            raise
        graph.post(f"users/{quote(owner_id, safe='')}/profile", {})
        created = graph.post(_collection(None), dict(fields))
    return InterestWrite(before=None, after=created.body, request_id=created.request_id)


def _read_then_write(graph: GraphClient, url: str, method: str, body: Any = None) -> InterestWrite:
    """GET then `method` in one $batch. A write Graph did not process (429/503 inside) is sent again."""
    pair = [BatchRequest("before", "GET", url), BatchRequest("write", method, url, body, depends_on=("before",))]
    waited = 0.0
    while True:
        results = graph.batch(pair)
        before, write = results["before"], results["write"]
        if not before.ok:
            raise before.error()
        if write.ok:
            return InterestWrite(before=before.body, after=write.body, request_id=write.request_id)
        error = write.error()
        delay = write.retry_after if write.retry_after is not None else 1.0
        if (
            isinstance(error, GraphThrottled | GraphUnavailable)
            and write.status in (429, 503)
            and (waited + delay <= settings.GRAPH_MAX_RETRY_WAIT)
        ):
            graph.pause(delay)
            waited += delay
            continue
        raise error


def interest_update(
    graph: GraphClient, *, interest_id: str, changes: Mapping[str, Any], owner_id: str | None = None
) -> InterestWrite:
    url = _item(owner_id, interest_id)
    written = _read_then_write(graph, url, "PATCH", dict(changes))
    if written.after is None:  # 204: some Graph versions answer without the entity
        return InterestWrite(written.before, graph.get(url), written.request_id)
    return written


def interest_delete(graph: GraphClient, *, interest_id: str, owner_id: str | None = None) -> InterestWrite:
    return _read_then_write(graph, _item(owner_id, interest_id), "DELETE")
