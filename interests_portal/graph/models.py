"""Typed results built from Graph JSON, tolerant of every variation in graph-contract.md."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.utils.translation import get_language, gettext, gettext_lazy, pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# The words people see for each audience and tag. The English labels are what other code and the audit log's
# descriptions quote: keep them as they are (translations come from the .po files).
AUDIENCES: "dict[str, StrPromise]" = {
    "me": gettext_lazy("Only me"),
    "family": gettext_lazy("My family"),
    "contacts": gettext_lazy("My contacts"),
    "groupMembers": gettext_lazy("People in my groups"),
    "organization": gettext_lazy("My organization"),
    "federatedOrganizations": gettext_lazy("My organization and partners"),
    "everyone": pgettext_lazy("an audience: anyone may see it", "Everyone"),
}
# Who besides the owner may see an interest (docs/local-tenant.md, "Visibility"): the portal applies the rule itself
# to everything it shows of someone else, whatever Graph returned.
VISIBLE_TO_COLLEAGUES = frozenset({"organization", "federatedOrganizations", "everyone"})
# What the portal offers in its forms, narrowest first.
AUDIENCE_CHOICES = ("me", "contacts", "family", "groupMembers", "organization", "federatedOrganizations", "everyone")
# Who sees an interest with each audience, said plainly, the manager and colleagues always named: only the three
# audiences in VISIBLE_TO_COLLEAGUES reach them in this portal (the team page, mentoring matches).
AUDIENCE_DESCRIPTIONS: "dict[str, StrPromise]" = {
    "me": gettext_lazy("Only you. Nobody else sees it, not even your manager."),
    "family": gettext_lazy(
        "People you've marked as family in Microsoft 365. Your manager and colleagues don't see it in this portal."
    ),
    "contacts": gettext_lazy("Your contacts. Your manager and colleagues don't see it in this portal."),
    "groupMembers": gettext_lazy(
        "Members of your Microsoft 365 groups. Your manager and colleagues don't see it in this portal."
    ),
    "organization": gettext_lazy(
        "Everyone in your organisation, your manager and colleagues included: it shows on your manager's team page."
    ),
    "federatedOrganizations": gettext_lazy(
        "Your organisation, your manager and colleagues included, and people in partner organisations."
    ),
    "everyone": gettext_lazy("Anyone, inside or outside your organisation, your manager and colleagues included."),
}
# For an audience that hides the interest from colleagues: who does see it, to start the warning with.
HIDDEN_AUDIENCE_READERS: "dict[str, StrPromise]" = {
    "me": gettext_lazy("Only you will see this"),
    "family": gettext_lazy("Only your family will see this"),
    "contacts": gettext_lazy("Only your contacts will see this"),
    "groupMembers": gettext_lazy("Only people in your groups will see this"),
}
TAGS: "dict[str, StrPromise]" = {
    "askMeAbout": gettext_lazy("Ask me about"),
    "ableToMentor": gettext_lazy("Can mentor"),
    "wantsToLearn": gettext_lazy("Wants to learn"),
    "wantsToImprove": gettext_lazy("Wants to improve"),
}
# What each tag signals and where it shows (review/team.py: the team page; mentoring matches pair "Can mentor" with
# "Wants to learn" and "Wants to improve").
TAG_DESCRIPTIONS: "dict[str, StrPromise]" = {
    "askMeAbout": gettext_lazy("Colleagues may come to you with questions. Shown on your manager's team page."),
    "ableToMentor": gettext_lazy(
        "You could teach it. Your manager's team page and mentoring matches pair you with people who want to learn it."
    ),
    "wantsToLearn": gettext_lazy(
        "You're new to it and want to learn. Mentoring matches pair you with colleagues who can mentor it."
    ),
    "wantsToImprove": gettext_lazy(
        "You know some and want to get better. Mentoring matches pair you with colleagues who can mentor it."
    ),
}
# The fields a person edits on an interest, as Graph names them, in the edit form's order, with the one name each has
# wherever the portal shows it: the form's labels, the messages after an edit, the audit log's words. The words of the
# form, which people choose by, so that the log reads the way its owner chose the change.
FIELD_LABELS: "dict[str, StrPromise]" = {
    "displayName": pgettext_lazy("an interest's name", "Name"),
    "description": gettext_lazy("Description"),
    "categories": gettext_lazy("Categories"),
    "webUrl": gettext_lazy("Link"),
    "allowedAudiences": gettext_lazy("Who can see it"),
    "collaborationTags": gettext_lazy("Tags"),
}


def parse_timestamp(value: Any) -> datetime | None:
    """ISO 8601 with up to 7 fractional digits; None for missing, malformed or the 0001-01-01 sentinel. (Python
    3.11's fromisoformat reads "Z" and any number of fractional digits, keeping six: Graph sends seven.)"""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.year <= 1:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_audiences(value: Any) -> tuple[str, ...]:
    """`allowedAudiences` as one name, a comma-separated flags value, or a list of names."""
    if isinstance(value, str):
        names = value.split(",")
    elif isinstance(value, list):
        names = [item for item in value if isinstance(item, str)]
    else:
        names = []
    return tuple(name.strip() for name in names if name.strip())


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str) and item)
    return ()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _identity_name(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    for kind in ("user", "application", "device"):
        identity = value.get(kind)
        if isinstance(identity, dict) and isinstance(identity.get("displayName"), str):
            return identity["displayName"]
    return ""


def audience_label(audience: str) -> str:
    if not audience:
        return gettext("Not set")
    if audience == "unknownFutureValue":  # Graph's word for "a value newer than what this client asked to know"
        return gettext("Other (newer than this portal)")
    if audience in AUDIENCES:
        return str(AUDIENCES[audience])
    return gettext("Other: %(value)s") % {"value": audience}


def audience_description(audience: str) -> str:
    """Who sees an interest with this audience, the manager and colleagues named."""
    if audience in AUDIENCE_DESCRIPTIONS:
        return str(AUDIENCE_DESCRIPTIONS[audience])
    if not audience:
        return gettext("Microsoft 365 decides who sees it. Your manager and colleagues don't see it in this portal.")
    return gettext(
        "An audience this portal doesn't offer: Microsoft 365 keeps it. Your manager and colleagues don't see it in "
        "this portal."
    )


@lru_cache(maxsize=16)
def tag_labels(language: str | None) -> tuple[tuple[str, str], ...]:
    """(tag, label) of the four tags in `language` (the active one, passed so the cache tells languages apart):
    translated once, not four times for every row of a list."""
    return tuple((tag, str(label)) for tag, label in TAGS.items())


def tag_label(tag: str) -> str:
    if tag in TAGS:
        return str(TAGS[tag])
    return gettext("Other: %(value)s") % {"value": tag}


def tag_description(tag: str) -> str:
    if tag in TAG_DESCRIPTIONS:
        return str(TAG_DESCRIPTIONS[tag])
    return gettext("A tag newer than this portal: Microsoft 365 keeps it as it is.")


@dataclass(frozen=True)
class Interest:
    id: str
    display_name: str
    description: str = ""
    categories: tuple[str, ...] = ()
    collaboration_tags: tuple[str, ...] = ()
    web_url: str = ""
    audiences: tuple[str, ...] = ()
    source_types: tuple[str, ...] = ()
    created: datetime | None = None
    last_modified: datetime | None = None
    last_modified_by: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    KNOWN = frozenset({
        "id", "displayName", "description", "categories", "collaborationTags", "webUrl", "allowedAudiences",
        "source", "createdDateTime", "lastModifiedDateTime", "lastModifiedBy", "createdBy", "inference",
        "@odata.context", "@odata.type",
    })  # fmt: skip

    @classmethod
    def from_graph(cls, data: dict[str, Any]) -> "Interest":
        source = data.get("source")
        return cls(
            id=str(data.get("id", "")),
            display_name=_text(data.get("displayName")),
            description=_text(data.get("description")),
            categories=_strings(data.get("categories")),
            # All of them, known or not: a value Microsoft adds later must survive the portal's edits.
            collaboration_tags=_strings(data.get("collaborationTags")),
            web_url=_text(data.get("webUrl")),
            audiences=parse_audiences(data.get("allowedAudiences")),
            source_types=_strings(source.get("type")) if isinstance(source, dict) else (),
            created=parse_timestamp(data.get("createdDateTime")),
            last_modified=parse_timestamp(data.get("lastModifiedDateTime")),
            last_modified_by=_identity_name(data.get("lastModifiedBy")),
            extra={key: value for key, value in data.items() if key not in cls.KNOWN},
        )

    @property
    def audience(self) -> str:
        """The single audience the portal edits: the widest one named, if several are."""
        known = [name for name in AUDIENCE_CHOICES if name in self.audiences]
        return known[-1] if known else (self.audiences[0] if self.audiences else "")

    @property
    def audience_label(self) -> str:
        return audience_label(self.audience)

    @property
    def visible_to_colleagues(self) -> bool:
        return any(audience in VISIBLE_TO_COLLEAGUES for audience in self.audiences)

    @property
    def tag_labels(self) -> list[str]:
        return [tag_label(tag) for tag in self.collaboration_tags]

    @property
    def other_tags(self) -> tuple[str, ...]:
        """Tags the portal has no toggle for (values Graph added after this portal was written): shown, kept."""
        return tuple(tag for tag in self.collaboration_tags if tag not in TAGS)

    @property
    def audience_options(self) -> list[tuple[str, str, bool]]:
        """(value, label, selected) for the audience select, keeping an audience the portal doesn't offer."""
        options = [(name, str(AUDIENCES[name]), name == self.audience) for name in AUDIENCE_CHOICES]
        if self.audience and self.audience not in AUDIENCE_CHOICES:
            options.append((self.audience, self.audience_label, True))
        return options

    @property
    def link(self) -> str:
        """The web URL if it is safe to render as a link (http or https only), else ""."""
        parts = urlsplit(self.web_url)
        return self.web_url if parts.scheme in {"http", "https"} and parts.netloc else ""

    @property
    def tags(self) -> list[tuple[str, str, bool]]:
        """(tag, label, on) for each of the four collaboration tags, in a fixed order."""
        return [(tag, label, tag in self.collaboration_tags) for tag, label in tag_labels(get_language())]
