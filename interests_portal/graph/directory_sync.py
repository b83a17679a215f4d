"""The directory as the organisation index's sync reads it, with the application's own identity: every enabled
member (`/users`), what changed since a delta link (`/users/delta`), and users by id. Interests are read with
people.interests_of_people, as the team page reads them: batches of 20, several in flight, throttled items retried.
"""

import contextvars
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

from .client import MAX_BATCH, BatchRequest, GraphClient
from .errors import GraphNotFound
from .people import DIRECTORY_PAGE, Person

SELECT = "id,displayName,mail,userPrincipalName,department,jobTitle,accountEnabled,userType"
# Members only (no guests), and only accounts that can sign in: graph-contract.md, "Users".
MEMBERS = "accountEnabled eq true and userType eq 'Member'"


@dataclass(frozen=True)
class DirectoryUser:
    person: Person
    enabled: bool
    member: bool
    removed: bool = False  # the delta said @removed (deleted, or gone from what the application may see)

    @property
    def indexable(self) -> bool:
        return self.enabled and self.member and not self.removed

    @classmethod
    def from_graph(cls, data: dict) -> "DirectoryUser":
        return cls(
            person=Person.from_graph(data),
            enabled=data.get("accountEnabled") is not False,
            member=(data.get("userType") or "Member").lower() == "member",
            removed="@removed" in data,
        )


class OverBudget(Exception):
    """The run has made as many Graph requests as it may (ORG_INDEX_REQUEST_BUDGET)."""


class RequestBudget:
    """Counts a run's HTTP requests to Graph (a $batch is one; each retry is one) and stops it at `limit`: pass
    `take` as a GraphClient's `before_send`. Thread-safe: a run's batches are sent from several threads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def take(self) -> None:
        with self._lock:
            if self.used >= self.limit:
                raise OverBudget(f"the run's budget of {self.limit} Graph requests is spent")
            self.used += 1


@dataclass(frozen=True)
class DirectoryChanges:
    """One page of a delta round: the users it names (changed, disabled or removed), and on the round's last page
    the link that asks for the changes after it."""

    users: list[DirectoryUser]
    delta_link: str | None


def members(graph: GraphClient) -> Iterator[list[DirectoryUser]]:
    """Every enabled member of the directory, a page (up to 999) at a time."""
    page = graph.get("users", params={"$filter": MEMBERS, "$select": SELECT, "$top": DIRECTORY_PAGE})
    while True:
        yield [DirectoryUser.from_graph(item) for item in page.get("value", [])]
        next_link = page.get("@odata.nextLink")
        if not next_link:
            return
        page = graph.get(next_link)


def latest_delta_link(graph: GraphClient) -> str:
    """A delta link for "now", without reading anyone: what a full sync starts from, so that whatever changes while
    it runs is in the next incremental one."""
    return graph.get("users/delta", params={"$select": SELECT, "$deltatoken": "latest"})["@odata.deltaLink"]


def changes_since(graph: GraphClient, delta_link: str) -> Iterator[DirectoryChanges]:
    """The users changed since `delta_link`, page by page. Graph may name a changed user with only the properties
    that changed, so each changed (not removed) user is read again whole (users_by_id)."""
    page = graph.get(delta_link)
    while True:
        named = [DirectoryUser.from_graph(item) for item in page.get("value", [])]
        removed = [user for user in named if user.removed]
        current = users_by_id(graph, [user.person.id for user in named if not user.removed])
        users = removed + [
            current.get(user.person.id) or DirectoryUser(user.person, enabled=False, member=False, removed=True)
            for user in named
            if not user.removed
        ]
        next_link = page.get("@odata.nextLink")
        yield DirectoryChanges(users, None if next_link else page.get("@odata.deltaLink"))
        if not next_link:
            return
        page = graph.get(next_link)


def users_by_id(graph: GraphClient, ids: list[str]) -> dict[str, DirectoryUser]:
    """The users with these ids as Graph holds them now (one $batch per 20, several in flight); one Graph no longer
    has is left out. A failure of any item raises: the caller must not take a user it couldn't read as gone."""
    groups = [ids[start : start + MAX_BATCH] for start in range(0, len(ids), MAX_BATCH)]

    def load(group: list[str]) -> dict[str, DirectoryUser]:
        results = graph.batch(
            [
                BatchRequest(str(n), "GET", f"users/{quote(key, safe='')}?$select={SELECT}")
                for n, key in enumerate(group)
            ]
        )
        found = {}
        for n, key in enumerate(group):
            result = results[str(n)]
            if result.ok:
                found[key] = DirectoryUser.from_graph(result.body or {})
            elif not isinstance(result.error(), GraphNotFound):
                raise result.error()
        return found

    if not groups:
        return {}
    workers = min(settings.GRAPH_BATCH_CONCURRENCY, len(groups))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="graph-users") as pool:
        futures = [pool.submit(contextvars.copy_context().run, load, group) for group in groups]
        return {key: user for future in futures for key, user in future.result().items()}
