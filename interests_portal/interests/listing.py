"""Which of a person's interests My interests shows, and in what order: search, filters and sort as pure functions
of the list Graph returned, so the page, its htmx region and any later paging all arrange it the same way."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from django.utils.translation import pgettext_lazy

from ..graph.models import Interest
from ..portal.text import folded

# Search and sort appear once a person has more than a handful of interests: below that they only add clutter.
SEARCH_FROM = 7
# Short labels: the select shares a phone's width with another (German words are long).
SORTS = {
    "added": pgettext_lazy("sort", "Date added"),
    "name": pgettext_lazy("sort", "Name A–Z"),  # noqa: RUF001 (typography)
    "changed": pgettext_lazy("sort", "Recently changed"),
}
DEFAULT_SORT = "added"
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ListQuery:
    """What the person asked the list for: words to find, a tag, an audience, an order."""

    text: str = ""
    tag: str = ""
    audience: str = ""
    sort: str = DEFAULT_SORT

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(folded(self.text).split())

    def matches(self, interest: Interest) -> bool:
        """Every word found in the name, description or categories; the tag among its tags; the audience its own."""
        if self.tag and self.tag not in interest.collaboration_tags:
            return False
        if self.audience and interest.audience != self.audience:
            return False
        if not self.words:  # no search: nothing to fold (folding every interest was most of a long list's cost)
            return True
        haystack = folded(" ".join([interest.display_name, interest.description, *interest.categories]))
        return all(word in haystack for word in self.words)


@dataclass(frozen=True)
class Arranged:
    """The interests to show, in order. `kept` are shown although they don't match (the one just added: the person
    must see what they did); `matching` counts those that match, of `total`."""

    shown: list[Interest]
    total: int
    matching: int
    kept: frozenset[str] = field(default_factory=frozenset)
    removed: str = ""  # the id of the one just deleted, shown in its place as deleted


def _sort_key(sort: str) -> Callable[[Interest], Any]:
    if sort == "name":
        return lambda interest: (folded(interest.display_name), interest.display_name)
    if sort == "changed":  # newest first; never changed (imported without a date) last
        return lambda interest: _newest_first(interest.last_modified or interest.created)
    # The order added: Graph lists interests oldest first; items imported without a date came before any.
    return lambda interest: interest.created or _NEVER


def _newest_first(moment: datetime | None) -> tuple[bool, float]:
    return (moment is None, -(moment or _NEVER).timestamp())


def arrange(
    interests: Sequence[Interest], query: ListQuery, *, keep: Iterable[str] = (), removed: Interest | None = None
) -> Arranged:
    """The interests `query` asks for, in its order. Those whose ids are in `keep` are shown wherever the order puts
    them even when they don't match; `removed` (just deleted, as it was) takes the place it had, uncounted, for the
    page to say so there. Sorting is stable: interests alike keep Graph's order."""
    matching = {interest.id for interest in interests if query.matches(interest)}
    kept = frozenset(keep) & ({interest.id for interest in interests} - matching)
    shown = [interest for interest in interests if interest.id in matching or interest.id in kept]
    gone = removed is not None and all(interest.id != removed.id for interest in interests)
    if removed is not None and gone:
        shown.append(removed)
    shown.sort(key=_sort_key(query.sort if query.sort in SORTS else DEFAULT_SORT))
    removed_id = removed.id if removed is not None and gone else ""
    return Arranged(shown=shown, total=len(interests), matching=len(matching), kept=kept, removed=removed_id)


def same_name(interests: Iterable[Interest], name: str, *, other_than: str = "") -> Interest | None:
    """An interest (not `other_than`) whose name reads as `name` once case, accents and spaces are set aside."""
    wanted = folded(name)
    return next((i for i in interests if i.id != other_than and wanted and folded(i.display_name) == wanted), None)
