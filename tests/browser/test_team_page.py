"""The team page for a manager whose reports have the longest and most accented names, in Chromium at 1280 px and
390 px: no sideways overflow of the page, the matrix's scroll region reached and scrolled by keyboard, the chart, the
contact links, and no serious or critical axe-core violation in any view; and the page for someone no one reports to.
"""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from interests_portal.local_tenant.models import DirectoryObject
from tests.browser.conftest import axe_violations
from tests.browser.long_names import ACCENTED_INTEREST, ACCENTED_NAME, UNBROKEN_INTEREST, UNBROKEN_NAME, LongNames
from tests.browser.long_names import _interest as interest_of
from tests.browser.support import sideways_scroll, sign_in

WIDTHS = (1280, 390)
VIEWS = ("people", "matrix", "interests", "matches")
MANAGER = "Søren Østergaard"


@pytest.fixture(params=WIDTHS, ids=str)
def width(request, page: Page) -> int:
    """A test that takes it runs twice, its window 1280 px wide, then 390 px."""
    page.set_viewport_size({"width": request.param, "height": 900})
    return request.param


@pytest.fixture
def wide_team(long_names: LongNames) -> LongNames:
    """The long names, and enough more people that the matrix scrolls sideways even at 1280 px."""
    for number in range(10):
        person = DirectoryObject.objects.create(
            id=uuid.uuid5(uuid.NAMESPACE_URL, f"team-page:{number}"),
            user_principal_name=f"teammate{number}@kestrel.example", display_name=f"Teammate Number {number}",
            mail=f"teammate{number}@kestrel.example", manager=long_names.manager,
        )  # fmt: skip
        interest_of(person, "Observability", ["wantsToLearn"] if number % 2 else ["askMeAbout"], 10 + number)
    return long_names


def test_every_view_holds_long_names_inside_the_page_and_passes_axe(portal, page, wide_team, width):
    sign_in(page, portal.url, MANAGER, "/team/")
    expect(page.get_by_role("link", name="My team")).to_have_attribute("aria-current", "page")
    for view in VIEWS:
        page.goto(f"{portal.url}/team/?view={view}")
        expect(page.locator("#team-results")).to_contain_text(UNBROKEN_INTEREST[:40])
        assert sideways_scroll(page) == 0, view
        assert axe_violations(page) == [], view

    page.goto(f"{portal.url}/team/people/{wide_team.unbroken.pk}/")
    expect(page.get_by_role("heading", name=UNBROKEN_NAME, level=1)).to_be_visible()
    expect(page.get_by_role("link", name=f"Chat in Teams with {UNBROKEN_NAME} (opens in a new tab)")).to_be_visible()
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []


def test_the_matrix_keeps_names_in_view_and_scrolls_by_keyboard(portal, page, wide_team, width):
    sign_in(page, portal.url, MANAGER, "/team/?view=matrix")
    region = page.get_by_role("region", name=re.compile("^Interests \\(rows\\) by person \\(columns\\)"))
    expect(region).to_be_visible()

    # Tab from the last control before it reaches the region itself (no link in between).
    page.get_by_role("button", name="Apply").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "region":
            break
    expect(region).to_be_focused()
    outline = region.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"  # focus is visible
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert region.evaluate("e => e.scrollLeft") == 0
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    for _ in range(40):  # the browser may scroll smoothly: give it a moment (the CSP forbids wait_for_function)
        if region.evaluate("e => e.scrollLeft") > 0:
            break
        page.wait_for_timeout(50)
    assert region.evaluate("e => e.scrollLeft") > 0

    # The interest names stay in view while the people scroll past.
    first_column = page.locator(".matrix tbody th").first
    box, region_box = first_column.bounding_box(), region.bounding_box()
    assert box
    assert region_box
    assert abs(box["x"] - region_box["x"]) <= 2

    # An 88-character person's name wraps: its column stays narrow, and no name widens the page.
    long_header = page.locator(".matrix thead th").filter(has_text=wide_team.long.display_name)
    header_box = long_header.bounding_box()
    assert header_box
    assert header_box["width"] <= (200 if width == 1280 else 120)
    assert sideways_scroll(page) == 0
    if width == 390:  # the phone still shows the interest column and two people beside it
        cells = page.locator(".matrix thead th")
        boxes = [cells.nth(n).bounding_box() for n in range(3)]
        assert sum(box["width"] for box in boxes if box) <= 390


def test_the_chart_shows_gaps_and_its_numbers_in_words_and_as_a_table(portal, page, wide_team, width):
    sign_in(page, portal.url, MANAGER, "/team/")
    chart = page.get_by_role("img", name=re.compile("^Chart: how many people can mentor"))
    expect(chart).to_be_visible()
    description = chart.evaluate("e => document.getElementById(e.getAttribute('aria-describedby')).textContent")
    assert f"{ACCENTED_INTEREST}: 1 can mentor, 0 can be asked about it, 1 wants to learn, 0 want to improve." in (
        description
    )
    # Cut in the drawing, whole in its tooltip.
    assert page.locator(".tag-chart .chart-name title").first.text_content() == UNBROKEN_INTEREST
    box = chart.bounding_box()
    assert box
    assert box["width"] <= width
    page.get_by_text("The chart's numbers as a table").click()
    table = page.get_by_role("table", name=re.compile("^How many people can mentor"))
    expect(table.get_by_role("rowheader", name="Observability")).to_be_visible()
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Observability"))
    # The demo's Ana and Hương, and the ten teammates: five ask-me-about, five want to learn.
    expect(row.get_by_role("cell")).to_have_text(["12", "1", "5", "6", "0"])
    notes = page.locator(".chart-notes")
    expect(notes).to_contain_text("Mentoring within the team:")
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []


def test_the_filters_change_the_chart_without_a_reload(portal, page, wide_team):
    sign_in(page, portal.url, MANAGER, "/team/")
    page.get_by_label("Collaboration").select_option("ableToMentor")
    page.wait_for_url("**/team/?*tag=ableToMentor*")
    expect(page.locator(".chart-intro")).to_contain_text("among what the filters keep")
    expect(page.locator(".chart-notes")).not_to_contain_text("Mentoring within the team:")


def test_someone_no_one_reports_to_sees_no_my_team_link_and_a_page_explaining_why(portal, page, long_names):
    sign_in(page, portal.url, ACCENTED_NAME, "/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My interests")).to_be_visible()
    expect(nav.get_by_role("link", name="My team")).to_have_count(0)

    page.goto(f"{portal.url}/team/")
    expect(page.get_by_text("No one reports to you in Microsoft 365.")).to_be_visible()
    expect(page.get_by_role("search")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("CSV"))).to_have_count(0)
    expect(page.get_by_role("link", name="Go to your own interests")).to_be_visible()
    assert axe_violations(page) == []
