"""What Find people and Mentors for me show is confirmed with Graph first (docs/org-index.md, "Read-time check").

The index may be minutes behind: someone may have narrowed an interest in Outlook since the last sync. Before a
page shows anyone, their interests are read again, in one $batch, with the viewer's own sign-in, so Graph itself
decides what this viewer may see. What Graph no longer returns, or no longer shares with colleagues, is dropped from
the page and from the index. When the check can't be made, nothing unconfirmed is shown: the error is raised.
"""

from dataclasses import replace

from ..graph.client import GraphClient
from ..graph.people import Person, interests_of_people
from . import sync
from .models import IndexedInterest, IndexedPerson
from .search import Match, PersonHit


def _person(row: IndexedPerson) -> Person:
    return Person(str(row.pk), row.display_name, row.job_title, row.department, row.user_principal_name, row.mail)


def current_interests(graph: GraphClient, people: list[IndexedPerson]) -> dict[str, dict[str, IndexedInterest]]:
    """Each person's shared interests as Graph shows them to the viewer now (id → interest), the index corrected to
    match. Raises the first Graph error: a person who couldn't be read can't be shown."""
    loaded = interests_of_people(graph, [_person(row) for row in people])
    for entry in loaded:
        if entry.error is not None:
            raise entry.error
    read = {entry.person.id: entry.interests for entry in loaded}
    sync.store_interests(read)
    return {
        person_id: {i.id: sync.indexed_row(person_id, i) for i in interests if sync.shared(i)}
        for person_id, interests in read.items()
    }


def confirmed(graph: GraphClient, hits: list[PersonHit]) -> list[PersonHit]:
    """The hits with only what Graph confirms, as Graph holds it now; people left with nothing are dropped."""
    if not hits:
        return []
    current = current_interests(graph, [hit.person for hit in hits])
    kept = []
    for hit in hits:
        now = current.get(str(hit.person.pk), {})
        interests = [now[interest.id] for interest in hit.interests if interest.id in now]
        if interests:
            kept.append(replace(hit, interests=interests))
    return kept


def confirmed_matches(graph: GraphClient, matches: list[Match]) -> list[Match]:
    """Mentoring matches, each kept only if Graph still shows that interest, with that signal, to the viewer."""
    if not matches:
        return []
    people = list({match.person.pk: match.person for match in matches}.values())
    current = current_interests(graph, people)
    kept = []
    for match in matches:
        now = current.get(str(match.person.pk), {}).get(match.interest.id)
        if now is not None and _same_signal(match.interest, now):
            kept.append(replace(match, interest=now))
    return kept


def _same_signal(indexed: IndexedInterest, now: IndexedInterest) -> bool:
    """The match still stands: the same name, and the tag it was matched on still set."""
    if now.normalised_name != indexed.normalised_name:
        return False
    if indexed.able_to_mentor and not now.able_to_mentor:
        return False
    learning = indexed.wants_to_learn or indexed.wants_to_improve
    return not learning or now.wants_to_learn or now.wants_to_improve
