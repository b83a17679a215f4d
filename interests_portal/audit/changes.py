"""What an audit entry did, in words, computed from what it stored: Graph's JSON of the interest before and after
the write, and the change the portal asked for (`changes`). Pure functions of those values, so every action and
field can be tested without a database; words are translated in the active language when asked for.

Shapes they accept, as interests/services.py records them: `before`/`after` are Graph's JSON (allowedAudiences as
one name, a comma-separated flags value or a list); `changes` holds Graph-named fields as the portal sent them, or,
for a tag switched on or off whose read failed, `{"collaborationTags": {"ableToMentor": true}}`.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..graph.models import (
    AUDIENCE_CHOICES,
    FIELD_LABELS,
    audience_label,
    parse_audiences,
    parse_timestamp,
    tag_label,
)
from ..portal.dates import utc_text

# The fields a person edits are named by FIELD_LABELS (graph/models.py), as the forms and messages name them: one
# field has one name across the portal. What else Graph returns about an interest, shown in an entry's detail after
# those fields:
OTHER_LABELS = {
    "id": gettext_lazy("Interest id"),
    "createdDateTime": gettext_lazy("Created"),
    "createdBy": gettext_lazy("Created by"),
    "lastModifiedDateTime": gettext_lazy("Last changed"),
    "lastModifiedBy": gettext_lazy("Last changed by"),
    "source": gettext_lazy("Source"),
    "inference": gettext_lazy("Inference"),
}
# U+2212, the minus sign, not a hyphen: screen readers say "minus", and a CSV cell starting with it is no formula.
ADDED, REMOVED, ARROW = "+", "\u2212", "→"


# --- Values as the log compares and shows them -----------------------------------------------------------------


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    """A list of distinct non-empty strings, first occurrence kept (Graph may send one string for a list)."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return list(dict.fromkeys(item for item in items if isinstance(item, str) and item))


def _audiences(value: Any) -> list[str]:
    """Distinct audiences, narrowest first, so that "everyone,organization" and ["organization", "everyone"] agree."""
    names = set(parse_audiences(value))
    known = [name for name in AUDIENCE_CHOICES if name in names]
    return known + sorted(names - set(known))


def _audience_words(value: Any) -> str:
    return ", ".join(audience_label(name) for name in _audiences(value)) or audience_label("")


def _tag_words(tags: Iterable[str]) -> str:
    return ", ".join(tag_label(tag) for tag in tags)


def _or_none(text: str) -> str:
    return text if text else _("(none)")


def _plus_minus(added: Iterable[str], removed: Iterable[str]) -> str:
    return ", ".join([f"{ADDED} {item}" for item in added] + [f"{REMOVED} {item}" for item in removed])


def _listed(label: str, added: Iterable[str], removed: Iterable[str]) -> str:
    return _("%(field)s: %(changes)s") % {"field": label, "changes": _plus_minus(added, removed)}


def _field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key) or OTHER_LABELS.get(key) or key)


def _applied(before: dict[str, Any], asked: dict[str, Any]) -> dict[str, Any]:
    """`before` with the asked-for change applied, as Graph would have stored it."""
    state = dict(before)
    for key, value in asked.items():
        if key == "collaborationTags" and isinstance(value, dict):
            tags = _strings(before.get(key))
            on = [tag for tag, wanted in value.items() if wanted and tag not in tags]
            state[key] = [tag for tag in tags if value.get(tag, True)] + on
        else:
            state[key] = value
    return state


# --- One line per field -----------------------------------------------------------------------------------------


def _difference(key: str, old: Any, new: Any) -> str | None:
    """A field's change from `old` to `new` in words, or None when it did not change."""
    label = _field_label(key)
    if key in {"displayName", "webUrl"}:
        was, now = _text(old), _text(new)
        if was == now:
            return None
        return _("%(field)s: %(before)s %(arrow)s %(after)s") % {
            "field": label, "before": _or_none(was), "arrow": ARROW, "after": _or_none(now)
        }  # fmt: skip
    if key == "description":
        was, now = _text(old), _text(new)
        if was == now:
            return None
        if not was:
            return _("Description added")
        return _("Description removed") if not now else _("Description changed")
    if key in {"categories", "collaborationTags"}:
        was_list, now_list = _strings(old), _strings(new)
        added = [item for item in now_list if item not in was_list]
        removed = [item for item in was_list if item not in now_list]
        if key == "collaborationTags":
            added, removed = [tag_label(tag) for tag in added], [tag_label(tag) for tag in removed]
        elif not added and not removed and was_list != now_list:
            return _("Categories: order changed")
        if not added and not removed:  # tags: Graph's order means nothing
            return None
        return _listed(label, added, removed)
    if key == "allowedAudiences":
        if _audiences(old) == _audiences(new):
            return None
        return _("%(field)s: %(before)s %(arrow)s %(after)s") % {
            "field": label, "before": _audience_words(old), "arrow": ARROW, "after": _audience_words(new)
        }  # fmt: skip
    if old == new:
        return None
    return _("%(field)s changed") % {"field": label}  # a field the portal does not know: that it changed, no more


def _asked(key: str, value: Any) -> str:
    """A change asked for when the value before it is not known (the write's own read failed)."""
    label = _field_label(key)
    if key == "collaborationTags" and isinstance(value, dict):
        added = [tag_label(tag) for tag, on in value.items() if on]
        removed = [tag_label(tag) for tag, on in value.items() if not on]
        return _listed(label, added, removed)
    if key == "allowedAudiences":
        return _("%(field)s set to %(value)s") % {"field": label, "value": _audience_words(value)}
    if key == "collaborationTags":
        words = _tag_words(_strings(value))
    elif key == "categories":
        words = ", ".join(_strings(value))
    elif key in FIELD_LABELS:
        words = _text(value)
    else:
        return _("%(field)s changed") % {"field": label}
    if not words:
        return _("%(field)s cleared") % {"field": label}
    if key == "description":  # its content belongs in the detail view, not in a line of the log
        return _("Description set")
    return _("%(field)s set to %(value)s") % {"field": label, "value": words}


def field_changes(before: Any, after: Any, changes: Any) -> list[str]:
    """Each field's change in words: before against after, or against the change asked for when Graph's answer
    was not recorded, or the asked-for change alone when the value before it was not read."""
    asked = changes if isinstance(changes, dict) else {}
    if not isinstance(before, dict):
        return [_asked(key, value) for key, value in asked.items()]
    target = after if isinstance(after, dict) else _applied(before, asked)
    keys = [*FIELD_LABELS, *(key for key in asked if key not in FIELD_LABELS)]
    return [line for key in keys if (line := _difference(key, before.get(key), target.get(key))) is not None]


# --- A whole entry ------------------------------------------------------------------------------------------------


def summary(state: dict[str, Any]) -> str:
    """Who may see an interest and how its owner wants to collaborate on it: "Everyone; Can mentor"."""
    tags = _tag_words(_strings(state.get("collaborationTags")))
    audience = _audience_words(state.get("allowedAudiences"))
    return f"{audience}; {tags}" if tags else audience


def describe(*, action: str, outcome: str, before: Any, after: Any, changes: Any) -> list[str]:
    """An entry in words, one line per change. A write that did not succeed says what was asked for, as such."""
    done = outcome == "succeeded"
    if action == "create":
        state = after if isinstance(after, dict) else changes if isinstance(changes, dict) else None
        if state is None:
            return [_("Created an interest") if done else _("Tried to create an interest")]
        words = {"name": _text(state.get("displayName")), "summary": summary(state)}
        head = _("Created “%(name)s” (%(summary)s)") if done else _("Tried to create “%(name)s” (%(summary)s)")
        extras = (_difference(key, None, state.get(key)) for key in ("description", "categories", "webUrl"))
        return [head % words, *(line for line in extras if line)]
    if action in {"delete", "remove"}:
        if not isinstance(before, dict):
            if done:
                return [_("Deleted an interest the portal had not read first")]
            return [_("Tried to delete an interest")]
        words = {"name": _text(before.get("displayName")), "summary": summary(before)}
        head = _("Deleted “%(name)s” (%(summary)s)") if done else _("Tried to delete “%(name)s” (%(summary)s)")
        return [head % words]
    # Updates and moderation's restrict: what each field became.
    lines = field_changes(before, after, changes)
    if not done:
        return [_("Not saved. Asked for:"), *lines] if lines else [_("Not saved.")]
    return lines or [_("No change to the fields the portal shows")]


# --- Before and after side by side ----------------------------------------------------------------------------


_ABSENT = object()  # a field a state does not hold, as against one it holds as null


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: str
    values: tuple[str | None, ...]  # one per state; None where the state does not hold the field
    changed: bool


def _identity(value: Any) -> str:
    if isinstance(value, dict):
        for kind in ("user", "application", "device"):
            identity = value.get(kind)
            if isinstance(identity, dict) and isinstance(identity.get("displayName"), str):
                return identity["displayName"]
    return ""


def shown_value(key: str, value: Any) -> str:
    """A field's value as a person reads it; JSON for what the portal has no words for."""
    if key == "allowedAudiences":
        return _audience_words(value)
    if key == "collaborationTags":
        if isinstance(value, dict):  # a tag switched on or off
            on = [tag_label(tag) for tag, wanted in value.items() if wanted]
            return _plus_minus(on, [tag_label(tag) for tag, wanted in value.items() if not wanted])
        return _tag_words(_strings(value)) or _("(none)")
    if key == "categories":
        return ", ".join(_strings(value)) or _("(none)")
    if key in {"displayName", "description", "webUrl", "id"} and (isinstance(value, str) or value is None):
        return _or_none(value or "")
    if key in {"createdDateTime", "lastModifiedDateTime"}:
        moment = parse_timestamp(value)
        if moment is not None:
            return utc_text(moment)
    if key in {"createdBy", "lastModifiedBy"} and _identity(value):
        return _identity(value)
    if key == "source" and isinstance(value, dict) and _strings(value.get("type")):
        return ", ".join(_strings(value.get("type")))
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _normal(key: str, value: Any) -> Any:
    if key == "allowedAudiences":
        return _audiences(value)
    if key == "collaborationTags":
        return sorted(_strings(value))
    if key == "categories":
        return _strings(value)
    if key in {"displayName", "description", "webUrl"}:
        return _text(value)
    return value


def side_by_side(states: list[tuple[str, dict[str, Any]]]) -> list[FieldRow]:
    """One row per field any state holds: the fields a person edits first, then Graph's own, then any other. A row
    is `changed` when a later state holds another value than the first state."""
    # Graph's annotations (@odata.context), and its own fields left null in every state, say nothing to a person;
    # the fields a person edits are shown even when empty ("(none)").
    present = {
        key
        for _label, state in states
        for key in state
        if not key.startswith("@odata.")
        and (key in FIELD_LABELS or any(other.get(key) is not None for _l, other in states))
    }
    ordered = [key for key in [*FIELD_LABELS, *OTHER_LABELS] if key in present]
    ordered += sorted(present - set(ordered))
    rows = []
    for key in ordered:
        values = [state.get(key, _ABSENT) for _label, state in states]
        held = [_normal(key, value) for value in values if value is not _ABSENT]
        if key == "collaborationTags" and any(isinstance(value, dict) for value in values):
            changed = True  # a tag switch is a change by definition
        else:
            changed = len(held) > 1 and any(value != held[0] for value in held[1:])
        shown = tuple(None if value is _ABSENT else shown_value(key, value) for value in values)
        rows.append(FieldRow(key, _field_label(key), shown, changed))
    return rows


def states(*, before: Any, after: Any, changes: Any) -> list[tuple[str, dict[str, Any]]]:
    """The states an entry knows, labelled: before, and after, or what was asked for when there is no after."""
    known: list[tuple[str, dict[str, Any]]] = []
    if isinstance(before, dict):
        known.append((_("Before"), before))
    if isinstance(after, dict):
        known.append((_("After"), after))
    elif isinstance(changes, dict) and changes:
        known.append((_("Asked for"), changes))
    return known
