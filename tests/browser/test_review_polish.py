"""What a QA walk found on the review pages: a resumed moderation's notice that outlived its request, moderation
without visible progress, and the team views at phone width — in Chromium against the local tenant."""

import re

import pytest
from playwright.sync_api import Page, expect

from interests_portal.audit.models import AuditEntry
from interests_portal.local_tenant.models import Interest
from tests.browser.conftest import axe_violations
from tests.browser.long_names import ACCENTED_INTEREST, ACCENTED_NAME, LongNames
from tests.browser.long_names import _interest as interest_of
from tests.browser.support import pick_account, sideways_scroll, sign_in

MANAGER = "Søren Østergaard"
MODERATION_WRITE = r"^(PATCH|DELETE) /users/\{id\}/profile/interests/"


def _chess(portal) -> Interest:
    return Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")


def test_a_resumed_moderation_that_fails_drops_its_notice_and_says_nothing_was_changed(portal, page: Page):
    sign_in(page, portal.url, "Grace Obi", "/review/people/")  # without the moderation permission yet
    page.goto(f"{portal.url}/review/people/{portal.tenant.user('ada.okafor').pk}/")
    chess = page.locator("li.interest").filter(has=page.get_by_role("heading", name="Chess"))
    chess.get_by_label(re.compile("^Reason for moderating")).fill("Mentions a colleague by name.")
    # Microsoft 365 stops answering the write, past every retry, once consent has been given.
    portal.tenant.control(fail_next=20, status=503, retry_after=0, match=MODERATION_WRITE)
    chess.get_by_role("button", name=re.compile("^Restrict to its owner")).click()
    pick_account(page, "Grace Obi", re.compile(r".*/review/people/[0-9a-f-]+/$"))

    expect(chess.locator(".slot-message")).to_contain_text("Not restricted: nothing was changed.", timeout=20_000)
    expect(chess).to_contain_text("isn't answering")  # Graph's reason
    expect(page.get_by_text("finishing your moderation")).to_have_count(0)  # no longer claims work is going on
    expect(chess.get_by_label(re.compile("^Reason for moderating"))).to_have_value("Mentions a colleague by name.")
    expect(chess.locator(".spinner")).to_be_hidden()
    assert _chess(portal).allowed_audiences != "me"
    assert axe_violations(page) == []


def test_a_moderation_shows_progress_while_it_waits(portal, page: Page):
    sign_in(page, portal.url, "Grace Obi", "/review/people/", moderation="1")
    page.goto(f"{portal.url}/review/people/{portal.tenant.user('ada.okafor').pk}/")
    chess = page.locator("li.interest").filter(has=page.get_by_role("heading", name="Chess"))
    spinner = chess.locator(".spinner")
    expect(spinner).to_be_hidden()
    chess.get_by_label(re.compile("^Reason for moderating")).fill("Names a colleague.")
    portal.tenant.control(latency_ms=1500)
    page.once("dialog", lambda dialog: dialog.accept())
    chess.get_by_role("button", name=re.compile("^Delete")).click()  # the button's own request, not the form's
    expect(spinner).to_be_visible()
    expect(page.locator("#status")).to_contain_text("“Chess” was deleted", timeout=20_000)
    portal.tenant.control(latency_ms=0)
    assert AuditEntry.objects.get().reason == "Names a colleague."


# --- The matrix at phone width ----------------------------------------------------------------------------------

ORDINARY = "Contemporary art"


@pytest.fixture
def long_matrix(long_names: LongNames) -> LongNames:
    """The long names, an ordinary two-word interest, and enough interests that the matrix scrolls down."""
    interest_of(long_names.accented, ORDINARY, ["askMeAbout"], 20)
    for number in range(30):
        interest_of(long_names.accented, f"Topic {number:02d}", ["wantsToLearn"], 30 + number)
    return long_names


def test_the_matrix_at_phone_width_breaks_no_ordinary_word_and_keeps_its_header_in_view(portal, page, long_matrix):
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, portal.url, MANAGER, "/team/?view=matrix")
    cell = page.locator(".matrix-interest", has_text=ORDINARY)
    expect(cell).to_be_visible()
    # A word drawn on one line has one box; a word broken across lines has two.
    boxes = cell.evaluate(
        """(e, word) => { const text = e.firstChild; const range = document.createRange();
             range.setStart(text, text.data.indexOf(word)); range.setEnd(text, text.data.indexOf(word) + word.length);
             return range.getClientRects().length; }""",
        "Contemporary",
    )
    assert boxes == 1
    assert sideways_scroll(page) == 0  # and the 255-character unbroken names still don't widen the page

    region = page.get_by_role("region", name=re.compile("^Interests \\(rows\\) by person \\(columns\\)"))
    assert region.evaluate("e => e.scrollHeight > e.clientHeight")  # a long table scrolls inside its region
    region.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    header = page.locator(".matrix thead th").nth(1)
    header_box, region_box = header.bounding_box(), region.bounding_box()
    assert header_box
    assert region_box
    assert abs(header_box["y"] - region_box["y"]) <= 2  # the header row stays at the top of the region
    assert axe_violations(page) == []


def test_people_are_reachable_from_every_team_view(portal, page, long_names):
    sign_in(page, portal.url, MANAGER, "/team/?view=matrix")
    header = page.locator(".matrix thead").get_by_role("link", name=ACCENTED_NAME)
    header.click()
    expect(page.get_by_role("heading", name=ACCENTED_NAME, level=1)).to_be_visible()

    page.goto(f"{portal.url}/team/?view=interests")
    group = page.locator(".group").filter(has=page.get_by_role("heading", name=re.compile("^" + ACCENTED_INTEREST)))
    group.locator("summary").click()
    chat = group.get_by_role("link", name=f"Chat in Teams with {ACCENTED_NAME} (opens in a new tab)")
    expect(chat).to_be_visible()
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []

    page.goto(f"{portal.url}/team/?view=matches")
    match = page.locator(".match").first
    match.locator("summary").click()
    # One entry per interest: everyone on either side of it, each with their own links (Kubernetes: Ada can mentor,
    # Łukasz and Zoë want to learn).
    expect(match.get_by_role("link", name=re.compile("^Email"))).to_have_count(3)
    assert axe_violations(page) == []
