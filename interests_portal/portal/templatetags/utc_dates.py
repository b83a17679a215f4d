"""Dates and times in templates, in UTC and labelled so (see ..dates):

    {% load utc_dates %}
    {{ entry.at|utc_datetime }}  <time datetime="2026-11-23T17:10:00Z">23 Nov 2026, 17:10 UTC</time>
    {{ interest.last_modified|utc_date }}  <time datetime="2026-11-23T17:10:00Z">23 Nov 2026</time>
    {{ changed_at|utc_time }}  <time datetime="2026-11-23T17:10:00Z">17:10 UTC</time>

Anything that is not a date or datetime (None, "") renders as nothing, as Django's own `date` filter does.
"""

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..dates import Part, iso, utc_text

register = template.Library()


def _time(value: object, part: Part) -> SafeString | str:
    if not isinstance(value, date):
        return ""
    return format_html('<time datetime="{}">{}</time>', iso(value), utc_text(value, part))


@register.filter
def utc_datetime(value: object) -> SafeString | str:
    return _time(value, "datetime")


@register.filter
def utc_date(value: object) -> SafeString | str:
    return _time(value, "date")


@register.filter
def utc_time(value: object) -> SafeString | str:
    return _time(value, "time")
