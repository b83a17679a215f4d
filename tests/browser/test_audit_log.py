"""The audit log in Chromium, as a portal admin reads it: filters, an entry's detail, at 1280 px and 390 px."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from interests_portal.audit.models import AuditEntry
from tests.browser.conftest import axe_violations
from tests.browser.support import sideways_scroll, sign_in

WIDTHS = (1280, 390)
# A name with no place to break, as the long-name fixtures: it must wrap inside its cell, not widen the page.
LONG = "Maximiliana" + "x" * 200 + " Long-Surname"
SHARED = {"id": "int-1", "allowedAudiences": "everyone", "collaborationTags": ["wantsToLearn"]}


@pytest.fixture
def entries(portal) -> dict[str, AuditEntry]:
    lukasz, ada = portal.tenant.user("lukasz.wrobel"), portal.tenant.user("ada.okafor")
    make = lambda **fields: AuditEntry.objects.create(outcome="succeeded", action="update", **fields)  # noqa: E731
    return {
        "lukasz": make(
            at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC), actor_name="Łukasz Wróbel", actor_oid=str(lukasz.pk),
            subject_name="Łukasz Wróbel", subject_oid=str(lukasz.pk), interest_name="Kubernetes",
            before=SHARED | {"displayName": "Kubernetes"},
            after=SHARED | {"displayName": "Kubernetes", "allowedAudiences": "organization",
                            "collaborationTags": ["wantsToLearn", "ableToMentor"]},
            changes={"allowedAudiences": "organization", "collaborationTags": ["wantsToLearn", "ableToMentor"]},
            graph_request_id="4f1c2a9e-5b7d-4c1a-9e3f-2d6b8a0c1e57",
        ),
        "ada": make(
            at=datetime(2026, 11, 21, 9, 30, tzinfo=UTC), actor_name="Ada Okafor", actor_oid=str(ada.pk),
            subject_name="Ada Okafor", subject_oid=str(ada.pk), interest_name=LONG,
            before=SHARED | {"displayName": LONG}, after=SHARED | {"displayName": LONG + " 2"},
            reason=LONG,
        ),
    }  # fmt: skip


def test_an_admin_finds_an_accented_name_unaccented_and_reads_the_entry(portal, page, entries):
    sign_in(page, portal.url, "Grace Obi", "/audit/")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{portal.url}/audit/")
        expect(page.get_by_role("heading", name="Audit log", level=1)).to_be_visible()
        expect(page.locator("table.audit tbody tr")).to_have_count(2)
        assert sideways_scroll(page) == 0, width
        assert axe_violations(page) == [], width
        region = page.get_by_role("region", name=re.compile("^2 entries"))
        region.focus()  # reachable by keyboard, with its name read out
        expect(region).to_be_focused()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Person").fill("lukasz")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/audit/?person=lukasz*")
    rows = page.locator("table.audit tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Łukasz Wróbel")
    expect(rows.first).to_contain_text("Who can see it: Everyone → My organization")
    expect(rows.first).to_contain_text("Tags: + Can mentor")
    expect(rows.first).to_contain_text("20 Nov 2026, 09:30 UTC")
    expect(page.get_by_label("Person")).to_have_value("lukasz")

    rows.first.get_by_role("link", name=re.compile("^Details of the entry of 20 Nov 2026")).click()
    page.wait_for_url(f"**/audit/{entries['lukasz'].pk}/?person=lukasz")
    expect(page.get_by_role("heading", name="Changed an interest", level=1)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Field", "Before", "After"])
    audience = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^Who can see it")))
    expect(audience).to_contain_text("changed")
    expect(audience.get_by_role("cell")).to_have_text(["Everyone", "My organization"])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert sideways_scroll(page) == 0, width
        assert axe_violations(page) == [], width
    page.get_by_role("link", name="Back to the audit log").click()
    expect(page.get_by_label("Person")).to_have_value("lukasz")


def test_a_from_date_after_the_to_date_is_explained_at_the_field(portal, page, entries):
    sign_in(page, portal.url, "Grace Obi", "/audit/")
    page.get_by_label("Person").fill("Łukasz")
    page.get_by_label("From (UTC)").fill("2026-11-20")
    page.get_by_label("To (UTC)").fill("2026-11-19")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**until=2026-11-19*")
    to = page.get_by_label("To (UTC)")
    expect(to).to_be_focused()  # the page opens at what to fix
    expect(to).to_have_attribute("aria-invalid", "true")
    expect(to).to_have_accessible_description(re.compile("“To” is before “From”"))
    expect(to).to_have_value("2026-11-19")
    expect(page.get_by_label("From (UTC)")).to_have_value("2026-11-20")
    expect(page.get_by_label("Person")).to_have_value("Łukasz")
    expect(page.locator("table.audit")).to_have_count(0)
    assert page.title().startswith("Error:")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert sideways_scroll(page) == 0, width
        assert axe_violations(page) == [], width
