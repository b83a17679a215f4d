"""People through Graph: direct reports, search, one user, and many people's interests in concurrent batches."""

import contextvars
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.conf import settings

from .client import MAX_BATCH, BatchRequest, BatchResult, GraphClient, RetryBudget
from .errors import GraphError, GraphNotFound, GraphProblem
from .interests import PAGE_SIZE
from .models import Interest

USER_FIELDS = "id,displayName,jobTitle,department,userPrincipalName,mail"
# Seconds to wait for an answer that only decides what the navigation shows.
NICE_TO_KNOW_TIMEOUT = 3.0
# The largest page of directory objects Graph serves ($top 1 to 999; paging.md): one request for almost any team.
DIRECTORY_PAGE = 999


def teams_chat_url(user_principal_name: str) -> str:
    """Teams' documented deep link to a one-to-one chat, by sign-in name; opens the app or Teams on the web."""
    if not user_principal_name:
        return ""
    return "https://teams.microsoft.com/l/chat/0/0?" + urlencode({"users": user_principal_name})


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
        return teams_chat_url(self.user_principal_name)

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


@dataclass(frozen=True)
class DirectReports:
    """Who reports to the signed-in user: users, and organisational contacts (people such as contractors who are in
    the directory without a Microsoft 365 account, so without a profile or interests)."""

    users: list[Person]
    contacts: list[Person]


def direct_reports_and_contacts(graph: GraphClient) -> DirectReports:
    # One request for almost any team; a larger one follows the nextLink verbatim (GraphClient.get_all).
    members = graph.get_all("me/directReports", params={"$select": USER_FIELDS, "$top": DIRECTORY_PAGE})
    users, contacts = [], []
    for member in members:
        kind = member.get("@odata.type", "#microsoft.graph.user")
        if kind == "#microsoft.graph.user":
            users.append(Person.from_graph(member))
        elif kind == "#microsoft.graph.orgContact":
            contacts.append(Person.from_graph(member))
    return DirectReports(users, contacts)


def direct_reports(graph: GraphClient) -> list[Person]:
    """The signed-in user's direct reports that are users (organisational contacts have no profile)."""
    return direct_reports_and_contacts(graph).users


def has_direct_reports(graph: GraphClient) -> bool:
    """Whether anyone (a user or a contact) reports to the signed-in user: the first of them, by id alone. Asked at
    sign-in for the navigation only, so it is sent once with a short timeout: it must not hold up signing in."""
    params = {"$top": 1, "$select": "id"}
    answer = graph.request("GET", "me/directReports", params=params, budget=RetryBudget.one_attempt(),
                           read_timeout=NICE_TO_KNOW_TIMEOUT)  # fmt: skip
    return bool(answer.body.get("value"))


# What people search looks in: the name word by word (Graph tokenises displayName), the addresses from their start.
SEARCHED_PROPERTIES = ("displayName", "mail", "userPrincipalName")
SEARCH_LIMIT = 25


@dataclass(frozen=True)
class PeopleFound:
    """The first `limit` people a search found, and how many it found in all (`total`: None when Graph did not say,
    then `more` says whether there were others)."""

    people: list[Person]
    total: int | None
    more: bool

    @property
    def cut(self) -> bool:
        """Whether some of those found are not in `people`: the search should be refined to see them."""
        return self.more or (self.total is not None and self.total > len(self.people))


def search_clause(prop: str, text: str) -> str:
    """One `$search` clause: inside its double quotes, `"` and `\\` are escaped with a backslash
    (search-query-parameter.md); requests percent-encodes the rest."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{prop}:{escaped}"'


def people_search(graph: GraphClient, *, text: str, limit: int = SEARCH_LIMIT) -> PeopleFound:
    """Users with a word of their name starting with each word of `text` ("oka" and "Okafor" find "Ada Okafor"), or
    whose email address or sign-in name starts with it: Graph's `$search`, an advanced directory query (it needs
    `ConsistencyLevel: eventual`, which also makes `$count=true` give `@odata.count`)."""
    params = {
        "$search": " OR ".join(search_clause(prop, text) for prop in SEARCHED_PROPERTIES),
        "$select": USER_FIELDS,
        "$orderby": "displayName",
        "$count": "true",
        "$top": limit,
    }
    page = graph.get("users", params=params, headers={"ConsistencyLevel": "eventual"})
    people = [Person.from_graph(user) for user in page.get("value", [])][:limit]
    count = page.get("@odata.count")
    total = count if isinstance(count, int) and not isinstance(count, bool) and count >= len(people) else None
    return PeopleFound(people, total, more=bool(page.get("@odata.nextLink")) or len(page.get("value", [])) > limit)


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
    """Everyone's interests: batches of 20, up to GRAPH_BATCH_CONCURRENCY of them in flight at once (the rest wait
    for a free slot), so the time grows by one round trip per GRAPH_BATCH_CONCURRENCY x 20 people, not per person.
    At the default of 50, a team of up to 1,000 is one wave in which no batch waits behind another."""
    groups = [people[start : start + MAX_BATCH] for start in range(0, len(people), MAX_BATCH)]
    if len(groups) <= 1:
        return _load_batch(graph, groups[0]) if groups else []
    workers = min(settings.GRAPH_BATCH_CONCURRENCY, len(groups))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="graph-batch") as pool:
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
