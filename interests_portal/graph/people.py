"""People through Graph: direct reports, search, one user, and many people's interests in concurrent batches."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings

from .client import MAX_BATCH, BatchRequest, GraphClient
from .errors import GraphError, GraphThrottled, GraphUnavailable
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

    @classmethod
    def from_graph(cls, data: dict) -> "Person":
        def text(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        return cls(str(data.get("id", "")), text("displayName"), text("jobTitle"), text("department"),
                   text("userPrincipalName"))  # fmt: skip


@dataclass
class PersonInterests:
    """One person's interests, or why they couldn't be loaded (`error`)."""

    person: Person
    interests: list[Interest] = field(default_factory=list)
    error: GraphError | None = None


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


def _load_batch(graph: GraphClient, people: list[Person]) -> list[PersonInterests]:
    """One $batch for up to 20 people; throttled items are asked again after their Retry-After."""
    pending = {str(index): person for index, person in enumerate(people)}
    loaded: dict[str, PersonInterests] = {}
    waited = 0.0
    while pending:
        try:
            results = graph.batch([BatchRequest(key, "GET", _interests_url(p)) for key, p in pending.items()])
        except GraphError as error:  # the whole batch failed after the client's own retries
            loaded |= {key: PersonInterests(person, error=error) for key, person in pending.items()}
            break
        retry: dict[str, Person] = {}
        delays = []
        for key, person in pending.items():
            result = results[key]
            if result.ok:
                body = result.body or {}
                items = list(body.get("value", []))
                if body.get("@odata.nextLink"):  # more than a page: rare, follow it outside the batch
                    items += list(graph.get_all(body["@odata.nextLink"]))
                loaded[key] = PersonInterests(person, [Interest.from_graph(i) for i in items])
                continue
            error = result.error()
            if result.status == 404 and "'profile'" in error.message:
                loaded[key] = PersonInterests(person)  # no profile: no interests
            elif isinstance(error, GraphThrottled | GraphUnavailable) and result.status in (429, 503):
                retry[key] = person
                delays.append(result.retry_after if result.retry_after is not None else 1.0)
            else:
                loaded[key] = PersonInterests(person, error=error if isinstance(error, GraphError) else None)
        delay = max(delays, default=0.0)
        if retry and waited + delay > settings.GRAPH_MAX_RETRY_WAIT:
            loaded |= {key: PersonInterests(person, error=GraphThrottled("Still throttled."))
                       for key, person in retry.items()}  # fmt: skip
            break
        if retry:
            graph.pause(delay)
            waited += delay
        pending = retry
    return [loaded[str(index)] for index in range(len(people))]


def interests_of_people(graph: GraphClient, people: list[Person]) -> list[PersonInterests]:
    """Everyone's interests: batches of 20 sent concurrently, so the time grows by one round trip per
    CONCURRENT_BATCHES x 20 people, not per person."""
    groups = [people[start : start + MAX_BATCH] for start in range(0, len(people), MAX_BATCH)]
    if len(groups) <= 1:
        return _load_batch(graph, groups[0]) if groups else []
    with ThreadPoolExecutor(max_workers=min(CONCURRENT_BATCHES, len(groups))) as pool:
        return [loaded for group in pool.map(lambda g: _load_batch(graph, g), groups) for loaded in group]


def person_interests(graph: GraphClient, *, person: Person) -> PersonInterests:
    try:
        return PersonInterests(person, [Interest.from_graph(i) for i in graph.get_all(_interests_url(person))])
    except GraphError as error:
        if error.status == 404 and "'profile'" in error.message:
            return PersonInterests(person)
        return PersonInterests(person, error=error)
