"""What a team knows and wants to learn, from its members' visible interests: views, filters, mentoring matches."""

import re
import unicodedata
from dataclasses import dataclass, field

from ..graph.models import Interest
from ..graph.people import Person, PersonInterests

LEARNING_TAGS = ("wantsToLearn", "wantsToImprove")


def normalised(name: str) -> str:
    """The name interests are matched on: case, accents' forms, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


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

    def keeps(self, interest: Interest) -> bool:
        if self.tag and self.tag not in interest.collaboration_tags:
            return False
        if self.category and self.category.casefold() not in {c.casefold() for c in interest.categories}:
            return False
        if self.text:
            needle = self.text.casefold()
            haystack = " ".join([interest.display_name, interest.description, *interest.categories]).casefold()
            if needle not in haystack:
                return False
        return True

    def apply(self, loaded: list[PersonInterests]) -> list[PersonInterests]:
        kept = [
            PersonInterests(entry.person, [i for i in entry.interests if self.keeps(i)], entry.error)
            for entry in loaded
        ]
        return [entry for entry in kept if entry.interests or entry.error or not self.active]


@dataclass
class InterestGroup:
    """One interest across the team (people who named it the same way after normalising)."""

    key: str
    name: str
    holders: list[tuple[Person, Interest]] = field(default_factory=list)

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
        return next((interest for holder, interest in self.holders if holder.id == person.id), None)


def interest_groups(loaded: list[PersonInterests]) -> list[InterestGroup]:
    groups: dict[str, InterestGroup] = {}
    for entry in loaded:
        for interest in entry.interests:
            key = normalised(interest.display_name)
            group = groups.setdefault(key, InterestGroup(key, interest.display_name.strip()))
            if group.cell(entry.person) is None:
                group.holders.append((entry.person, interest))
    return sorted(groups.values(), key=lambda g: (-len(g.holders), g.key))


@dataclass(frozen=True)
class Match:
    mentor: Person
    learner: Person
    interest: str
    learner_tag: str
    mentor_wording: str
    learner_wording: str

    @property
    def explanation(self) -> str:
        verb = "wants to learn" if self.learner_tag == "wantsToLearn" else "wants to improve"
        same = self.mentor_wording == self.learner_wording
        named = "" if same else f" (listed as “{self.mentor_wording}” and “{self.learner_wording}”)"
        return (
            f"{self.mentor.display_name} can mentor {self.interest}, which {self.learner.display_name} {verb}{named}."
        )


def mentoring_matches(loaded: list[PersonInterests]) -> list[Match]:
    """Inside the team: someone able to mentor an interest and someone who wants to learn or improve it."""
    matches = []
    for group in interest_groups(loaded):
        for mentor, taught in group.holders:
            if "ableToMentor" not in taught.collaboration_tags:
                continue
            for learner, learnt in group.holders:
                tag = next((t for t in LEARNING_TAGS if t in learnt.collaboration_tags), None)
                if tag and learner.id != mentor.id:
                    matches.append(Match(mentor, learner, group.name, tag, taught.display_name.strip(),
                                         learnt.display_name.strip()))  # fmt: skip
    return matches
