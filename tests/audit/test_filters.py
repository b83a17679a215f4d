"""The audit page's filters: validated by a form, accent- and case-insensitive, newest first in a stable order."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from interests_portal.audit.forms import AuditFilterForm
from interests_portal.audit.models import AuditEntry
from interests_portal.audit.selectors import audit_entry_list

from .conftest import ADA, GRACE, LUKASZ


def names(**filters) -> list[str]:
    return list(audit_entry_list(**filters).values_list("reason", flat=True))


@pytest.fixture
def people(make_entry):
    make_entry(reason="ada's own", actor_name="Ada Okafor", subject_name="Ada Okafor")
    make_entry(reason="grace moderates lukasz", actor_name="Grace Obi", actor_oid=GRACE,
               subject_name="Łukasz Wróbel", subject_oid=LUKASZ, action="restrict")  # fmt: skip
    make_entry(reason="lukasz's own", actor_name="Łukasz Wróbel", actor_oid=LUKASZ, subject_name="Łukasz Wróbel",
               subject_oid=LUKASZ, outcome="failed")  # fmt: skip


@pytest.mark.parametrize("text", ["lukasz", "LUKASZ", "Łukasz", "łukasz", "wrobel", "Wróbel", "kasz wro", " lukasz "])
def test_a_name_is_found_without_its_accents_or_capitals_as_actor_or_subject(people, text):
    assert names(person=text) == ["lukasz's own", "grace moderates lukasz"]


def test_a_name_part_that_matches_no_one_finds_nothing(people):
    assert names(person="lukasz okafor") == []  # never across the two names of an entry
    assert names(person="100%") == []  # LIKE's wildcards are literal here


@pytest.mark.parametrize("text", [LUKASZ, LUKASZ.upper(), "{" + LUKASZ + "}"])
def test_an_object_id_finds_the_entries_by_or_about_that_person(people, text):
    assert names(person=text) == ["lukasz's own", "grace moderates lukasz"]
    assert names(person=GRACE) == ["grace moderates lukasz"]


def test_action_and_outcome_filters(people):
    assert names(action="restrict") == ["grace moderates lukasz"]
    assert names(outcome="failed") == ["lukasz's own"]
    assert names(action="restrict", person="ada") == []


def test_dates_are_whole_utc_days_with_to_included(make_entry):
    day = date(2026, 11, 20)
    midnight = datetime(2026, 11, 20, tzinfo=UTC)
    for moment, reason in [
        (midnight - timedelta(microseconds=1), "the day before"),
        (midnight, "first instant"),
        (midnight + timedelta(days=1) - timedelta(microseconds=1), "last instant"),
        (midnight + timedelta(days=1), "the day after"),
    ]:
        make_entry(at=moment, reason=reason)
    assert names(since=day, until=day) == ["last instant", "first instant"]
    assert names(since=day) == ["the day after", "last instant", "first instant"]
    assert names(until=day) == ["last instant", "first instant", "the day before"]


@pytest.mark.django_db
def test_the_form_filters_by_date_range():
    now = timezone.now()
    for days, name in ((0, "today"), (3, "three days ago"), (10, "ten days ago")):
        AuditEntry.objects.create(at=now - timedelta(days=days), actor_name=name, actor_oid="1", subject_name="s",
                                  subject_oid="2", action="create", outcome="succeeded")  # fmt: skip

    def found(data) -> list[str]:
        form = AuditFilterForm(data)
        assert form.is_valid(), form.errors
        return sorted(audit_entry_list(**form.filters()).values_list("actor_name", flat=True))

    since = (now - timedelta(days=5)).date().isoformat()
    until = (now - timedelta(days=1)).date().isoformat()
    assert found({"since": since}) == ["three days ago", "today"]
    assert found({"until": until}) == ["ten days ago", "three days ago"]
    assert found({"since": since, "until": until}) == ["three days ago"]
    assert found({}) == ["ten days ago", "three days ago", "today"]


def test_entries_of_the_same_instant_keep_one_order_newest_id_first(make_entry):
    moment = datetime(2026, 11, 23, 12, tzinfo=UTC)
    made = [make_entry(at=moment).pk for _ in range(5)]
    assert list(audit_entry_list().values_list("pk", flat=True)) == sorted(made, reverse=True)


def test_from_after_to_is_an_error_on_to():
    form = AuditFilterForm({"since": "2026-11-20", "until": "2026-11-19", "person": "Łukasz"})
    assert not form.is_valid()
    assert list(form.errors) == ["until"]
    assert form.errors.as_data()["until"][0].code == "range"
    assert "on or after 20 Nov 2026" in form.errors["until"][0]
    assert form["until"].field.widget.attrs["autofocus"]  # the reloaded page starts at the field to fix


@pytest.mark.parametrize(
    ("data", "field"),
    [({"since": "not a date"}, "since"), ({"action": "forge"}, "action"), ({"outcome": "maybe"}, "outcome"),
     ({"person": "x" * 101}, "person")],
)  # fmt: skip
def test_a_filter_that_is_not_valid_is_an_error_on_its_field(data, field):
    form = AuditFilterForm(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]


@pytest.mark.parametrize("typed", ["Li", "wu", "ß", " o ", "ł.", "a b", "Ø'", "o'b"])
def test_a_name_of_fewer_than_three_letters_is_an_error_that_keeps_what_was_typed(typed):
    """Under three letters (as folded: "ß" is "ss"), PostgreSQL's trigram index cannot narrow the search: it would
    read the whole log."""
    form = AuditFilterForm({"person": typed, "action": "update"})
    assert not form.is_valid()
    assert list(form.errors) == ["person"]
    assert form.errors.as_data()["person"][0].code == "short"
    assert form.errors["person"] == ["Type at least 3 letters of a name, or a whole object id."]
    assert form["person"].value() == typed
    assert form["person"].field.widget.attrs["autofocus"]


@pytest.mark.parametrize(
    "typed", ["Ørs", "lukasz", "Li Wei", "li w", "o'br", "æb", ADA, ADA.upper(), f"{{{ADA}}}", ADA.replace("-", "")]
)
def test_three_letters_or_an_object_id_are_a_valid_person(typed):
    assert AuditFilterForm({"person": typed}).is_valid()


def test_the_same_day_on_both_ends_is_valid():
    assert AuditFilterForm({"since": "2026-11-20", "until": "2026-11-20"}).is_valid()


def test_the_subject_filter_by_object_id_uses_either_party(make_entry):
    make_entry(reason="about ada", actor_oid=GRACE, subject_oid=ADA)
    assert names(person=ADA) == ["about ada"]
