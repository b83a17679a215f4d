"""The managers' chart (review/team.py: tag_chart): which interests, which numbers, where the bars go."""

from interests_portal.graph.models import Interest
from interests_portal.graph.people import Person, PersonInterests
from interests_portal.review.team import (
    CHART_HEADER,
    CHART_MAX_BAR,
    CHART_NAME_CHARS,
    CHART_ROW_HEIGHT,
    TeamFilter,
    interest_groups,
    tag_chart,
)

ADA, LUKASZ, YUKI, ZOE = (Person("a", "Ada Okafor"), Person("l", "Łukasz Wróbel"), Person("y", "Yuki Tanaka"),
                          Person("z", "Zoë Ångström"))  # fmt: skip


def interest(name: str, *tags: str) -> Interest:
    return Interest(id=f"{name}-{'-'.join(tags)}", display_name=name, collaboration_tags=tags,
                    audiences=("organization",))  # fmt: skip


def chart_of(*entries: PersonInterests, limit: int = 10):
    return tag_chart(interest_groups(list(entries)), limit=limit)


def test_each_interest_counts_the_people_behind_each_tag_across_spellings():
    chart = chart_of(
        PersonInterests(ADA, [interest("Kubernetes", "ableToMentor", "askMeAbout")]),
        PersonInterests(LUKASZ, [interest("kubernetes ", "wantsToLearn")]),
        PersonInterests(YUKI, [interest("KUBERNETES", "wantsToLearn", "wantsToImprove")]),
        PersonInterests(ZOE, [interest("Kubernetes")]),  # holds it, marks nothing
    )
    (row,) = chart.rows
    assert row.name == "Kubernetes"
    assert row.people == 4
    assert row.counts == {"ableToMentor": 1, "askMeAbout": 1, "wantsToLearn": 2, "wantsToImprove": 1}
    assert row.summary == "Kubernetes: 1 can mentor, 1 can be asked about it, 2 want to learn, 1 wants to improve"
    assert (row.gap, row.opportunity) == (False, True)


def test_gaps_are_wanted_interests_no_one_can_mentor():
    chart = chart_of(
        PersonInterests(ADA, [interest("Rust", "askMeAbout"), interest("Python", "ableToMentor")]),
        PersonInterests(LUKASZ, [interest("Rust", "wantsToLearn"), interest("Python", "wantsToImprove")]),
        PersonInterests(YUKI, [interest("Chess", "askMeAbout")]),
    )
    assert [row.name for row in chart.gaps] == ["Rust"]
    assert [row.name for row in chart.opportunities] == ["Python"]
    assert "Chess" not in [row.name for row in chart.gaps + chart.opportunities]


def test_the_most_marked_interests_come_first_and_unmarked_ones_not_at_all():
    team = [
        PersonInterests(person, [interest("Chess"), interest("Go", "wantsToLearn")] +
                        ([interest("SQL", "ableToMentor")] if person in (ADA, LUKASZ) else []))
        for person in (ADA, LUKASZ, YUKI, ZOE)
    ]  # fmt: skip
    chart = chart_of(*team)
    assert [row.name for row in chart.rows] == ["Go", "SQL"]  # Chess is held by all four, and marked by no one
    assert chart.marked == 2


def test_ties_go_to_the_interest_more_people_hold_then_by_name():
    chart = chart_of(
        PersonInterests(ADA, [interest("Zig", "wantsToLearn"), interest("Ada", "wantsToLearn"), interest("Elm")]),
        PersonInterests(LUKASZ, [interest("Elm", "wantsToLearn")]),
        PersonInterests(YUKI, [interest("elm")]),
    )
    assert [row.name for row in chart.rows] == ["Elm", "Ada", "Zig"]


def test_a_thousand_people_give_at_most_the_top_rows_and_keep_counting_everyone():
    topics = [f"Topic {n:02d}" for n in range(30)]
    team = [
        PersonInterests(Person(f"p{n}", f"Person {n}"), [
            interest(topics[n % 30], "ableToMentor" if n % 3 == 0 else "wantsToLearn"),
            interest("Kubernetes", "wantsToLearn"),
        ])
        for n in range(1000)
    ]  # fmt: skip
    chart = chart_of(*team)
    assert len(chart.rows) == 10
    assert chart.marked == 31
    assert chart.rows[0].name == "Kubernetes"
    assert chart.rows[0].counts["wantsToLearn"] == 1000
    assert chart.height == CHART_HEADER + 10 * CHART_ROW_HEIGHT


def test_bars_share_one_scale_and_go_left_for_teaching_right_for_learning():
    chart = chart_of(
        PersonInterests(ADA, [interest("Go", "ableToMentor")]),
        PersonInterests(LUKASZ, [interest("Go", "wantsToLearn")]),
        PersonInterests(YUKI, [interest("Go", "wantsToLearn")]),
        PersonInterests(ZOE, [interest("Go", "wantsToLearn")]),
    )
    bars = {bar.tag: bar for bar in chart.rows[0].bars}
    assert [bar.tag for bar in chart.rows[0].bars] == list(chart.tags)
    learn, mentor, ask = bars["wantsToLearn"], bars["ableToMentor"], bars["askMeAbout"]
    assert (learn.x, learn.width, learn.label_x, learn.teaching) == ("50", str(int(CHART_MAX_BAR)), "88", False)
    # One mentor to three learners: a third of the length, drawn leftwards from the centre line.
    assert (mentor.x, mentor.width, mentor.label_x, mentor.teaching) == ("37.33", "12.67", "37.33", True)
    assert (ask.count, ask.width) == (0, "0")
    assert learn.y == mentor.y < ask.y == bars["wantsToImprove"].y  # mentor and learn on the first line of bars


def test_coordinates_are_plain_decimal_strings_whatever_the_language():
    from django.utils import translation

    with translation.override("de"):
        chart = chart_of(PersonInterests(ADA, [interest("Go", "ableToMentor", "askMeAbout")]),
                         PersonInterests(LUKASZ, [interest("Go", "ableToMentor")]))  # fmt: skip
    ask = next(bar for bar in chart.rows[0].bars if bar.tag == "askMeAbout")
    assert ask.width == "19"
    assert "," not in ask.x + ask.width + ask.label_x


def test_long_names_are_cut_for_the_drawing_and_kept_whole_for_words():
    long_name = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft" * 3
    chart = chart_of(PersonInterests(ADA, [interest(long_name, "wantsToLearn")]))
    (row,) = chart.rows
    assert row.truncated
    assert len(row.label) == CHART_NAME_CHARS
    assert row.label.endswith("…")
    assert row.name == long_name
    assert row.summary.startswith(long_name + ":")


def test_the_chart_follows_the_filters_it_is_given():
    team = [
        PersonInterests(ADA, [interest("Go", "ableToMentor"), interest("Rust", "wantsToLearn")]),
        PersonInterests(LUKASZ, [interest("Go", "wantsToLearn")]),
    ]
    chart = tag_chart(interest_groups(TeamFilter(tag="wantsToLearn").apply(team)))
    assert [(row.name, row.counts["ableToMentor"], row.counts["wantsToLearn"]) for row in chart.rows] == [
        ("Go", 0, 1),
        ("Rust", 0, 1),
    ]


def test_no_marked_interests_make_an_empty_chart():
    chart = chart_of(PersonInterests(ADA, [interest("Chess")]), PersonInterests(LUKASZ, []))
    assert (chart.rows, chart.marked, chart.gaps) == ([], 0, [])
