"""Team views' logic: normalised names, mentoring matches, filters, visibility, CSV neutralisation."""

import pytest

from interests_portal.csv_export import safe_cell
from interests_portal.graph.models import Interest
from interests_portal.graph.people import Person, PersonInterests
from interests_portal.review.team import TeamFilter, interest_groups, mentoring_matches, normalised, visible_only

ADA, LUKASZ, ZOE = Person("a", "Ada Okafor"), Person("l", "Łukasz Wróbel"), Person("z", "Zoë Ångström")


def interest(name: str, *tags: str, audience: str = "organization", categories=(), description="") -> Interest:
    return Interest(id=name, display_name=name, collaboration_tags=tags, audiences=(audience,),
                    categories=tuple(categories), description=description)  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kubernetes", "kubernetes "),
        ("Machine-learning", "machine  learning"),
        ("C.S. Lewis", "c s lewis"),
        ("\uff2b\uff35\uff22\uff25\uff32\uff2e\uff25\uff34\uff25\uff33", "kubernetes"),  # fullwidth letters
        ("Straße", "STRASSE"),
        ("Zoë's dance!", "zoë s dance"),
    ],
)
def test_names_match_once_normalised(a, b):
    assert normalised(a) == normalised(b)


def test_different_names_stay_different():
    assert normalised("Java") != normalised("JavaScript")


def test_mentoring_matches_pair_mentors_with_learners_and_explain_themselves():
    team = [
        PersonInterests(ADA, [interest("Kubernetes", "ableToMentor"), interest("Chess", "wantsToImprove")]),
        PersonInterests(LUKASZ, [interest("kubernetes ", "wantsToLearn"), interest("Chess", "ableToMentor")]),
        PersonInterests(ZOE, [interest("Kubernetes", "askMeAbout")]),
    ]
    matches = {m.interest: m for m in mentoring_matches(interest_groups(team))}
    assert set(matches) == {"Kubernetes", "Chess"}
    kubernetes = matches["Kubernetes"]
    assert ([h.person.id for h in kubernetes.mentors], [h.person.id for h in kubernetes.learners]) == (["a"], ["l"])
    assert kubernetes.summary == "Kubernetes: 1 can mentor, 1 wants to learn or improve"
    assert kubernetes.learners[0].label(learner=True) == "Łukasz Wróbel (wants to learn, listed as “kubernetes”)"
    assert matches["Chess"].learners[0].label(learner=True) == "Ada Okafor (wants to improve)"


def test_nobody_is_matched_with_themselves():
    team = [PersonInterests(ADA, [interest("Go", "ableToMentor", "wantsToImprove")])]
    assert mentoring_matches(interest_groups(team)) == []


def test_groups_gather_the_same_interest_across_people():
    team = [PersonInterests(ADA, [interest("Python", "ableToMentor")]),
            PersonInterests(LUKASZ, [interest("python", "wantsToImprove")])]  # fmt: skip
    [group] = interest_groups(team)
    assert [p.id for p in group.mentors] == ["a"]
    assert [p.id for p in group.learners] == ["l"]
    assert group.cell(LUKASZ).display_name == "python"


def test_only_interests_colleagues_may_see_are_kept_whatever_graph_returned():
    team = visible_only([PersonInterests(ADA, [
        interest("Open", audience="organization"), interest("Partners", audience="federatedOrganizations"),
        interest("World", audience="everyone"), interest("Private", audience="me"),
        interest("Family", audience="family"), interest("Contacts", audience="contacts"),
        interest("Groups", audience="groupMembers"), interest("Future", audience="unknownFutureValue"),
    ])])  # fmt: skip
    assert [i.display_name for i in team[0].interests] == ["Open", "Partners", "World"]


def test_filters_by_tag_category_and_text():
    team = [PersonInterests(ADA, [interest("Kubernetes", "ableToMentor", categories=["Cloud"]),
                                  interest("Chess", "wantsToImprove", description="Openings")]),
            PersonInterests(LUKASZ, [interest("Python", "wantsToImprove")])]  # fmt: skip
    assert [[i.display_name for i in e.interests] for e in TeamFilter(tag="ableToMentor").apply(team)] == [
        ["Kubernetes"]
    ]
    assert [e.person.id for e in TeamFilter(category="cloud").apply(team)] == ["a"]
    assert [i.display_name for e in TeamFilter(text="openings").apply(team) for i in e.interests] == ["Chess"]
    assert len(TeamFilter().apply(team)) == 2


@pytest.mark.parametrize(
    ("typed", "found"),
    [("zoe", ["z"]), ("ANGSTROM", ["z"]), ("lukasz", ["l"]), ("Łukasz Wróbel", ["l"]), ("ches", ["a"]),
     ("openings", ["a"])],
)  # fmt: skip
def test_the_text_filter_finds_people_by_name_and_interests_by_their_words_whatever_the_accents(typed, found):
    team = [PersonInterests(ADA, [interest("Chess", description="Openings")]),
            PersonInterests(LUKASZ, [interest("Python")]), PersonInterests(ZOE, [interest("Jazz")])]  # fmt: skip
    kept = TeamFilter(text=typed).apply(team)
    assert [e.person.id for e in kept] == found
    if typed in {"zoe", "lukasz"}:  # a name found keeps all of that person's interests
        assert [i.display_name for i in kept[0].interests] == (["Jazz"] if typed == "zoe" else ["Python"])


def test_the_text_filter_does_not_match_across_a_name_and_an_interest():
    team = [PersonInterests(ADA, [interest("Chess")])]
    assert TeamFilter(text="okafor chess").apply(team) == []


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Kubernetes", "Kubernetes"),
        (None, ""),
        ("a=b", "a=b"),
    ],
)
def test_csv_cells_that_would_be_formulas_are_neutralised(value, cell):
    assert safe_cell(value) == cell
