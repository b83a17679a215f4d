"""What My interests shows and in what order (interests/listing.py): pure functions of the list Graph returned."""

from datetime import UTC, datetime

import pytest

from interests_portal.graph.models import Interest
from interests_portal.interests.listing import ListQuery, arrange, same_name


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 9, 0, tzinfo=UTC)


def interest(key: str, name: str, *, created: int | None = 1, changed: int | None = None, **fields) -> Interest:
    return Interest(
        id=key,
        display_name=name,
        created=at(created) if created else None,
        last_modified=at(changed) if changed else (at(created) if created else None),
        **fields,
    )


GRAPH_ORDER = [
    interest("legacy", "Antiques", created=None),  # imported from the profile store: no dates
    interest("zeg", "Żeglarstwo na Mazurach", created=2, changed=20, categories=("Personal",)),
    interest("cafe", "Café culture", created=3, changed=5, description="Flat whites and  LONG  chats"),
    interest("ang", "Ångström units", created=4, changed=4, collaboration_tags=("ableToMentor",)),
    interest("bach", "bach cantatas", created=5, changed=30, audiences=("me",)),
]


def test_a_search_finds_every_word_anywhere_in_name_description_and_categories():
    def found(text: str) -> list[str]:
        return [i.id for i in arrange(GRAPH_ORDER, ListQuery(text=text)).shown]

    assert found("CAFE") == ["cafe"]
    assert found("long chats") == ["cafe"]  # in the description, the spaces between words aside
    assert found("chats café") == ["cafe"]  # every word, in any order
    assert found("personal") == ["zeg"]  # a category
    assert found("zeglarstwo mazur") == ["zeg"]  # part of a word, without its accents
    assert found("angstrom") == ["ang"]
    assert found("cafe angstrom") == []  # no interest holds both
    assert found("   ") == [i.id for i in GRAPH_ORDER]  # nothing asked: everything


def test_a_tag_and_an_audience_narrow_the_list_and_are_counted():
    mentors = arrange(GRAPH_ORDER, ListQuery(tag="ableToMentor"))
    assert ([i.id for i in mentors.shown], mentors.matching, mentors.total) == (["ang"], 1, 5)
    private = arrange(GRAPH_ORDER, ListQuery(audience="me", text="bach"))
    assert [i.id for i in private.shown] == ["bach"]
    assert arrange(GRAPH_ORDER, ListQuery(audience="me", text="cafe")).shown == []


def test_the_orders_added_by_name_and_last_changed():
    def order(sort: str) -> list[str]:
        return [i.id for i in arrange(list(reversed(GRAPH_ORDER)), ListQuery(sort=sort)).shown]

    # Added: oldest first; imported items, which have no date, came before any.
    assert order("added") == ["legacy", "zeg", "cafe", "ang", "bach"]
    # Name: A to Z with case and accents set aside (Ångström among the As, Żeglarstwo among the Zs).
    assert order("name") == ["ang", "legacy", "bach", "cafe", "zeg"]
    # Last changed: newest first; never changed last.
    assert order("changed") == ["bach", "zeg", "cafe", "ang", "legacy"]
    assert order("sideways") == order("added")  # an order the portal doesn't know: the default


def test_interests_alike_keep_graphs_order():
    twins = [interest("b", "Go"), interest("a", "go"), interest("c", "GO")]
    assert [i.id for i in arrange(twins, ListQuery(sort="added")).shown] == ["b", "a", "c"]
    assert [i.id for i in arrange(twins, ListQuery(sort="name")).shown] == ["c", "b", "a"]  # "GO" < "Go" < "go"


def test_the_one_just_added_is_shown_though_the_search_leaves_it_out_and_is_not_counted_as_a_match():
    arranged = arrange(GRAPH_ORDER, ListQuery(text="cafe"), keep=["bach", "no-such-id"])
    assert [i.id for i in arranged.shown] == ["cafe", "bach"]
    assert arranged.kept == frozenset({"bach"})
    assert (arranged.matching, arranged.total) == (1, 5)
    # One that matches anyway is simply shown.
    assert arrange(GRAPH_ORDER, ListQuery(text="cafe"), keep=["cafe"]).kept == frozenset()


@pytest.mark.parametrize(
    ("sort", "before", "after"),
    [("added", "zeg", "ang"), ("name", "bach", "zeg"), ("changed", "zeg", "ang")],
)
def test_an_interest_just_deleted_takes_the_place_it_had_uncounted(sort, before, after):
    gone = GRAPH_ORDER[2]  # Café culture
    rest = [i for i in GRAPH_ORDER if i.id != gone.id]
    arranged = arrange(rest, ListQuery(sort=sort), removed=gone)
    ids = [interest.id for interest in arranged.shown]
    assert ids[ids.index("cafe") - 1] == before
    assert ids[ids.index("cafe") + 1] == after
    assert (arranged.removed, arranged.total, arranged.matching) == ("cafe", 4, 4)
    # Graph still lists it (another tab put it back, say): it is a row, not a deleted one.
    assert arrange(GRAPH_ORDER, ListQuery(sort=sort), removed=gone).removed == ""


def test_a_name_already_used_is_found_whatever_its_case_accents_and_spacing():
    assert same_name(GRAPH_ORDER, "  CAFE   culture ").id == "cafe"
    assert same_name(GRAPH_ORDER, "zeglarstwo na mazurach").id == "zeg"
    assert same_name(GRAPH_ORDER, "Café culture", other_than="cafe") is None  # its own name, when renaming
    assert same_name(GRAPH_ORDER, "Café cultures") is None
    assert same_name([interest("x", "")], "  ") is None
