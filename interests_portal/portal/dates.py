"""Times as the portal shows them to people: in UTC, the zone they are kept in, labelled as such, with month names
and word order in the reader's language ("23 Nov 2026, 17:10 UTC", "23. November 2026, 17:10 UTC").

Templates use the filters in templatetags/utc_dates.py; Python code that writes a time into a message uses these.
"""

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Literal, NamedTuple

from django.utils import dateformat
from django.utils.translation import get_language, pgettext

Part = Literal["datetime", "date", "time"]


def as_utc(value: date) -> date:
    """A datetime in UTC (a naive one is taken to be UTC already: the portal keeps no other); a date unchanged."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value


def iso(value: date) -> str:
    """The machine-readable form, for <time datetime>: "2026-11-23T17:10:00Z", or "2026-11-23" for a date."""
    value = as_utc(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def utc_text(value: date, part: Part = "datetime") -> str:
    """The words for `value` in the active language: the date, the time or both, a time always labelled UTC.

    The formats are Django's date syntax, translated per language, so each language orders and spells them its way."""
    value = as_utc(value)
    formats = _formats(get_language())
    if part == "date" or not isinstance(value, datetime):
        return dateformat.format(value, formats.date)
    shown = dateformat.format(value, formats.time if part == "time" else formats.datetime)
    return formats.utc % {"time": shown}


class _Formats(NamedTuple):
    date: str
    time: str
    datetime: str
    utc: str


# A list shows a time on every row: its formats are looked up once per language, not three times a row.
@lru_cache(maxsize=16)
def _formats(language: str | None) -> _Formats:
    return _Formats(
        date=pgettext("a date, in Django date format", "j M Y"),
        time=pgettext("a time of day, in Django date format", "H:i"),
        datetime=pgettext("a date and time, in Django date format", "j M Y, H:i"),
        utc=pgettext("a date or time in Coordinated Universal Time", "%(time)s UTC"),
    )
