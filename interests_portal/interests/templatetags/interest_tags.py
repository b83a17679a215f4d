from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from ...graph.models import AUDIENCE_CHOICES, AUDIENCES, TAGS, Interest, audience_description, tag_description
from ..visibility import hidden_warning

register = template.Library()
SELECTED = mark_safe(" selected")


@lru_cache(maxsize=64)
def _audience_options(audience: str, language: str | None) -> SafeString:
    options = Interest(id="", display_name="", audiences=(audience,) if audience else ()).audience_options
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if chosen else "", label) for value, label, chosen in options),
    )


@register.simple_tag
def audience_options(interest: Interest) -> SafeString:
    """The <option>s of an interest's audience select: the same for every interest with that audience in one
    language, so cached (the list page renders one per row)."""
    return _audience_options(interest.audience, get_language())


@dataclass(frozen=True)
class RowVisibility:
    note: str  # beside the row's audience select
    hidden: bool  # the note is a warning: the manager and colleagues don't see it
    about_id: str  # the glossary's description of the audience (page.html#glossary), "" for one it has none of


@register.filter
def row_visibility(interest: Interest) -> RowVisibility:
    """What a row says of who sees it: a warning when its audience hides it from the manager and colleagues, else
    that they see it (the glossary entry says the rest)."""
    warning = hidden_warning(interest.audience, interest.collaboration_tags)
    note = warning or gettext("Your manager and colleagues see it.")
    about_id = f"about-audience-{interest.audience}" if interest.audience in AUDIENCES else ""
    return RowVisibility(note=note, hidden=bool(warning), about_id=about_id)


@dataclass(frozen=True)
class Entry:
    value: str
    label: str
    about: str


@register.simple_tag
def glossary() -> dict[str, list[Entry]]:
    """Every audience (narrowest first) and tag the portal offers, in words: what the page explains them with."""
    return {
        "audiences": [Entry(name, str(AUDIENCES[name]), audience_description(name)) for name in AUDIENCE_CHOICES],
        "tags": [Entry(tag, str(label), tag_description(tag)) for tag, label in TAGS.items()],
    }


@dataclass(frozen=True)
class RowWords:
    """The words every row of My interests repeats, whatever the interest: translated once per language and page
    instead of a {% translate %} each on every row (a page of rows spent a third of its time translating)."""

    who_can_see: str
    save: str
    pending_hint: str
    categories: str
    new_tab: str
    imported: str
    kept_in_view: str
    # Phrases holding the interest's name, as %(name)s: the `named` filter puts it in. The msgids are the ones
    # {% blocktranslate with name=… %} made of them, so each language still words the whole phrase its way.
    collaborate_on: str
    edit: str
    delete: str
    confirm_delete: str


@lru_cache(maxsize=16)
def _row_words(language: str | None) -> RowWords:
    return RowWords(
        who_can_see=gettext("Who can see it"),
        save=gettext("Save"),
        pending_hint=gettext("Not saved yet: Enter or moving on saves it, Escape undoes it."),
        categories=gettext("Categories"),
        new_tab=gettext("(opens in a new tab)"),
        imported=gettext("Imported from your organisation's profile store"),
        kept_in_view=gettext("Not in your current search or filters: it stays in view until you change them."),
        collaborate_on=gettext("How I want to collaborate on %(name)s"),
        edit=gettext('Edit<span class="visually-hidden"> %(name)s</span>'),
        delete=gettext('Delete<span class="visually-hidden"> %(name)s</span>'),
        confirm_delete=gettext("Delete “%(name)s”? This can't be undone."),
    )


@register.simple_tag
def row_words() -> RowWords:
    return _row_words(get_language())


@register.filter
def named(phrase: str, name: str) -> SafeString:
    """A RowWords phrase with the interest's name put in, escaped: what {% blocktranslate with name=… %} renders
    (the phrase, from the translation catalogue, is trusted as that tag trusts it)."""
    return mark_safe(phrase % {"name": conditional_escape(name)})  # noqa: S308


class TagToggle(NamedTuple):
    tag: str
    label: str
    pressed: str  # aria-pressed: "true" or "false"
    sets: str  # what pressing it asks for: "ableToMentor:off" when on, "ableToMentor:on" when off


@register.filter
def tag_toggles(interest: Interest) -> list[TagToggle]:
    """A row's four tag buttons, their attribute values made here: four buttons a row, two yesno filters each, were
    a good part of what a row cost to render."""
    return [
        TagToggle(tag, label, "true" if on else "false", f"{tag}:{'off' if on else 'on'}")
        for tag, label, on in interest.tags
    ]
