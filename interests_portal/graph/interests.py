"""Profile interests through Graph: reads for pages, and the Graph operations the write path
(`interests_portal/interests/services.py`) is made of. Nothing here records or decides anything.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .client import BatchRequest, GraphClient
from .errors import GraphError, GraphNotFound, GraphProblem, GraphThrottled
from .models import Interest

PAGE_SIZE = 100  # the largest page Graph's profile service is known to serve; fewer items, one request
OWNER_FIELDS = "id,displayName"
# What a listed interest is made of (models.Interest): not Graph's createdBy and inference, a third of each item's
# bytes that every list read would otherwise fetch, decode and drop. A single item is still read whole (the audit
# log keeps it as Graph holds it).
LIST_FIELDS = (
    "id,displayName,description,categories,collaborationTags,webUrl,allowedAudiences,source,"
    "createdDateTime,lastModifiedDateTime,lastModifiedBy"
)


def collection_path(owner_id: str | None) -> str:
    return f"users/{quote(owner_id, safe='')}/profile/interests" if owner_id else "me/profile/interests"


def item_path(owner_id: str | None, interest_id: str) -> str:
    # Ids come from URLs people can type: encoded, they can only ever name one item.
    return f"{collection_path(owner_id)}/{quote(interest_id, safe='')}"


def interest_list(graph: GraphClient, *, owner_id: str | None = None) -> list[Interest]:
    """All interests of a user (`me` by default), oldest first, following @odata.nextLink."""
    try:
        items = graph.get_all(collection_path(owner_id), params={"$top": PAGE_SIZE, "$select": LIST_FIELDS})
        return [Interest.from_graph(item) for item in items]
    except GraphNotFound as error:
        if error.profile_missing:
            return []  # no profile yet: nobody has added an interest
        raise


def interest_json(graph: GraphClient, *, interest_id: str, owner_id: str | None = None) -> dict[str, Any]:
    """One interest as Graph's JSON (what the audit log keeps)."""
    return graph.get(item_path(owner_id, interest_id))


def interest_get(graph: GraphClient, *, interest_id: str, owner_id: str | None = None) -> Interest:
    return Interest.from_graph(interest_json(graph, interest_id=interest_id, owner_id=owner_id))


@dataclass(frozen=True)
class Written:
    """What one Graph write did: Graph's JSON before and after (None where there is none) and its request-id."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str
    owner: dict[str, Any] | None = None  # the profile owner as Graph names them, when it was read alongside


class WriteNotDone(Exception):
    """Graph read the interest but did not apply the write: its error, with the interest as that read found it."""

    def __init__(self, error: GraphProblem, *, before: dict[str, Any], owner: dict[str, Any] | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.before = before
        self.owner = owner


class WriteOutcomeUnknown(Exception):
    """The batch carrying a write was sent and its answer was lost (a timeout, a 5xx after the retries): the write
    may or may not have happened."""

    def __init__(self, error: GraphError) -> None:
        super().__init__(str(error))
        self.error = error


def post_interest(graph: GraphClient, *, fields: dict[str, Any], owner_id: str) -> Written:
    """Create one of the signed-in user's interests; a user without a profile gets one first."""
    try:
        created = graph.post(collection_path(None), fields)
    except GraphNotFound as error:
        if not error.profile_missing:
            raise
        graph.post(f"users/{quote(owner_id, safe='')}/profile", {})
        created = graph.post(collection_path(None), fields)
    return Written(before=None, after=created.body, request_id=created.request_id)


def patch_interest(
    graph: GraphClient,
    *,
    interest_id: str,
    changes: dict[str, Any],
    before: dict[str, Any],
    owner_id: str | None = None,
) -> Written:
    path = item_path(owner_id, interest_id)
    answer = graph.patch(path, changes)
    after = answer.body if answer.body is not None else graph.get(path)  # 204: some Graph versions send no entity
    return Written(before=before, after=after, request_id=answer.request_id)


def read_then_write(
    graph: GraphClient,
    *,
    interest_id: str,
    method: str,
    body: dict[str, Any] | None = None,
    owner_id: str | None = None,
) -> Written:
    """The interest (and, for someone else's profile, its owner) read, then `method` applied, in one `$batch`: one
    round trip, with the state before for the audit log. For writes that do not depend on what is read."""
    path = item_path(owner_id, interest_id)
    items = [BatchRequest("before", "GET", path), BatchRequest("write", method, path, body, depends_on=("before",))]
    if owner_id:
        items.append(BatchRequest("owner", "GET", f"users/{quote(owner_id, safe='')}?$select={OWNER_FIELDS}"))
    try:
        results = graph.batch(items)
    except GraphThrottled:
        raise  # Graph processed none of it
    except GraphError as error:
        if error.status is None or error.status >= 500:
            raise WriteOutcomeUnknown(error) from error
        raise
    before, write = results["before"], results["write"]
    # The owner's name is for the record only: an owner read that failed leaves it unnamed, not the write undone.
    owner = results["owner"].body if owner_id and results["owner"].ok else None
    if not before.ok:
        raise before.error()  # the write did not run (424)
    if not write.ok:
        raise WriteNotDone(write.error(), before=before.body, owner=owner)
    after = write.body
    if method == "PATCH" and after is None:
        after = graph.get(path)
    return Written(before=before.body, after=after, request_id=write.request_id, owner=owner)
