"""Typed results built from Graph JSON, tolerant of every variation in graph-contract.md."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

AUDIENCES = {
    "me": "Only me",
    "family": "My family",
    "contacts": "My contacts",
    "groupMembers": "People in my groups",
    "organization": "My organization",
    "federatedOrganizations": "My organization and partners",
    "everyone": "Everyone",
}
# Who besides the owner may see an interest (docs/local-tenant.md, "Visibility"): the portal applies the rule itself
# to everything it shows of someone else, whatever Graph returned.
VISIBLE_TO_COLLEAGUES = frozenset({"organization", "federatedOrganizations", "everyone"})
# What the portal offers in its forms, narrowest first.
AUDIENCE_CHOICES = ("me", "contacts", "family", "groupMembers", "organization", "federatedOrganizations", "everyone")
TAGS = {
    "askMeAbout": "Ask me about",
    "ableToMentor": "Can mentor",
    "wantsToLearn": "Wants to learn",
    "wantsToImprove": "Wants to improve",
}
_FRACTION = re.compile(r"\.(\d+)")


def parse_timestamp(value: Any) -> datetime | None:
    """ISO 8601 with up to 7 fractional digits; None for missing, malformed or the 0001-01-01 sentinel."""
    if not isinstance(value, str) or not value:
        return None
    text = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), value.replace("Z", "+00:00"), count=1)
    try:
        parsed = datetime.fromisoformat(text)
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
        return "Not set"
    if audience == "unknownFutureValue":  # Graph's word for "a value newer than what this client asked to know"
        return "Other (newer than this portal)"
    return AUDIENCES.get(audience) or f"Other: {audience}"


def tag_label(tag: str) -> str:
    return TAGS.get(tag) or f"Other: {tag}"


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
        options = [(name, AUDIENCES[name], name == self.audience) for name in AUDIENCE_CHOICES]
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
        return [(tag, label, tag in self.collaboration_tags) for tag, label in TAGS.items()]
