# ruff: noqa: RUF001 (typography: the pages put an en dash between the numbers of a range)
"""My interests a page at a time, in Chromium: paging with the keyboard lands on the new page's top, back and forward
walk the pages, a new search starts at the first page, a slow page says it is coming, and without JavaScript the
pager is plain links; at 1280 and 390 pixels, axe-clean."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageOpener, axe_violations
from tests.browser.support import sideways_scroll, sign_in
from tests.browser.test_my_interests_layout import WIDTHS
from tests.interests.test_paging import give, item


@pytest.fixture
def ada_sixty(portal):
    give(portal.tenant, "ada.okafor", 60)
    return portal


def names(page: Page) -> list[str]:
    return page.locator("#interest-rows .interest-name").all_inner_texts()


@pytest.mark.parametrize("width", WIDTHS)
def test_paging_with_the_keyboard_lands_on_the_new_page_and_back_walks_the_pages(
    ada_sixty, open_page: PageOpener, width
):
    portal = ada_sixty
    page = open_page(viewport=WIDTHS[width])
    sign_in(page, portal.url, "Ada Okafor")
    pager = page.get_by_role("navigation", name="Pages of your interests")
    expect(pager).to_be_visible()
    expect(pager.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []

    pager.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/interests/\?page=2$"))
    summary = page.locator("#list-summary")
    expect(summary).to_have_text("Showing 26–50 of 60 interests.")
    expect(summary).to_be_focused()  # the top of the new page, not the top of the document
    assert names(page) == [item(59 - n) for n in range(25, 50)]
    expect(pager.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    page.keyboard.press("Tab")  # on into the first row of the page
    expect(page.locator("#interest-rows li.interest").first.locator("select")).to_be_focused()
    assert axe_violations(page) == []

    page.go_back()
    expect(page).to_have_url(f"{portal.url}/interests/")
    expect(page.locator("#list-summary")).to_have_text("Showing 1–25 of 60 interests.")
    page.go_forward()
    expect(page.locator("#list-summary")).to_have_text("Showing 26–50 of 60 interests.")


def test_a_new_order_or_search_starts_at_the_first_page_and_the_pages_keep_it(ada_sixty, open_page: PageOpener):
    portal = ada_sixty
    page = open_page(viewport=WIDTHS["1280"])
    sign_in(page, portal.url, "Ada Okafor", next_path="/interests/?page=3")
    expect(page.locator("#list-summary")).to_have_text("Showing 51–60 of 60 interests.")
    page.get_by_label("Sort by").select_option("name")
    expect(page).to_have_url(re.compile(r"/interests/\?[^#]*sort=name"))
    expect(page.locator("#list-summary")).to_have_text("Showing 1–25 of 60 interests.")  # page 1 again
    assert "page=" not in page.url
    assert names(page)[0] == item(0)
    page.get_by_role("link", name="Page 3").click()
    expect(page.locator("#list-summary")).to_have_text("Showing 51–60 of 60 interests.")
    assert names(page) == [item(n) for n in range(50, 60)]  # by name, across every page
    expect(page).to_have_url(re.compile(r"sort=name&page=3$"))
    page.get_by_role("searchbox", name="Search").fill("item 007")
    expect(page.locator("#interest-rows .interest-name")).to_have_text([item(7)])
    expect(page.get_by_role("navigation", name="Pages of your interests")).to_have_count(0)
    assert "page=" not in page.url


def test_a_slow_page_says_it_is_coming(ada_sixty, open_page: PageOpener):
    portal = ada_sixty
    page = open_page(viewport=WIDTHS["390"])
    sign_in(page, portal.url, "Ada Okafor")
    progress = page.locator("#pager-progress")
    expect(progress).to_be_hidden()
    portal.tenant.control(latency_ms=1500)
    page.get_by_role("link", name="Next page").click()
    expect(progress).to_be_visible()
    expect(progress).to_have_text("Loading the page…")
    # Meanwhile the rows stay readable: marked as being replaced, not dimmed below WCAG's contrast (a retried
    # request can wait seconds in this state).
    assert page.locator("#interest-rows").evaluate("rows => getComputedStyle(rows).opacity") == "1"
    assert page.locator("#interest-rows").evaluate("rows => getComputedStyle(rows).outlineStyle") == "dashed"
    assert axe_violations(page) == []
    expect(page.locator("#list-summary")).to_have_text("Showing 26–50 of 60 interests.")
    portal.tenant.control(latency_ms=0)


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_pager_is_links_to_the_list_top(ada_sixty, open_page: PageOpener, width):
    portal = ada_sixty
    page = open_page(viewport=WIDTHS[width], java_script_enabled=False)
    sign_in(page, portal.url, "Ada Okafor", next_path="/interests/?sort=name")
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"/interests/\?sort=name&page=2#list-summary$"))
    expect(page.locator("#list-summary")).to_have_text("Showing 26–50 of 60 interests.")
    assert names(page) == [item(n) for n in range(25, 50)]
    expect(page.locator("#list-summary")).to_be_in_viewport()
    page.get_by_role("link", name="Previous page").click()
    expect(page.locator("#list-summary")).to_have_text("Showing 1–25 of 60 interests.")
    # (No script runs in this page, axe's included: the same pager is checked by axe in the tests above.)
    assert page.locator("#pager").bounding_box()["width"] <= WIDTHS[width]["width"]
