"""Mentoring matches in Chromium: one entry per interest whose detail opens from the keyboard and names both
sides, with no serious or critical axe-core violation at 1280 px and 390 px."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations
from tests.browser.support import sideways_scroll, sign_in


@pytest.mark.parametrize("width", [1280, 390], ids=str)
def test_a_manager_opens_a_match_with_the_keyboard_and_reads_who_can_help(portal, page: Page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, portal.url, "Priya Raman", "/team/?view=matches")
    match = page.locator(".match").filter(has_text="Kubernetes")
    summary = match.locator("summary")
    expect(summary).to_have_text("Kubernetes: 1 can mentor, 2 want to learn or improve")
    detail = match.locator(".match-people")
    expect(detail).to_be_hidden()

    # Reach the summary by tabbing, as a keyboard user does, and open it with Enter.
    page.locator("#team-heading").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Kubernetes match")
    page.keyboard.press("Enter")
    expect(detail).to_be_visible()
    expect(match.locator("details")).to_have_attribute("open", "")
    expect(detail.get_by_role("heading", name="Can mentor it")).to_be_visible()
    expect(detail.get_by_role("link", name="Ada Okafor", exact=True)).to_be_visible()
    expect(detail.get_by_role("heading", name="Want to learn it")).to_be_visible()
    expect(detail).to_contain_text("Łukasz Wróbel (listed as “kubernetes”)")
    expect(detail.get_by_role("link", name="Chat in Teams with Ada Okafor (opens in a new tab)")).to_be_visible()
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []

    page.keyboard.press("Enter")  # and closes it again
    expect(detail).to_be_hidden()
