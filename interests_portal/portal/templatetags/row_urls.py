"""The URL of one row's action, built from a pattern reversed once rather than reversed for every row:

    {% load row_urls %}
    {{ interest.id|url_for:"interests:edit" }}      /interests/<id>/edit
    {{ person.id|url_for:"review:team-person" }}    /team/people/<id>/

`{% url %}` resolves the whole URLconf on each use: a list of a few hundred rows with four links each spent a tenth
of its rendering there. Only views whose one argument is a `graph_id` can be named; an id the converter refuses
raises NoReverseMatch, as `{% url %}` does, so no URL is ever built that the URLconf would not have built.
"""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from ...converters import GraphIdConverter

register = template.Library()

_MARKER = "rowurlmarker0"  # a graph_id itself, so any view taking one reverses with it
_GRAPH_ID = re.compile(GraphIdConverter.regex)


@lru_cache(maxsize=128)
def _around(name: str, script_prefix: str, urlconf: str | None) -> tuple[str, str]:
    """What comes before and after the id in view `name`'s URL, under this script prefix and URLconf."""
    url = reverse(name, urlconf=urlconf, args=[_MARKER])
    if url.count(_MARKER) != 1:
        raise NoReverseMatch(f"{name!r} does not take exactly one id in its path")
    before, after = url.split(_MARKER)
    return before, after


@register.filter
def url_for(value: object, name: str) -> str:
    """The URL of view `name` (one `graph_id` argument) for the id `value`."""
    text = str(value)
    if not _GRAPH_ID.fullmatch(text):
        raise NoReverseMatch(f"{text!r} is not an id {name!r} takes")
    before, after = _around(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{before}{text}{after}"
