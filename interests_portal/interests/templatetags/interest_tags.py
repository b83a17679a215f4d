from functools import lru_cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from ...graph.models import Interest

register = template.Library()
SELECTED = mark_safe(" selected")


@lru_cache(maxsize=32)
def _audience_options(audience: str) -> SafeString:
    options = Interest(id="", display_name="", audiences=(audience,) if audience else ()).audience_options
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if chosen else "", label) for value, label, chosen in options),
    )


@register.simple_tag
def audience_options(interest: Interest) -> SafeString:
    """The <option>s of an interest's audience select: the same for every interest with that audience, so cached
    (the list page renders one per row)."""
    return _audience_options(interest.audience)
