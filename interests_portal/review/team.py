"""What a team knows and wants to learn, from its members' visible interests: views, filters, mentoring matches."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext, ngettext

from ..graph.models import Interest
from ..graph.people import Person, PersonInterests
from ..portal.text import folded

LEARNING_TAGS = ("wantsToLearn", "wantsToImprove")
_PUNCTUATION = re.compile(r"[^\w\s]")


def normalised(name: str) -> str:
    """The name interests are grouped and matched on across the team: folded as everywhere in the portal (case,
    accents and spacing set aside: portal/text.py), and punctuation read as a space besides, so that one person's
    "Machine-learning" meets another's "machine learning"."""
    return " ".join(_PUNCTUATION.sub(" ", folded(name)).split())


def visible_only(loaded: list[PersonInterests]) -> list[PersonInterests]:
    """The portal's own audience rule, whatever Graph returned: only what colleagues may see."""
    for entry in loaded:
        entry.interests = [interest for interest in entry.interests if interest.visible_to_colleagues]
    return loaded


@dataclass(frozen=True)
class TeamFilter:
    tag: str = ""
    category: str = ""
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.tag or self.category or self.text)

    @cached_property
    def _needle(self) -> str:
        """The text, folded once per page rather than once per interest (as everywhere in the portal, so "zoe"
        finds Zoë and "lukasz" finds Łukasz)."""
        return folded(self.text)

    @cached_property
    def _category(self) -> str:
        return self.category.casefold()

    def keeps(self, interest: Interest, *, person: Person | None = None) -> bool:
        """Whether the filters keep `interest`; the text is also looked for in the name of its holder, `person`."""
        if self.tag and self.tag not in interest.collaboration_tags:
            return False
        if self.category and self._category not in {c.casefold() for c in interest.categories}:
            return False
        if self.text:
            needle = self._needle
            names = [person.display_name] if person else []
            searched = [*names, interest.display_name, interest.description, *interest.categories]
            if not any(needle in folded(part) for part in searched):
                return False
        return True

    def apply(self, loaded: list[PersonInterests]) -> list[PersonInterests]:
        kept = [
            PersonInterests(
                entry.person, [i for i in entry.interests if self.keeps(i, person=entry.person)], entry.error
            )
            for entry in loaded
        ]
        return [entry for entry in kept if entry.interests or entry.error or not self.active]


@dataclass
class InterestGroup:
    """One interest across the team (people who named it the same way after normalising)."""

    key: str
    name: str
    holders: list[tuple[Person, Interest]] = field(default_factory=list)
    # Each holder's interest by person id: the matrix asks for every (interest, person) cell, and a scan of
    # `holders` per cell would make the team page quadratic in its size.
    by_person: dict[str, Interest] = field(default_factory=dict, repr=False, compare=False)

    def add(self, person: Person, interest: Interest) -> None:
        """Count `person` once, with the first interest they filed under this name."""
        if person.id not in self.by_person:
            self.by_person[person.id] = interest
            self.holders.append((person, interest))

    def with_tag(self, *tags: str) -> list[Person]:
        return [person for person, interest in self.holders if any(t in interest.collaboration_tags for t in tags)]

    @property
    def mentors(self) -> list[Person]:
        return self.with_tag("ableToMentor")

    @property
    def learners(self) -> list[Person]:
        return self.with_tag(*LEARNING_TAGS)

    @property
    def ask_me_about(self) -> list[Person]:
        return self.with_tag("askMeAbout")

    def cell(self, person: Person) -> Interest | None:
        return self.by_person.get(person.id)


def interest_groups(loaded: list[PersonInterests]) -> list[InterestGroup]:
    groups: dict[str, InterestGroup] = {}
    for entry in loaded:
        for interest in entry.interests:
            key = normalised(interest.display_name)
            group = groups.get(key)
            if group is None:
                group = groups[key] = InterestGroup(key, interest.display_name.strip())
            group.add(entry.person, interest)
    return sorted(groups.values(), key=lambda g: (-len(g.holders), g.key))


# --- Mentoring matches: one entry per interest, not one per pair --------------------------------------------
# Pairing every mentor with every learner grows with the product of the two (a team of 1,000 gave 35.9 MB of
# HTML); an entry per interest that lists both sides says the same and grows with the team.


@dataclass(frozen=True)
class MatchHolder:
    """Someone on one side of a match, with how they listed the interest."""

    person: Person
    wording: str  # as they wrote it (trimmed)
    tags: tuple[str, ...]  # their collaboration tags on it
    differs: bool  # whether their wording differs from the name the match goes by

    @property
    def learns(self) -> bool:
        return "wantsToLearn" in self.tags

    @property
    def improves(self) -> bool:
        return "wantsToImprove" in self.tags

    def label(self, *, learner: bool) -> str:
        """The person in words for the CSV: "Łukasz Wróbel (wants to learn; listed as “kubernetes”)"."""
        notes = []
        if learner and self.learns and self.improves:
            notes.append(gettext("wants to learn and to improve"))
        elif learner:
            notes.append(gettext("wants to learn") if self.learns else gettext("wants to improve"))
        if self.differs:
            notes.append(gettext("listed as “%(wording)s”") % {"wording": self.wording})
        if not notes:
            return self.person.display_name
        return f"{self.person.display_name} ({', '.join(notes)})"


@dataclass(frozen=True)
class InterestMatch:
    """An interest someone in the team can mentor and someone else in it wants to learn or improve."""

    interest: str
    mentors: tuple[MatchHolder, ...]
    learners: tuple[MatchHolder, ...]

    @property
    def want_to_learn(self) -> list[MatchHolder]:
        return [holder for holder in self.learners if holder.learns]

    @property
    def want_to_improve(self) -> list[MatchHolder]:
        return [holder for holder in self.learners if holder.improves]

    @property
    def people(self) -> int:
        """How many names the entry lists (someone who mentors and learns it is listed on both sides)."""
        return len(self.mentors) + len(self.learners)

    @property
    def summary(self) -> str:
        """The entry in words: "Kubernetes: 3 can mentor, 5 want to learn or improve"."""
        mentors = ngettext("%(count)d can mentor", "%(count)d can mentor", len(self.mentors)) % {
            "count": len(self.mentors)
        }
        learners = ngettext(
            "%(count)d wants to learn or improve", "%(count)d want to learn or improve", len(self.learners)
        ) % {"count": len(self.learners)}
        return gettext("%(interest)s: %(mentors)s, %(learners)s") % {
            "interest": self.interest,
            "mentors": mentors,
            "learners": learners,
        }


def _holder(group: InterestGroup, person: Person, interest: Interest) -> MatchHolder:
    wording = interest.display_name.strip()
    return MatchHolder(person, wording, interest.collaboration_tags, wording != group.name)


def mentoring_matches(groups: list[InterestGroup]) -> list[InterestMatch]:
    """Inside the team: each interest someone can mentor and someone else wants to learn or improve, with everyone
    on either side. No one is matched with themselves: a person who both mentors and wants to learn an interest is
    listed as a mentor only if someone else wants it, and as a learner only if someone else can mentor it. Ranked by
    how many are waiting to learn, then by how many can teach. Linear in the number of interests held."""
    matches = []
    for group in groups:
        mentors = [(p, i) for p, i in group.holders if "ableToMentor" in i.collaboration_tags]
        learners = [(p, i) for p, i in group.holders if any(t in i.collaboration_tags for t in LEARNING_TAGS)]
        learner_ids = {person.id for person, _ in learners}
        mentor_ids = {person.id for person, _ in mentors}
        # Someone else is on the other side when it holds anyone besides them: a set lookup, not a scan per person.
        kept_mentors = [(p, i) for p, i in mentors if len(learner_ids) > (p.id in learner_ids)]
        kept_learners = [(p, i) for p, i in learners if len(mentor_ids) > (p.id in mentor_ids)]
        if kept_mentors and kept_learners:
            matches.append(
                InterestMatch(
                    group.name,
                    tuple(_holder(group, p, i) for p, i in kept_mentors),
                    tuple(_holder(group, p, i) for p, i in kept_learners),
                )
            )
    matches.sort(key=lambda m: (-len(m.learners), -len(m.mentors), normalised(m.interest)))
    return matches


# --- The chart: where the team can teach and where it wants to learn ----------------------------------------

TEACHING_TAGS = ("ableToMentor", "askMeAbout")  # drawn left of the axis
CHART_TAGS = (*TEACHING_TAGS, *LEARNING_TAGS)  # LEARNING_TAGS are drawn right of it
CHART_ROWS = 10
# Longer names are cut in the drawing (the full name is in its tooltip, the summary and the table): the SVG draws
# text on one line, and the chart must fit a phone.
CHART_NAME_CHARS = 40
# Geometry, in px down the chart and in percent of its width across (so it fits any width while text keeps its size).
CHART_HEADER = 28
CHART_ROW_HEIGHT = 64
CHART_BAR_HEIGHT = 14
CHART_MAX_BAR = 38.0  # percent of the width either side of the axis; the rest of each half holds the count


@dataclass(frozen=True)
class ChartBar:
    tag: str
    count: int
    y: int
    x: str  # percent, formatted here so no locale turns "12.5" into "12,5" inside an SVG attribute
    width: str
    label_x: str
    teaching: bool  # left of the axis (its count is anchored at its left end)


@dataclass(frozen=True)
class ChartRow:
    """One interest in the chart: how many of the people who hold it carry each collaboration tag."""

    name: str
    people: int
    counts: dict[str, int]
    y: int = 0  # top of the row
    bars: tuple[ChartBar, ...] = ()

    @property
    def label(self) -> str:
        return self.name if not self.truncated else self.name[: CHART_NAME_CHARS - 1].rstrip() + "…"

    @property
    def truncated(self) -> bool:
        return len(self.name) > CHART_NAME_CHARS

    @property
    def name_y(self) -> int:
        return self.y + 14

    @property
    def mentors(self) -> int:
        return self.counts["ableToMentor"]

    @property
    def learners(self) -> int:
        return self.counts["wantsToLearn"] + self.counts["wantsToImprove"]

    @property
    def gap(self) -> bool:
        """Someone wants to learn or improve it, and no one in view can mentor it."""
        return self.learners > 0 and self.mentors == 0

    @property
    def opportunity(self) -> bool:
        """Someone can mentor it, and someone wants to learn or improve it."""
        return self.learners > 0 and self.mentors > 0

    @property
    def summary(self) -> str:
        """The row in words, for the chart's text alternative: "Kubernetes: 3 can mentor, 5 want to learn, …"."""
        counts = self.counts
        parts = [
            ngettext("%(count)d can mentor", "%(count)d can mentor", counts["ableToMentor"]),
            ngettext("%(count)d can be asked about it", "%(count)d can be asked about it", counts["askMeAbout"]),
            ngettext("%(count)d wants to learn", "%(count)d want to learn", counts["wantsToLearn"]),
            ngettext("%(count)d wants to improve", "%(count)d want to improve", counts["wantsToImprove"]),
        ]
        numbers = [counts[tag] for tag in ("ableToMentor", "askMeAbout", "wantsToLearn", "wantsToImprove")]
        said = ", ".join(part % {"count": count} for part, count in zip(parts, numbers, strict=True))
        return gettext("%(interest)s: %(counts)s") % {"interest": self.name, "counts": said}


@dataclass(frozen=True)
class TagChart:
    rows: list[ChartRow]
    marked: int  # interests that someone marked with a collaboration tag (the chart shows the first CHART_ROWS)

    tags = CHART_TAGS  # in the order of each row's bars

    @property
    def height(self) -> int:
        return CHART_HEADER + CHART_ROW_HEIGHT * len(self.rows)

    @property
    def gaps(self) -> list[ChartRow]:
        return [row for row in self.rows if row.gap]

    @property
    def opportunities(self) -> list[ChartRow]:
        return [row for row in self.rows if row.opportunity]


def _percent(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _placed(row: ChartRow, top: int, scale: int) -> ChartRow:
    """The row with its bars laid out: teaching tags leftwards from the axis, learning tags rightwards, one
    above the other on each side."""
    bars = []
    for tags, teaching in ((TEACHING_TAGS, True), (LEARNING_TAGS, False)):
        for line, tag in enumerate(tags):
            count = row.counts[tag]
            length = CHART_MAX_BAR * count / scale if scale else 0.0
            x = 50 - length if teaching else 50.0
            label_x = 50 - length if teaching else 50 + length
            y = top + 22 + line * (CHART_BAR_HEIGHT + 4)
            bars.append(ChartBar(tag, count, y, _percent(x), _percent(length), _percent(label_x), teaching))
    return ChartRow(row.name, row.people, row.counts, top, tuple(bars))


def tag_chart(groups: list[InterestGroup], *, limit: int = CHART_ROWS) -> TagChart:
    """The team's most marked interests and, for each, how many can mentor, can be asked about it, want to learn
    and want to improve it. Ranked by how many people marked it with any tag, then by how many hold it; bars share
    one scale, so lengths compare across the whole chart."""
    rows = []
    for group in groups:
        counts = {tag: len(group.with_tag(tag)) for tag in CHART_TAGS}
        marked = len(group.with_tag(*CHART_TAGS))
        if marked:
            rows.append((marked, ChartRow(group.name, len(group.holders), counts)))
    rows.sort(key=lambda ranked: (-ranked[0], -ranked[1].people, normalised(ranked[1].name)))
    shown = [row for _, row in rows[:limit]]
    scale = max((max(row.counts.values()) for row in shown), default=0)
    placed = [_placed(row, CHART_HEADER + index * CHART_ROW_HEIGHT, scale) for index, row in enumerate(shown)]
    return TagChart(placed, len(rows))
