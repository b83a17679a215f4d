"""Mentoring matches per interest, and a team page whose work grows linearly with the team: aggregation, the CSV,
the byte budget at 1,000 reports, and operation counts (never timings)."""

import csv
import io
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from interests_portal.graph.errors import GraphUnavailable
from interests_portal.graph.models import Interest
from interests_portal.graph.people import DirectReports, Person, PersonInterests
from interests_portal.review import team as team_module
from interests_portal.review import views
from interests_portal.review.team import TeamFilter, interest_groups, mentoring_matches, tag_chart

ADA, BEN, CHO, DEV, EVA = (Person(f"id-{n.split()[0].lower()}", n)
                           for n in ("Ada Okafor", "Ben Ito", "Cho Min", "Dev Rao", "Eva Lind"))  # fmt: skip
TOPICS = ("Kubernetes", "Python", "Accessibility", "SQL", "Coaching", "Chess")  # as benchmarks/team.py: bench_team


def interest(name: str, *tags: str) -> Interest:
    return Interest(id=f"{name}-{'-'.join(tags)}", display_name=name, collaboration_tags=tags,
                    audiences=("organization",))  # fmt: skip


def bench_loaded(size: int) -> list[PersonInterests]:
    """The benchmark's team (benchmarks/team.py: bench_team) as the portal holds it once loaded: three interests
    each over six topics, one ableToMentor, one wantsToLearn and one askMeAbout; everyone has Teams and mail."""
    tags = ("ableToMentor", "wantsToLearn", "askMeAbout")
    people = []
    for n in range(size):
        address = f"t{size}-{n}@bench.example"
        person = Person(str(uuid.uuid5(uuid.NAMESPACE_URL, f"benchmark:team{size}:{n}")), f"Report {n}",
                        user_principal_name=address, mail=address)  # fmt: skip
        people.append(PersonInterests(person, [interest(TOPICS[(n + i) % len(TOPICS)], tags[i]) for i in range(3)]))
    return people


# --- Aggregation -------------------------------------------------------------------------------------------


def test_an_interest_with_two_mentors_and_three_learners_is_one_entry_naming_them_all():
    team = [
        PersonInterests(ADA, [interest("Kubernetes", "ableToMentor")]),
        PersonInterests(BEN, [interest("kubernetes", "ableToMentor")]),
        PersonInterests(CHO, [interest("Kubernetes", "wantsToLearn")]),
        PersonInterests(DEV, [interest("KUBERNETES ", "wantsToImprove")]),
        PersonInterests(EVA, [interest("Kubernetes", "wantsToLearn", "wantsToImprove")]),
    ]
    (match,) = mentoring_matches(interest_groups(team))
    assert match.interest == "Kubernetes"
    assert [h.person for h in match.mentors] == [ADA, BEN]
    assert [h.person for h in match.learners] == [CHO, DEV, EVA]
    assert [h.person for h in match.want_to_learn] == [CHO, EVA]
    assert [h.person for h in match.want_to_improve] == [DEV, EVA]
    assert match.summary == "Kubernetes: 2 can mentor, 3 want to learn or improve"


def test_wording_differences_are_kept_for_each_person():
    team = [PersonInterests(ADA, [interest("Kubernetes", "ableToMentor")]),
            PersonInterests(BEN, [interest("kubernetes ", "wantsToLearn")])]  # fmt: skip
    (match,) = mentoring_matches(interest_groups(team))
    assert [(h.wording, h.differs) for h in (*match.mentors, *match.learners)] == [
        ("Kubernetes", False),
        ("kubernetes", True),
    ]
    assert match.learners[0].label(learner=True) == "Ben Ito (wants to learn, listed as “kubernetes”)"
    assert match.mentors[0].label(learner=False) == "Ada Okafor"


def test_no_one_is_matched_with_themselves():
    alone = [PersonInterests(ADA, [interest("Go", "ableToMentor", "wantsToImprove")])]
    assert mentoring_matches(interest_groups(alone)) == []
    # With a second learner, Ada mentors; with no other mentor, she is not listed as learning from herself.
    team = [*alone, PersonInterests(BEN, [interest("Go", "wantsToLearn")])]
    (match,) = mentoring_matches(interest_groups(team))
    assert ([h.person for h in match.mentors], [h.person for h in match.learners]) == ([ADA], [BEN])
    # With another mentor, she can learn from them.
    team.append(PersonInterests(CHO, [interest("Go", "ableToMentor")]))
    (match,) = mentoring_matches(interest_groups(team))
    assert ([h.person for h in match.mentors], [h.person for h in match.learners]) == ([ADA, CHO], [ADA, BEN])


def test_interests_with_only_mentors_or_only_learners_are_not_matches_and_the_most_wanted_come_first():
    team = [
        PersonInterests(ADA, [interest("Rust", "ableToMentor"), interest("SQL", "ableToMentor"),
                              interest("Chess", "ableToMentor")]),
        PersonInterests(BEN, [interest("Haskell", "wantsToLearn"), interest("SQL", "wantsToLearn"),
                              interest("Chess", "wantsToImprove")]),
        PersonInterests(CHO, [interest("Chess", "wantsToLearn"), interest("Rust", "askMeAbout")]),
    ]  # fmt: skip
    assert [m.interest for m in mentoring_matches(interest_groups(team))] == ["Chess", "SQL"]


# --- Linear work, counted -----------------------------------------------------------------------------------


@contextmanager
def lines_run(*modules: object) -> Iterator[Counter]:
    """Counts the lines executed in `modules` (their functions, comprehensions and properties): a measure of work
    that, unlike a timing, is the same on every machine and every run."""
    files = {Path(module.__file__).resolve() for module in modules}  # type: ignore[attr-defined]
    counted: Counter = Counter()

    def local(frame, event, arg):
        if event == "line":
            counted["lines"] += 1
        return local

    def calls(frame, event, arg):
        return local if Path(frame.f_code.co_filename).resolve() in files else None

    sys.settrace(calls)
    try:
        yield counted
    finally:
        sys.settrace(None)


def work(size: int) -> int:
    from interests_portal.review.templatetags import review_tags

    loaded = bench_loaded(size)
    with lines_run(team_module, review_tags) as counted:
        kept = TeamFilter(text="report").apply(loaded)
        groups = interest_groups(kept)
        mentoring_matches(groups)
        tag_chart(groups)
        for group in groups:  # the matrix: every (interest, person) cell, as team.html asks for them
            for entry in kept:
                review_tags.cell_for(group, entry.person)
    return counted["lines"]


def test_grouping_matching_charting_and_the_matrix_do_linear_work():
    # Four times the team: about four times the work (quadratic work, as pairing or scanning gave, would be 16x).
    small, large = work(150), work(600)
    assert 3.5 * small < large < 4.5 * small


def test_a_matrix_cell_is_a_lookup_not_a_scan():
    (group,) = interest_groups([PersonInterests(p, [interest("Go")]) for p in (ADA, BEN, CHO)])
    assert group.by_person == {p.id: group.holders[i][1] for i, p in enumerate((ADA, BEN, CHO))}
    group.holders.clear()  # a cell read from the holders would now be empty
    assert group.cell(CHO) is not None
    assert group.cell(DEV) is None


# --- The page and the CSV, rendered without Graph ----------------------------------------------------------


@pytest.fixture
def manager(client, django_user_model, monkeypatch):
    """A signed-in manager whose team is whatever the test sets in `manager.team` (Graph is not asked)."""

    class Team:
        team: list[PersonInterests] = []

    monkeypatch.setattr(views, "graph_for", lambda request, **kwargs: None)
    monkeypatch.setattr(views, "direct_reports_and_contacts",
                        lambda graph: DirectReports([entry.person for entry in Team.team], []))  # fmt: skip
    monkeypatch.setattr(views, "_load_team", lambda request, graph, reports, *, retry: Team.team)
    user = django_user_model.objects.create(username="priya", display_name="Priya Raman")
    client.force_login(user)
    return Team


def test_the_matches_page_of_1000_reports_is_under_500_kb(client, manager):
    manager.team = bench_loaded(1000)
    page = client.get("/team/?view=matches")
    assert page.status_code == 200
    body = page.content.decode()
    assert len(page.content) < 500_000
    assert body.count('class="match"') == len(TOPICS)
    assert "Accessibility: 167 can mentor, 167 want to learn or improve" in body
    assert 'href="/team/people/' in body


def test_a_small_team_s_matches_carry_contact_links_and_wording_differences(client, manager):
    manager.team = [PersonInterests(ADA, [interest("Kubernetes", "ableToMentor")]),
                    PersonInterests(Person("id-ben", "Ben Ito", user_principal_name="ben@example.test"),
                                    [interest("kubernetes ", "wantsToLearn")])]  # fmt: skip
    body = client.get("/team/?view=matches").content.decode()
    (entry,) = body.split('<li class="match">')[1:]
    entry = entry.split("</details>", 1)[0]
    assert "<summary>Kubernetes: 1 can mentor, 1 wants to learn or improve</summary>" in entry
    assert 'href="/team/people/id-ben/">Ben Ito</a> <span class="muted">(listed as “kubernetes”)</span>' in entry
    assert entry.count('class="contact-links"') == 1  # Ben has a sign-in name (Teams); Ada has no address at all
    assert "teams.microsoft.com/l/chat/0/0?users=ben%40example.test" in entry


def test_the_matches_csv_has_one_row_per_interest_and_a_row_for_each_person_not_loaded(client, manager):
    missing = PersonInterests(DEV, [], GraphUnavailable("Microsoft 365 isn't answering."))
    manager.team = [
        PersonInterests(ADA, [interest("Kubernetes", "ableToMentor"), interest("Chess", "wantsToImprove")]),
        PersonInterests(BEN, [interest("kubernetes", "ableToMentor", "wantsToLearn")]),
        PersonInterests(CHO, [interest("Kubernetes", "wantsToImprove"), interest("Chess", "ableToMentor")]),
        missing,
    ]
    answer = client.get("/team/export.csv?view=matches")
    table = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert table[0] == ["Interest", "Mentors", "Learners", "How many mentors", "How many learners", "Status"]
    learners = "Ben Ito (wants to learn, listed as “kubernetes”); Cho Min (wants to improve)"
    assert table[1] == ["Kubernetes", "Ada Okafor; Ben Ito (listed as “kubernetes”)", learners, "2", "2", "ok"]
    assert table[2] == ["Chess", "Cho Min", "Ada Okafor (wants to improve)", "1", "1", "ok"]
    assert len(table) == 4
    assert table[3][:5] == [""] * 5
    assert table[3][5].startswith("incomplete: Dev Rao's interests couldn't be loaded")
    assert table[3][5].endswith("matches with them are missing.")


def test_the_matches_page_says_who_is_missing_when_someone_could_not_be_loaded(client, manager):
    manager.team = [PersonInterests(ADA, [interest("Go", "ableToMentor")]),
                    PersonInterests(BEN, [], GraphUnavailable("Microsoft 365 isn't answering."))]  # fmt: skip
    body = client.get("/team/?view=matches").content.decode()
    banner = body.split('id="team-incomplete"', 1)[1].split("</div>", 1)[0]
    assert "Incomplete: 1 person couldn" in banner
    assert "Ben Ito" in banner
    assert "Matches with them are missing." in banner
    assert "No mentoring matches among the people who could be loaded." in body


def test_the_matrix_of_a_team_whose_interests_mostly_differ_stays_a_page(client, manager):
    """A row per interest and a column per person grows with the square of the team where most names differ: the
    matrix keeps the interests most people hold, says how many it leaves to "By interest", which lists them all."""
    shared = interest("Kubernetes", "ableToMentor")
    manager.team = [
        PersonInterests(Person(f"id-{n}", f"Person {n}"), [shared, interest(f"Own topic {n}"), interest(f"Other {n}")])
        for n in range(300)
    ]
    body = client.get("/team/?view=matrix").content.decode()
    rows = body.split('<table class="matrix"', 1)[1].split("</tbody>", 1)[0]
    assert rows.count('<th scope="row">') == views.MATRIX_ROWS
    assert rows.index(">Kubernetes<") < rows.index(">Other ")  # the one everyone holds comes first
    assert f"It shows the {views.MATRIX_ROWS} interests most people hold, of 601" in body
    by_interest = client.get("/team/?view=interests").content.decode()
    assert by_interest.count('class="group"') == 601

    manager.team = manager.team[:5]  # 11 interests: all of them, and no note
    small = client.get("/team/?view=matrix").content.decode()
    assert small.split('<table class="matrix"', 1)[1].split("</tbody>", 1)[0].count('<th scope="row">') == 11
    assert "most people hold" not in small
