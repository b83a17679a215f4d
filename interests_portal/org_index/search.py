"""Searching the organisation index: Find people (grouped by person, with facets), name suggestions, and mentoring
matches. One function each, whatever the database: on PostgreSQL full-text search and trigram similarity (typo
tolerant: "kubernets" finds Kubernetes) through django.contrib.postgres; on SQLite, the local default, word-prefix
matching on normalised names.

Everything here reads only the index, which holds only interests shared with the organisation; the pages confirm
what they show with Graph (read_check.py) before showing it.
"""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, FloatField, IntegerField, Max, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from ..graph.models import TAGS as TAG_LABELS
from ..portal.text import folded
from .models import IndexedInterest, IndexedPerson
from .names import normalised_name

TAGS = ("ableToMentor", "wantsToLearn", "wantsToImprove", "askMeAbout")
TAG_FIELDS = {
    "ableToMentor": "able_to_mentor",
    "wantsToLearn": "wants_to_learn",
    "wantsToImprove": "wants_to_improve",
    "askMeAbout": "ask_me_about",
}
FACET_LIMIT = 12
# Typo tolerance from this many letters, when nothing starts like what was typed: two letters ("go") are similar to
# half the words there are, and a trigram index can't narrow them down.
TYPO_FROM = 4
NAMED = 200  # the most people a name's letters find (a name search wants a few; "a" would find everyone)
CATEGORIES_CACHE_SECONDS = 600


@dataclass(frozen=True)
class PersonHit:
    person: IndexedPerson
    interests: list[IndexedInterest]  # the matching ones first


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Results:
    hits: list[PersonHit]
    total_people: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)  # "tag", "department", "category"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_match(text: str, *, typos: bool = False) -> tuple[Q, dict]:
    """Which interests `text` finds, and the annotations that rank them: every word typed starts a word of the name
    (or, on PostgreSQL, of the description); with `typos` (PostgreSQL only), names much like it instead."""
    key = normalised_name(text)
    words = key.split()
    if not words:
        return Q(), {}
    if _postgres():
        # Only what the filter uses is annotated: Django selects (and groups by) every annotation.
        annotations: dict = {}
        if typos:
            found = Q(normalised_name__trigram_word_similar=key)
        else:
            found = Q(normalised_name__startswith=key)
            prefix = " & ".join(f"{word}:*" for word in words if word.isalnum())
            if prefix:
                annotations["document"] = SearchVector("normalised_name", "description", config="simple")
                found |= Q(document=SearchQuery(prefix, config="simple", search_type="raw"))
        annotations["rank"] = Case(
            When(normalised_name=key, then=Value(2.0)),
            default=TrigramWordSimilarity(key, "normalised_name"),
            output_field=FloatField(),
        )
        return found, annotations
    # SQLite: every word typed starts a word of the name.
    found = Q()
    for word in words:
        found &= Q(normalised_name__startswith=word) | Q(normalised_name__contains=f" {word}")
    rank = Case(When(normalised_name=key, then=Value(2)), default=Value(1), output_field=IntegerField())
    return found, {"rank": rank}


def _filtered(
    interests: QuerySet[IndexedInterest], *, tag: str, department: str, category: str
) -> QuerySet[IndexedInterest]:
    if tag in TAG_FIELDS:
        interests = interests.filter(**{TAG_FIELDS[tag]: True})
    if department:
        interests = interests.filter(person__department=department)
    if category:
        interests = interests.filter(category_keys__contains=f"\n{normalised_name(category)}\n")
    return interests


def find_people(
    text: str,
    *,
    tag: str = "",
    department: str = "",
    category: str = "",
    exclude_person_ids: Collection[str] = (),
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """People whose shared interests match `text` (or whose name does) and the filters, the best match first,
    `limit` people from `offset`; each with their matching interests, and facet counts over the whole match."""
    interests = IndexedInterest.objects.exclude(person_id__in=list(exclude_person_ids))
    interests = _filtered(interests, tag=tag, department=department, category=category)
    found, annotations = _text_match(text)
    if folded(text):
        # People found by their own name show whatever they share (within the filters). Their ids first, from the
        # trigram index on names: as a subquery inside the OR, it would make PostgreSQL read every interest.
        named = IndexedPerson.objects.filter(name_folded__contains=folded(text))
        ids = list(named.values_list("pk", flat=True)[:NAMED])
        found |= Q(person_id__in=ids) if ids else Q()
    results = _results(interests.annotate(**annotations).filter(found) if annotations else interests, limit, offset)
    if not results.total_people and _postgres() and len(normalised_name(text)) >= TYPO_FROM:
        # Nothing and no one starts like that: a typo, perhaps ("kubernets"). Names much like it, then (and only
        # then: "rust" must not bring "trust" in with it). Found empty by the full query, not by exists(): with
        # LIMIT 1 PostgreSQL reads the whole table looking for a first row that isn't there.
        found, annotations = _text_match(text, typos=True)
        results = _results(interests.annotate(**annotations).filter(found), limit, offset)
    return results


def _results(matching: QuerySet[IndexedInterest], limit: int, offset: int) -> Results:
    ranked_by_text = "rank" in matching.query.annotations
    ranked = (
        matching.values("person_id")
        .annotate(best=Max("rank") if ranked_by_text else Max("indexed_at"))
        .order_by("-best", "person_id")  # by id among equals: no join to people to sort thousands of matches
    )
    page = [row["person_id"] for row in ranked[offset : offset + limit]]
    people = IndexedPerson.objects.in_bulk(page)
    shown = _interests_of(matching, page, ranked=ranked_by_text)
    hits = [PersonHit(people[person_id], shown.get(person_id, [])) for person_id in page]
    total, facets = _facets(matching)
    return Results(hits=hits, total_people=total, facets=facets)


def _interests_of(matching: QuerySet, person_ids: list, *, ranked: bool) -> dict:
    order = ["-rank", "normalised_name"] if ranked else ["normalised_name"]
    shown: dict = {}
    for interest in matching.filter(person_id__in=person_ids).order_by(*order, "id"):
        shown.setdefault(interest.person_id, []).append(interest)
    return shown


def _facets(matching: QuerySet[IndexedInterest]) -> tuple[int, dict[str, list[Facet]]]:
    """How many people match, and how many each filter value would leave, over the whole match: its rows read once
    (a few columns each) and counted here, the people counted once each however many of their interests match.
    (One pass instead of an aggregate query per kind of facet: on PostgreSQL each re-read the match.)"""
    rows = matching.order_by().values_list(
        "person_id", "person__department", "category_keys", *(TAG_FIELDS[tag] for tag in TAGS)
    )
    people: set = set()
    by_tag: dict[str, set] = {tag: set() for tag in TAGS}
    by_department: dict[str, set] = {}
    by_category: dict[str, set] = {}
    for person_id, department, category_keys, *flags in rows:
        people.add(person_id)
        for tag, on in zip(TAGS, flags, strict=True):
            if on:
                by_tag[tag].add(person_id)
        if department:
            by_department.setdefault(department, set()).add(person_id)
        for key in category_keys.split("\n"):
            if key:
                by_category.setdefault(key, set()).add(person_id)
    labels = dict(known_categories())
    return len(people), {
        "tag": [Facet(tag, str(TAG_LABELS[tag]), len(by_tag[tag])) for tag in TAGS if by_tag[tag]],
        "department": _top(by_department, labels={}),
        "category": _top(by_category, labels=labels),
    }


def _top(counted: dict[str, set], *, labels: dict[str, str]) -> list[Facet]:
    ranked = sorted(((len(people), value) for value, people in counted.items()), key=lambda pair: (-pair[0], pair[1]))
    return [Facet(labels.get(value, value), labels.get(value, value), count) for count, value in ranked[:FACET_LIMIT]]


def known_categories() -> list[tuple[str, str]]:
    """(normalised, as most often written) of every category in the index, most used first; cached for a few
    minutes (the sync changes them slowly, and this reads every distinct combination)."""
    cached = cache.get("org_index:categories")
    if cached is not None:
        return cached
    counted: dict[str, dict[str, int]] = {}
    rows = IndexedInterest.objects.values_list("categories").annotate(n=Count("id")).order_by()
    for categories, n in rows:
        for category in categories or []:
            if isinstance(category, str) and category.strip():
                spellings = counted.setdefault(normalised_name(category), {})
                spellings[category] = spellings.get(category, 0) + n
    known = sorted(
        ((key, max(spellings, key=lambda s: (spellings[s], s))) for key, spellings in counted.items() if key),
        key=lambda pair: -sum(counted[pair[0]].values()),
    )
    cache.set("org_index:categories", known, CATEGORIES_CACHE_SECONDS)
    return known


# --- Suggestions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameSuggestion:
    display_name: str
    people: int


def suggest_names(prefix: str, *, limit: int = 8) -> list[NameSuggestion]:
    """Interest names in the organisation that start like `prefix` (a word of them does), most people first, each
    as most people write it: so "kub" offers "Kubernetes", and K8s, kubernetes and Kubernetes converge."""
    key = normalised_name(prefix)
    if len(key) < 2:
        return []
    starts = Q(normalised_name__startswith=key) | Q(normalised_name__contains=f" {key}")
    names = list(
        IndexedInterest.objects.filter(starts)
        .values("normalised_name")
        .annotate(people=Count("person", distinct=True))
        .order_by("-people", "normalised_name")[:limit]
    )
    spellings = (
        IndexedInterest.objects.filter(normalised_name__in=[row["normalised_name"] for row in names])
        .values("normalised_name", "display_name")
        .annotate(n=Count("id"))
        .order_by("normalised_name", "-n", "display_name")
    )
    commonest: dict[str, str] = {}
    for row in spellings:
        commonest.setdefault(row["normalised_name"], row["display_name"])
    return [NameSuggestion(commonest[row["normalised_name"]], row["people"]) for row in names]


# --- Mentoring matches ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    person: IndexedPerson
    interest: IndexedInterest
    mine: str  # the signed-in person's interest it answers, as they wrote it


@dataclass(frozen=True)
class Matches:
    mentors: list[Match]  # who can mentor what I want to learn or improve
    learners: list[Match]  # who wants to learn or improve what I can mentor


MENTORING = Q(able_to_mentor=True)
LEARNING = Q(wants_to_learn=True) | Q(wants_to_improve=True)


def matches_for(
    person_id: str, my_interests: list, *, exclude_person_ids: Collection[str] = (), limit: int = 50
) -> Matches:
    """For the signed-in person (`my_interests`: their own, as Graph just listed them), people across the index who
    can mentor what they want to learn or improve, and people who want to learn what they can mentor; never
    themselves. Matched on normalised names, so "kubernetes" meets "Kubernetes"."""
    wanted = {normalised_name(i.display_name): i.display_name for i in my_interests if _learning(i)}
    offered = {
        normalised_name(i.display_name): i.display_name for i in my_interests if "ableToMentor" in i.collaboration_tags
    }
    excluded = [person_id, *exclude_person_ids]
    return Matches(
        mentors=_matched(wanted, MENTORING, excluded, limit),
        learners=_matched(offered, LEARNING, excluded, limit),
    )


def _learning(interest) -> bool:
    return bool({"wantsToLearn", "wantsToImprove"} & set(interest.collaboration_tags))


def _matched(mine: dict[str, str], signal: Q, excluded: list[str], limit: int) -> list[Match]:
    if not mine:
        return []
    found = (
        IndexedInterest.objects.filter(signal, normalised_name__in=list(mine))
        .exclude(person_id__in=excluded)
        .select_related("person")
        .order_by("normalised_name", "person__name_folded", "id")[:limit]
    )
    return [Match(interest.person, interest, mine[interest.normalised_name]) for interest in found]


LABELS = {"tag": _("How they collaborate"), "department": _("Department"), "category": _("Category")}
