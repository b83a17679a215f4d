"""Searching the index: grouping, facets, exclusion, paging, suggestions and mentoring matches (on either database),
typo tolerance and index use on PostgreSQL."""

import uuid

import pytest
from django.db import connection

from interests_portal.graph.models import Interest
from interests_portal.org_index import search
from interests_portal.org_index.models import IndexedPerson
from interests_portal.org_index.sync import store_interests

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram and full text")


def person(name: str, department: str = "Platform") -> str:
    row = IndexedPerson.objects.create(
        id=uuid.uuid4(), display_name=name, name_folded=name.casefold(), department=department,
        user_principal_name=f"{name.split()[0].lower()}@example.com",
    )  # fmt: skip
    return str(row.pk)


def shares(person_id: str, *items: tuple[str, tuple[str, ...]], audience: str = "organization", categories=()) -> None:
    store_interests({
        person_id: [
            Interest(f"{person_id}-{n}", name, collaboration_tags=tags, audiences=(audience,), categories=categories)
            for n, (name, tags) in enumerate(items)
        ]
    })  # fmt: skip


@pytest.fixture
def people(db):
    ana, ben, cleo, dev = person("Ana Lima"), person("Ben Okafor", "Data"), person("Cleo Brandt"), person("Dev Rao")
    shares(ana, ("Kubernetes", ("ableToMentor",)), ("Python", ()), categories=("Cloud",))
    shares(ben, ("kubernetes!", ("wantsToLearn",)), ("Rust", ("ableToMentor",)), categories=("Cloud",))
    shares(cleo, ("K8s", ("askMeAbout",)))
    shares(dev, ("Kubernetes", ("ableToMentor",)), audience="me")  # never stored
    return {"ana": ana, "ben": ben, "cleo": cleo, "dev": dev}


def names(results: search.Results) -> list[str]:
    return [hit.person.display_name for hit in results.hits]


def test_results_are_people_with_their_matching_interests(people):
    found = search.find_people("kubernetes")
    assert sorted(names(found)) == ["Ana Lima", "Ben Okafor"]  # Dev's item is "Only me": not in the index
    assert found.total_people == 2
    ana = next(hit for hit in found.hits if hit.person.display_name == "Ana Lima")
    assert [i.display_name for i in ana.interests] == ["Kubernetes"]


def test_a_word_prefix_and_a_person_s_name_find_them(people):
    assert "Ana Lima" in names(search.find_people("kube"))
    by_name = search.find_people("okafor")
    assert names(by_name) == ["Ben Okafor"]
    assert {i.display_name for i in by_name.hits[0].interests} == {"kubernetes!", "Rust"}


def test_facets_count_people_over_the_whole_match(people):
    facets = search.find_people("kubernetes").facets
    assert {f.value: f.count for f in facets["tag"]} == {"ableToMentor": 1, "wantsToLearn": 1}
    assert {f.value: f.count for f in facets["department"]} == {"Platform": 1, "Data": 1}
    assert {f.value: f.count for f in facets["category"]} == {"Cloud": 2}


def test_filters_narrow_the_match(people):
    assert names(search.find_people("kubernetes", tag="ableToMentor")) == ["Ana Lima"]
    assert names(search.find_people("", department="Data")) == ["Ben Okafor"]
    assert sorted(names(search.find_people("", category="cloud"))) == ["Ana Lima", "Ben Okafor"]
    assert names(search.find_people("kubernetes", exclude_person_ids=[people["ana"]])) == ["Ben Okafor"]


def test_paging_is_by_person(people):
    first = search.find_people("", limit=2)
    second = search.find_people("", limit=2, offset=2)
    assert first.total_people == second.total_people == 3
    assert len(first.hits) == 2
    assert len(second.hits) == 1
    assert not set(names(first)) & set(names(second))


def test_suggestions_most_used_first_in_the_commonest_spelling(people):
    shares(person("Eve Stone"), ("Kubernetes", ()))
    suggested = search.suggest_names("kub")
    assert suggested[0] == search.NameSuggestion("Kubernetes", 3)  # Kubernetes, Kubernetes and "kubernetes!"
    assert search.suggest_names("k") == []  # one letter suggests nothing


def test_mentoring_matches_go_both_ways_and_never_to_oneself(people):
    mine = [
        Interest("m1", "kubernetes", collaboration_tags=("wantsToLearn",)),
        Interest("m2", "RUST", collaboration_tags=("ableToMentor",)),
    ]
    matches = search.matches_for(people["ben"], mine)
    assert [(m.person.display_name, m.mine) for m in matches.mentors] == [("Ana Lima", "kubernetes")]
    assert matches.learners == []  # Ben is the one who mentors Rust, and he is left out of his own matches
    ana_matches = search.matches_for(
        people["ana"], [Interest("m3", "Kubernetes", collaboration_tags=("ableToMentor",))]
    )
    assert [m.person.display_name for m in ana_matches.learners] == ["Ben Okafor"]


@postgresql_only
def test_typos_find_the_name_on_postgresql(people):
    assert "Ana Lima" in names(search.find_people("kubernets"))
    assert "Ana Lima" in names(search.find_people("pythn"))


def _plan(found, annotations) -> str:
    query = search.IndexedInterest.objects.annotate(**annotations).filter(found).order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a test's few rows would be read whole: ask what could serve it
        try:
            return query.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


@postgresql_only
def test_the_search_indexes_can_serve_both_kinds_of_search_on_postgresql(people):
    words = _plan(*search._text_match("kube"))
    assert "Bitmap Index Scan on org_index_interest_document" in words
    typos = _plan(*search._text_match("kubernets", typos=True))
    assert "Bitmap Index Scan on org_index_interest_name_trgm" in typos


@postgresql_only
def test_typos_are_looked_for_only_when_nothing_starts_like_it(people):
    shares(person("Tru Stee"), ("Trust building", ("ableToMentor",)))
    shares(person("Rus Tacean"), ("Rust", ("ableToMentor",)))
    assert "Tru Stee" not in names(search.find_people("rust"))  # "trust" is much like "rust": not wanted here
    assert "Tru Stee" in names(search.find_people("trst"))  # a letter left out: nothing starts so, typos then
