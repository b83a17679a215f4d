"""Dates and times as people see them: in UTC, labelled so, in their language, with a machine-readable <time>."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.template import Context, Template
from django.utils import translation

from interests_portal.portal.dates import iso, utc_text

EVENING = datetime(2026, 11, 23, 17, 10, 42, tzinfo=UTC)


def render(source: str, **context: object) -> str:
    return Template("{% load utc_dates %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "part", "shown"),
    [
        ("en-gb", "datetime", "23 Nov 2026, 17:10 UTC"),
        ("en-gb", "date", "23 Nov 2026"),
        ("en-gb", "time", "17:10 UTC"),
        ("de", "datetime", "23. November 2026, 17:10 UTC"),
        ("de", "date", "23. November 2026"),
        ("de", "time", "17:10 UTC"),
    ],
)
def test_utc_text_in_each_language(language, part, shown):
    with translation.override(language):
        assert utc_text(EVENING, part) == shown


def test_a_time_from_another_zone_is_shown_in_utc():
    berlin = EVENING.astimezone(timezone(timedelta(hours=1)))  # 18:10 in Berlin is 17:10 UTC
    with translation.override("en-gb"):
        assert utc_text(berlin) == "23 Nov 2026, 17:10 UTC"
    assert iso(berlin) == "2026-11-23T17:10:42Z"


def test_a_naive_time_is_taken_as_utc_the_zone_the_portal_keeps():
    with translation.override("en-gb"):
        assert utc_text(EVENING.replace(tzinfo=None)) == "23 Nov 2026, 17:10 UTC"


def test_the_filters_render_a_time_element_with_the_instant_and_the_words():
    with translation.override("de"):
        assert render("{{ at|utc_datetime }}", at=EVENING) == (
            '<time datetime="2026-11-23T17:10:42Z">23. November 2026, 17:10 UTC</time>'
        )
        assert (
            render("{{ at|utc_date }}", at=EVENING) == '<time datetime="2026-11-23T17:10:42Z">23. November 2026</time>'
        )
        assert render("{{ at|utc_time }}", at=EVENING) == '<time datetime="2026-11-23T17:10:42Z">17:10 UTC</time>'


def test_a_date_without_a_time_has_no_zone_to_label():
    with translation.override("en-gb"):
        assert render("{{ day|utc_date }}", day=date(2026, 3, 1)) == '<time datetime="2026-03-01">1 Mar 2026</time>'
        assert render("{{ day|utc_datetime }}", day=date(2026, 3, 1)) == '<time datetime="2026-03-01">1 Mar 2026</time>'


@pytest.mark.parametrize("missing", [None, "", "2026-11-23"])
def test_anything_but_a_date_renders_as_nothing(missing):
    assert render("[{{ at|utc_datetime }}]", at=missing) == "[]"
