"""People through Graph: direct reports, search, one user, and many people's interests in concurrent batches."""

import contextvars
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from .client import MAX_BATCH, BatchRequest, BatchResult, GraphClient
from .errors import GraphError, GraphNotFound, GraphProblem
from .interests import PAGE_SIZE
from .models import Interest

USER_FIELDS = "id,displayName,jobTitle,department,userPrincipalName,mail"
# How many $batch requests a page sends at once (each holds up to 20 people).
CONCURRENT_BATCHES = 10


@dataclass(frozen=True)
class Person:
    id: str
    display_name: str
    job_title: str = ""
    department: str = ""
    user_principal_name: str = ""
    mail: str = ""

    @property
    def teams_chat_url(self) -> str:
        """Teams' documented deep link to a one-to-one chat, by sign-in name; opens the app or Teams on the web."""
        if not self.user_principal_name:
            return ""
        return "https://teams.microsoft.com/l/chat/0/0?" + urlencode({"users": self.user_principal_name})

    @classmethod
    def from_graph(cls, data: dict) -> "Person":
        def text(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        return cls(str(data.get("id", "")), text("displayName"), text("jobTitle"), text("department"),
                   text("userPrincipalName"), text("mail"))  # fmt: skip


@dataclass
class PersonInterests:
    """One person's interests, or why they couldn't be loaded (`error`)."""

    person: Person
    interests: list[Interest] = field(default_factory=list)
    error: GraphProblem | None = None


def direct_reports(graph: GraphClient) -> list[Person]:
    """The signed-in user's direct reports that are users (organisational contacts have no profile)."""
    # Directory listings serve up to 999 per page: one request for almost any team.
    members = graph.get_all("me/directReports", params={"$select": USER_FIELDS, "$top": 999})
    return [
        Person.from_graph(m)
        for m in members
        if m.get("@odata.type", "#microsoft.graph.user") == "#microsoft.graph.user"
    ]


def people_search(graph: GraphClient, *, text: str, limit: int = 25) -> list[Person]:
    quoted = text.replace("'", "''")
    params = {
        "$filter": f"startswith(displayName,'{quoted}') or startswith(userPrincipalName,'{quoted}')",
        "$select": USER_FIELDS,
        "$top": limit,
    }
    return [Person.from_graph(user) for user in graph.get("users", params=params).get("value", [])]


def person_get(graph: GraphClient, *, user_id: str) -> Person:
    return Person.from_graph(graph.get(f"users/{quote(user_id, safe='')}", params={"$select": USER_FIELDS}))


def _interests_url(person: Person) -> str:
    return f"users/{quote(person.id, safe='')}/profile/interests?$top={PAGE_SIZE}"


def _loaded(graph: GraphClient, person: Person, result: BatchResult) -> PersonInterests:
    """One person's entry from their item of a batch (answered as finally as the retry policy allows)."""
    if not result.ok:
        error = result.error()
        if isinstance(error, GraphNotFound) and error.profile_missing:
            return PersonInterests(person)  # no profile: no interests
        return PersonInterests(person, error=error)
    body = result.body or {}
    items = list(body.get("value", []))
    try:
        if body.get("@odata.nextLink"):  # more than a page: rare, follow it outside the batch
            items += list(graph.get_all(body["@odata.nextLink"]))
    except GraphError as error:
        return PersonInterests(person, error=error)
    return PersonInterests(person, [Interest.from_graph(i) for i in items])


def _load_batch(graph: GraphClient, people: list[Person]) -> list[PersonInterests]:
    """Up to 20 people's interests in one $batch. Whatever fails, for the batch or for one person (an item's 401
    included: it means the token cannot read that person), is that person's `error`, never an empty list."""
    try:
        results = graph.batch([BatchRequest(str(index), "GET", _interests_url(p)) for index, p in enumerate(people)])
    except GraphError as error:  # the whole batch failed after the retry policy (an expired sign-in propagates)
        return [PersonInterests(person, error=error) for person in people]
    return [_loaded(graph, person, results[str(index)]) for index, person in enumerate(people)]


def interests_of_people(graph: GraphClient, people: list[Person]) -> list[PersonInterests]:
    """Everyone's interests: batches of 20 sent concurrently, so the time grows by one round trip per
    CONCURRENT_BATCHES x 20 people, not per person."""
    groups = [people[start : start + MAX_BATCH] for start in range(0, len(people), MAX_BATCH)]
    if len(groups) <= 1:
        return _load_batch(graph, groups[0]) if groups else []
    with ThreadPoolExecutor(max_workers=min(CONCURRENT_BATCHES, len(groups))) as pool:
        # Each batch runs in a copy of this thread's context, so its log lines carry the request id and the user.
        futures = [pool.submit(contextvars.copy_context().run, _load_batch, graph, group) for group in groups]
        return [loaded for future in futures for loaded in future.result()]


def person_interests(graph: GraphClient, *, person: Person) -> PersonInterests:
    try:
        return PersonInterests(person, [Interest.from_graph(i) for i in graph.get_all(_interests_url(person))])
    except GraphNotFound as error:
        return PersonInterests(person) if error.profile_missing else PersonInterests(person, error=error)
    except GraphError as error:
        return PersonInterests(person, error=error)
