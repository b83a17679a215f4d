"""The audit page, an entry's detail and the CSV export, through Django's test client as a portal admin."""

import csv
import io
import json
import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interests_portal.accounts.models import User
from interests_portal.audit.models import AuditEntry
from interests_portal.audit.views import PAGE_SIZE, failure_kind
from interests_portal.portal.dates import iso, utc_text

from .conftest import ADA, GRACE, LUKASZ, SHARED

PRIVATE = "(content hidden: not shared with colleagues throughout)"


def text(answer) -> str:
    return unescape(answer.content.decode())


def csv_rows(answer) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))


def audit_queries(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if "audit_auditentry" in query["sql"]]


# --- The log -------------------------------------------------------------------------------------------------


def test_each_entry_says_what_changed_in_words_and_links_to_its_detail(admin_client, make_entry):
    entry = make_entry(
        before=SHARED | {"displayName": "K8s"},
        after=SHARED | {"allowedAudiences": "organization", "collaborationTags": ["ableToMentor"]},
    )
    page = text(admin_client.get("/audit/"))
    assert "Name: K8s → Kubernetes" in page
    assert "Who can see it: Everyone → My organization" in page
    assert "Tags: + Can mentor" in page
    assert f'href="/audit/{entry.pk}/"' in page
    when = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', page)
    assert when.groups() == (iso(entry.at), utc_text(entry.at))
    assert when.group(2).endswith(" UTC")
    assert "When (UTC)" in page


def test_a_private_interest_keeps_its_who_when_and_fields_but_not_its_content(admin_client, make_entry):
    hidden = SHARED | {"allowedAudiences": "me", "displayName": "Salary notes"}
    make_entry(interest_name="Salary notes", before=hidden, after=hidden | {"collaborationTags": ["x"]})
    page = text(admin_client.get("/audit/"))
    assert "Changed an interest: Tags" in page
    assert PRIVATE in page
    assert "Salary notes" not in page
    assert "Other: x" not in page


def test_the_entries_region_scrolls_by_keyboard_and_is_labelled(admin_client, make_entry):
    make_entry()
    page = text(admin_client.get("/audit/"))
    region = re.search(r'<div class="table-scroll"[^>]*>', page).group(0)
    assert 'role="region"' in region
    assert 'tabindex="0"' in region
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', region).group(1)
    assert re.search(rf'<h2 id="{labelled_by}"[^>]*>\s*1 entry', page)


def test_filtering_by_a_name_without_its_accents_finds_it_and_keeps_what_was_typed(admin_client, make_entry):
    make_entry(reason="found", actor_name="Łukasz Wróbel", actor_oid=LUKASZ, subject_name="Łukasz Wróbel",
               subject_oid=LUKASZ)  # fmt: skip
    make_entry(reason="not this one")
    page = text(admin_client.get("/audit/", {"person": "lukasz"}))
    assert "found" in page
    assert "not this one" not in page
    assert 'value="lukasz"' in page


def test_from_after_to_is_a_field_error_and_nothing_is_looked_up(admin_client, make_entry):
    make_entry(reason="an entry")
    with CaptureQueriesContext(connection) as captured:
        answer = admin_client.get("/audit/", {"person": "Łukasz", "since": "2026-11-20", "until": "2026-11-19"})
    assert answer.status_code == 400
    assert audit_queries(captured) == []
    page = text(answer)
    assert "an entry" not in page
    assert "Nothing was looked up" in page
    assert page.count("<title>Error:") == 1
    until = re.search(r'<input[^>]*name="until"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in until
    assert 'aria-describedby="id_until_error"' in until
    assert 'value="2026-11-19"' in until
    assert "autofocus" in until
    assert re.search(r'<p class="field-error" id="id_until_error">“To” is before “From”', page)
    since = re.search(r'<input[^>]*name="since"[^>]*>', page).group(0)
    assert 'value="2026-11-20"' in since
    assert "aria-invalid" not in since
    assert 'value="Łukasz"' in page


def test_a_name_too_short_to_search_is_a_field_error_that_keeps_what_was_typed(admin_client, make_entry):
    make_entry(reason="an entry", actor_name="Li Wei")
    with CaptureQueriesContext(connection) as captured:
        answer = admin_client.get("/audit/", {"person": "Li", "outcome": "failed"})
    assert answer.status_code == 400
    assert audit_queries(captured) == []
    page = text(answer)
    assert "an entry" not in page
    person = re.search(r'<input[^>]*name="person"[^>]*>', page).group(0)
    assert 'value="Li"' in person
    assert 'aria-invalid="true"' in person
    assert "id_person_error" in re.search(r'aria-describedby="([^"]+)"', person).group(1)
    assert "autofocus" in person
    assert re.search(r'<p class="field-error" id="id_person_error">Type at least 3 letters of a name', page)
    assert re.search(r'<option value="failed" selected>', page)  # the other filters keep what was chosen too
    assert "an entry" in text(admin_client.get("/audit/", {"person": "li w"}))


@pytest.mark.parametrize(
    "filters",
    [{"since": "2026-11-20", "until": "2026-11-19"}, {"person": "Li"}, {"action": "forge"}, {"since": "soon"}],
)
def test_invalid_filters_are_a_400_on_the_page_and_on_its_export_alike(admin_client, make_entry, filters):
    make_entry(reason="an entry")
    page, export = admin_client.get("/audit/", filters), admin_client.get("/audit/export.csv", filters)
    assert (page.status_code, export.status_code) == (400, 400)
    assert page["Content-Type"] == export["Content-Type"] == "text/html; charset=utf-8"
    (error,) = re.findall(r'<p class="field-error" id="[^"]+">([^<]+)</p>', text(page))
    assert re.findall(r'<p class="field-error" id="[^"]+">([^<]+)</p>', text(export)) == [error]
    assert "an entry" not in text(page) + text(export)


def test_the_person_help_describes_the_field(admin_client):
    page = text(admin_client.get("/audit/"))
    person = re.search(r'<input[^>]*name="person"[^>]*>', page).group(0)
    assert 'aria-describedby="id_person_helptext"' in person
    assert 'id="id_person_helptext"' in page


def test_pages_of_fifty_newest_first_with_links_that_keep_the_filters(admin_client, make_entry):
    for number in range(2 * PAGE_SIZE + 3):
        make_entry(reason=f"entry {number:03d}")
    make_entry(reason="another action", action="delete")
    first = text(admin_client.get("/audit/", {"action": "update"}))
    assert "103 entries" in first
    assert "page 1 of 3" in first
    assert "entry 102" in first
    assert "entry 052" not in first
    nav = re.search(r'<nav class="pagination" aria-label="Audit log pages">.*?</nav>', first, re.S).group(0)
    assert '<a href="?action=update&page=1" aria-current="page">' in nav
    assert '?action=update&page=2" rel="next"' in nav
    second = text(admin_client.get("/audit/", {"action": "update", "page": "2"}))
    assert "entry 052" in second
    assert "entry 102" not in second
    assert "another action" not in second
    assert '<a href="?action=update&page=2" aria-current="page">' in second
    last = text(admin_client.get("/audit/", {"action": "update", "page": "99"}))  # past the end: the last page
    assert "entry 000" in last


def test_the_log_is_for_portal_admins_only(client, make_entry):
    entry = make_entry()
    lars = User.objects.create(username="lars", entra_object_id=ADA)
    client.force_login(lars)
    for url in ("/audit/", f"/audit/{entry.pk}/", "/audit/export.csv"):
        assert client.get(url).status_code == 403


# --- One entry ----------------------------------------------------------------------------------------------


def test_an_entry_shows_before_and_after_side_by_side(admin_client, make_entry):
    entry = make_entry(
        before=SHARED | {"description": "Old words", "lastModifiedDateTime": "2026-11-20T08:00:00Z"},
        after=SHARED | {"description": "New words", "allowedAudiences": "organization",
                        "lastModifiedDateTime": "2026-11-23T17:10:05Z"},
        reason="", graph_request_id="req-77",
    )  # fmt: skip
    page = text(admin_client.get(f"/audit/{entry.pk}/", {"person": "ada", "page": "2"}))
    assert '<a href="/audit/?person=ada&page=2">Back to the audit log</a>' in page
    assert "<h2>What changed</h2>" in page
    assert "<li>Description changed</li>" in page
    assert re.search(r'<th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th>', page)
    row = re.search(r'<tr class="changed">\s*<th scope="row">Who can see it <span class="changed-mark">changed</span>'
                    r"</th>\s*<td>Everyone</td><td>My organization</td>", page)  # fmt: skip
    assert row
    assert re.search(r'<tr>\s*<th scope="row">Name</th>\s*<td>Kubernetes</td><td>Kubernetes</td>', page)
    assert "20 Nov 2026, 08:00 UTC" in page  # Graph's lastModifiedDateTime, in words
    assert "req-77" in page
    assert f'href="/audit/?person={GRACE}"' not in page  # the actor is Ada
    assert f'href="/audit/?person={ADA}"' in page
    region = re.search(r'<div class="table-scroll"[^>]*>', page).group(0)
    assert 'role="region"' in region
    assert 'tabindex="0"' in region
    assert 'aria-labelledby="audit-states-heading"' in region


def test_a_failed_change_shows_what_was_asked_for(admin_client, make_entry):
    entry = make_entry(after=None, changes={"collaborationTags": {"askMeAbout": True}}, outcome="refused",
                       error_code="Authorization_RequestDenied", error_message="Insufficient privileges")  # fmt: skip
    page = text(admin_client.get(f"/audit/{entry.pk}/"))
    assert '<th scope="col">Asked for</th>' in page
    assert "Not saved. Asked for:" in page
    assert "<li>Tags: + Ask me about</li>" in page
    # The kind of failure in words; Graph's own code and (English) message below it, for whoever investigates.
    assert "Refused by Microsoft 365: Microsoft 365 didn't allow it" in page
    assert '<code>Authorization_RequestDenied</code> <span lang="en">Insufficient privileges</span>' in page


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("serviceNotAvailable", "Microsoft 365 wasn't answering"),
        ("ServiceUnavailable", "Microsoft 365 wasn't answering"),
        ("TooManyRequests", "Microsoft 365 was busy (throttled)"),
        ("Request_ResourceNotFound", "Microsoft 365 no longer had it"),
        ("invalidRequest", "Microsoft 365 refused it as invalid"),
        ("somethingNew", "somethingNew"),
    ],
)
def test_graph_error_codes_read_as_one_kind_of_failure_each(code, words):
    assert failure_kind(code) == words


def test_a_private_entry_shows_no_content(admin_client, make_entry):
    hidden = SHARED | {"displayName": "Salary notes", "allowedAudiences": "family", "description": "Numbers"}
    entry = make_entry(interest_name="Salary notes", before=hidden, after=hidden | {"description": "More numbers"},
                       changes={"description": "More numbers"}, error_message="Salary notes refused")  # fmt: skip
    page = text(admin_client.get(f"/audit/{entry.pk}/"))
    assert "Changed an interest: Description" in page
    assert "didn't share this interest with colleagues in every state" in page
    for content in ("Salary notes", "Numbers", "Before", "Description changed"):
        assert content not in page


def test_an_unknown_entry_is_not_found(admin_client):
    assert admin_client.get("/audit/999999/").status_code == 404


# --- The CSV export -----------------------------------------------------------------------------------------


def test_the_csv_carries_json_that_reads_back_and_the_changes_in_words(admin_client, make_entry):
    before = SHARED | {"displayName": "Økonomi", "categories": ["Ærø", "=SUM(A1)"], "webUrl": None}
    after = before | {"allowedAudiences": "organization", "collaborationTags": ["wantsToLearn"]}
    make_entry(interest_name="Økonomi", before=before, after=after, subject_name="Łukasz Wróbel",
               subject_oid=LUKASZ, actor_name="Łukasz Wróbel", actor_oid=LUKASZ,
               changes={"allowedAudiences": "organization", "collaborationTags": ["wantsToLearn"]})  # fmt: skip
    answer = admin_client.get("/audit/export.csv", {"person": "lukasz"})
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    header, row = csv_rows(answer)
    assert header[-3:] == ["Changes", "Before (JSON)", "After (JSON)"]
    record = dict(zip(header, row, strict=True))
    assert json.loads(record["Before (JSON)"]) == before
    assert json.loads(record["After (JSON)"]) == after
    assert record["Before (JSON)"] == json.dumps(before, ensure_ascii=False, sort_keys=True)
    assert "Økonomi" in record["Before (JSON)"]  # UTF-8, not \u escapes
    assert record["Changes"].splitlines() == ["Who can see it: Everyone → My organization", "Tags: + Wants to learn"]
    assert record["Action"] == "Changed an interest: Who can see it, Tags"
    assert record["Whose profile"] == "Łukasz Wróbel"


def test_the_csv_keeps_private_content_out(admin_client, make_entry):
    hidden = SHARED | {"displayName": "Salary notes", "allowedAudiences": "me"}
    make_entry(interest_name="Salary notes", before=hidden, after=hidden | {"collaborationTags": ["askMeAbout"]})
    header, row = csv_rows(admin_client.get("/audit/export.csv"))
    record = dict(zip(header, row, strict=True))
    assert [record[column] for column in ("Interest", "Changes", "Before (JSON)", "After (JSON)")] == [PRIVATE] * 4
    assert "Salary" not in ",".join(row)


def test_an_export_with_an_invalid_range_says_so_instead_of_exporting(admin_client, make_entry):
    make_entry()
    answer = admin_client.get("/audit/export.csv", {"since": "2026-11-20", "until": "2026-11-01"})
    assert answer.status_code == 400
    assert "“To” is before “From”" in text(answer)


# --- Django's admin -----------------------------------------------------------------------------------------


def test_django_admin_shows_audit_entries_read_only(client, db):
    admin = User.objects.create(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    entry = AuditEntry.objects.create(actor_name="a", actor_oid="1", subject_name="b", subject_oid="2",
                                      action="create", outcome="succeeded")  # fmt: skip
    assert client.get("/admin/audit/auditentry/").status_code == 200
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # a view, not a form
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() == 1


def test_django_admin_speaks_german_to_a_german_browser(admin_client, make_entry):
    entry = make_entry(at=datetime(2026, 11, 23, 17, 10, tzinfo=UTC))
    listing = text(admin_client.get("/admin/audit/auditentry/", HTTP_ACCEPT_LANGUAGE="de"))
    headings = re.findall(r'<th scope="col" class="[^"]*column-[^"]*">.*?<(?:a|span)[^>]*>([^<]+)</', listing, re.S)
    assert headings == ["Wann (UTC)", "Wer", "Aktion", "Wessen Profil", "Interesse", "Ergebnis",
                        "Graph-Anforderungs-ID"]  # fmt: skip
    assert "<title>Protokolleintrag zum Ansehen auswählen" in listing
    detail = text(admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/", HTTP_ACCEPT_LANGUAGE="de"))
    labels = re.findall(r"<label>([^<]+):</label>", detail)
    assert labels[:5] == ["Wann (UTC)", "Wer", "Wer (Objekt-ID)", "Wessen Profil", "Wessen Profil (Objekt-ID)"]
    assert "Vorher (JSON von Graph)" in labels
    assert "2026-11-23 17:10 UTC Ada Okafor: Interesse geändert (Erfolgreich)" in detail


@pytest.mark.parametrize("term", ["lukasz", "WROBEL", "Łukasz"])
def test_django_admin_search_finds_names_without_their_accents(admin_client, make_entry, term):
    make_entry(actor_name="Łukasz Wróbel", actor_oid=LUKASZ, reason="one")
    make_entry(actor_name="Ada Okafor", reason="two")
    page = text(admin_client.get("/admin/audit/auditentry/", {"q": term}))
    assert "Łukasz Wróbel" in page
    assert "1 result" in page


def test_a_large_result_is_counted_only_as_far_as_it_is_paged(admin_client, make_entry, monkeypatch):
    monkeypatch.setattr("interests_portal.audit.views.PAGED_AT_MOST", 60)
    for number in range(61):
        make_entry(reason=f"entry {number:03d}", action="create" if number == 0 else "update")
    with CaptureQueriesContext(connection) as captured:
        first = text(admin_client.get("/audit/"))
    assert "More than 60 entries" in first
    assert "page 1 of 2" in first
    assert "These pages hold the newest 60." in first
    assert "Download every match as CSV" in first
    (count,) = [sql for sql in audit_queries(captured) if "COUNT(" in sql.upper()]
    assert "LIMIT 61" in count
    last = text(admin_client.get("/audit/", {"page": "2"}))
    assert "entry 001" in last
    assert "entry 000" not in last  # the 61st: reached by narrowing the filters
    assert "entry 000" in text(admin_client.get("/audit/", {"action": "create"}))
    assert len(csv_rows(admin_client.get("/audit/export.csv"))) == 62  # the header and every match


def test_an_empty_log_says_so(admin_client):
    page = text(admin_client.get("/audit/"))
    assert "0 entries" in page
    assert "Nothing has been recorded yet." in page
    assert "<table" not in page
    assert "No entries match these filters." in text(admin_client.get("/audit/", {"person": "nobody"}))
