"""Managers' team review, admins' moderation and the audit log, in Chromium against the local tenant."""

import re
from pathlib import Path

from playwright.sync_api import expect

from interests_portal.audit.models import AuditEntry
from interests_portal.local_tenant.models import Interest
from tests.browser.conftest import axe_violations
from tests.browser.support import pick_account, sign_in


def test_a_manager_filters_opens_a_match_and_exports(portal, page):
    sign_in(page, portal.url, "Priya Raman", "/team/")
    expect(page.get_by_role("heading", name="My team", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Ada Okafor", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Collaboration").select_option("ableToMentor")
    page.wait_for_url("**/team/?*tag=ableToMentor*")
    results = page.locator("#team-results")
    expect(results).to_contain_text("Kubernetes")
    expect(results).not_to_contain_text("Chess")

    page.get_by_label("Collaboration").select_option("")
    page.get_by_label("Show").select_option("matches")
    page.wait_for_url("**view=matches**")
    match = page.locator(".match").filter(has_text="Kubernetes")
    match.locator("summary").click()
    expect(match.locator(".match-people")).to_contain_text("Łukasz Wróbel (listed as “kubernetes”)")
    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these matches as CSV").click()
    download = download_info.value
    assert download.suggested_filename == "mentoring-matches.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Kubernetes,Ada Okafor," in content


def test_an_admin_finds_a_user_restricts_an_interest_with_a_reason_and_sees_it_audited(portal, page):
    sign_in(page, portal.url, "Grace Obi", "/review/people/")
    page.get_by_label("Name or email address").fill("ada")
    page.get_by_role("link", name="Ada Okafor", exact=True).click()
    expect(page.get_by_role("heading", name="Ada Okafor", level=1)).to_be_visible()
    assert axe_violations(page) == []

    chess = page.locator("li.interest").filter(has=page.get_by_role("heading", name="Chess"))
    chess.get_by_label(re.compile("^Reason for moderating")).fill("Mentions a colleague by name.")
    chess.get_by_role("button", name=re.compile("^Restrict to its owner.*Chess")).click()
    # The first moderation asks Microsoft for the moderation permission: the picker, then back to the page, where
    # the moderation the admin asked for completes by itself, with the reason typed before.
    pick_account(page, "Grace Obi", re.compile(r".*/review/people/[0-9a-f-]+/$"))
    expect(page.locator("#status")).to_contain_text("“Chess” was restricted to its owner")
    expect(page.get_by_role("heading", name="Chess")).to_have_count(0)

    ada_chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    assert ada_chess.allowed_audiences == "me"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason, entry.outcome) == ("restrict", "Mentions a colleague by name.", "succeeded")

    page.get_by_role("link", name="Audit log").click()
    row = page.locator("table.audit tbody tr").first
    expect(row).to_contain_text("Grace Obi")
    expect(row).to_contain_text("Restricted an interest (moderation): Who can see it")
    expect(row).to_contain_text("Mentions a colleague by name.")
    # Ada now shares it with nobody: the log keeps who, when, what kind of change and why, not the interest itself.
    expect(row).to_contain_text("(content hidden: not shared with colleagues throughout)")
    expect(row).not_to_contain_text("Chess")
    assert axe_violations(page) == []


def test_an_employee_reaches_neither_review_nor_the_audit_log(portal, page):
    sign_in(page, portal.url, "Lars Nygaard", "/team/")
    expect(page.get_by_text("No one reports to you in Microsoft 365.")).to_be_visible()
    expect(page.get_by_role("link", name="Review people")).to_have_count(0)
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)
    for url in ("/review/people/", "/audit/"):
        response = page.goto(f"{portal.url}{url}")
        assert response.status == 403
        expect(page.get_by_role("heading", name="This page is for portal admins")).to_be_visible()
    assert axe_violations(page) == []
