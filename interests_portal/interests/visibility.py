"""Who will see an interest, in words, and the warning when its audience hides it from the manager and colleagues.

Only the audiences in VISIBLE_TO_COLLEAGUES reach colleagues and the manager's team page in this portal (the local
tenant and the portal apply that rule: docs/local-tenant.md, "Visibility"). A person who picks "My contacts" and
"Can mentor" means to be found by colleagues and never will be: the warning says so as they choose.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language, gettext, ngettext

from ..graph.models import (
    AUDIENCES,
    HIDDEN_AUDIENCE_READERS,
    TAGS,
    VISIBLE_TO_COLLEAGUES,
    audience_description,
    tag_label,
)


@dataclass(frozen=True)
class Visibility:
    about: str  # who sees it
    warning: str  # "" unless the audience hides it from the manager and colleagues

    @property
    def hidden(self) -> bool:
        return bool(self.warning)


def visibility(audience: str, tags: Iterable[str] = ()) -> Visibility:
    return Visibility(about=audience_description(audience), warning=hidden_warning(audience, tags))


def hidden_warning(audience: str, tags: Iterable[str] = ()) -> str:
    """What an audience that hides the interest from the manager and colleagues means, naming the tags it stops
    from reaching them; "" for an audience colleagues see."""
    if audience in VISIBLE_TO_COLLEAGUES:
        return ""
    named = tuple(tag for tag in dict.fromkeys(tags) if tag in TAGS)  # once each, in the order given
    return _hidden_warning(audience, named, get_language())


# Every row of My interests says this: the same few audiences and tag sets, so worded once per language.
@lru_cache(maxsize=256)
def _hidden_warning(audience: str, named: tuple[str, ...], language: str | None) -> str:
    readers = HIDDEN_AUDIENCE_READERS.get(audience)
    shown_to = str(readers) if readers else gettext("Microsoft 365 decides who sees this")
    if not named:
        return gettext("%(shown_to)s: your manager and colleagues won't.") % {"shown_to": shown_to}
    return ngettext(
        "%(shown_to)s: your manager and colleagues won't, so %(tags)s won't reach them. Choose “%(widest)s” or "
        "wider to share it with them.",
        "%(shown_to)s: your manager and colleagues won't, so %(tags)s won't reach them. Choose “%(widest)s” or "
        "wider to share it with them.",
        len(named),
    ) % {"shown_to": shown_to, "tags": _quoted_list([tag_label(t) for t in named]), "widest": AUDIENCES["organization"]}


def _quoted_list(labels: list[str]) -> str:
    """“A”, “B” and “C”, in the active language."""
    quoted = [gettext("“%(label)s”") % {"label": label} for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(quoted[:-1]), "last": quoted[-1]}
