"""My interests, after a QA walk in Chromium: the list says when it is being fetched and when a search failed, the
"Visible to" filter reads unlike the audience "Everyone" in German, a failed queued change says which one it was,
Escape cancels an edit, and on a phone the first interest is in the first screen."""

import pytest
from playwright.sync_api import Page, expect

from interests_portal.local_tenant.models import Interest
from tests.browser.conftest import PageOpener, axe_violations
from tests.browser.support import sign_in
from tests.browser.test_my_interests_layout import DESKTOP, PHONE, ada_long
from tests.browser.test_self_service import ada_interest, row

LIST_GET = "^GET /me/profile/interests$"

# Nine interests (search shows from seven): the fixture returns the portal the tests ask for.
pytestmark = pytest.mark.usefixtures(ada_long.__name__)


def signed_in_as_ada(portal, open_page: PageOpener, *, locale: str = "en-GB", viewport: dict) -> Page:
    page = open_page(locale=locale, viewport=viewport)
    sign_in(page, portal.url, "Ada Okafor")
    return page


def test_a_slow_search_shows_progress_and_a_failed_one_keeps_the_words_beside_the_list_it_did_not_change(
    portal, open_page: PageOpener
):
    page = signed_in_as_ada(portal, open_page, viewport=PHONE)
    search = page.get_by_role("searchbox", name="Search")
    progress = page.locator("#filters-progress")
    expect(progress).to_be_hidden()
    portal.tenant.control(latency_ms=1500)
    search.fill("Kubernetes")
    expect(progress).to_be_visible()
    expect(progress).to_have_text("Updating the list…")
    expect(page.locator("#list-summary")).to_have_text("Showing 1 of 9 interests.")
    expect(progress).to_be_hidden()

    portal.tenant.control(latency_ms=0, fail_rate=1, status=503, retry_after=0, match=LIST_GET)
    search.fill("Café")
    failed = page.locator("#filters-error")
    expect(failed).to_contain_text("Couldn't update the list")
    expect(failed).to_contain_text("It still shows the previous results.")
    expect(failed).to_be_in_viewport()  # beside the search, not only in the message bar
    expect(search).to_have_value("Café")
    expect(page.locator("#list-summary")).to_have_text("Showing 1 of 9 interests.")
    expect(page.locator("#interest-rows li.interest")).to_have_count(1)

    portal.tenant.control(fail_rate=0)
    search.press("Enter")  # another try: the note goes, the list answers the words typed
    expect(page.locator("#list-summary")).to_have_text("Showing 1 of 9 interests.")
    expect(page.locator("#interest-rows")).to_contain_text("Café culture")
    expect(failed).to_be_empty()


def test_in_german_the_no_filter_choice_reads_unlike_the_audience_everyone(portal, open_page: PageOpener):
    page = signed_in_as_ada(portal, open_page, locale="de-DE", viewport=PHONE)
    options = page.locator("#id_audience option").all_inner_texts()
    assert options[0] == "Alle Zielgruppen"
    assert "Alle" in options  # the audience "Everyone"
    assert len(set(options)) == len(options)


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_on_a_phone_the_first_interest_is_in_the_first_screen_and_every_filter_shows_its_choice(
    portal, open_page: PageOpener, locale
):
    page = signed_in_as_ada(portal, open_page, locale=locale, viewport=PHONE)
    first = page.locator("#interest-rows li.interest").first.bounding_box()
    assert first is not None
    assert first["y"] < 600
    # The explanations come after the list, closed.
    glossary = page.locator("details.glossary")
    expect(glossary).not_to_have_attribute("open", "")
    assert glossary.bounding_box()["y"] > first["y"]
    expect(page.locator(".add-jump")).to_be_visible()  # the add form is far below: one tap away
    # Every order, and every filter's "any", fits its select: the label, in the select's font, is narrower than
    # the select less its padding and arrow.
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('#filters select')].flatMap(select => {
            const style = getComputedStyle(select);
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
            const shown = select.name === 'sort' ? [...select.options] : [select.options[0]];
            return shown.map(o => o.text).filter(text => context.measureText(text).width > room);
        })"""
    )
    assert too_wide == []


def test_on_a_wide_screen_the_add_form_is_beside_the_list_without_a_jump_to_it(portal, open_page: PageOpener):
    page = signed_in_as_ada(portal, open_page, viewport=DESKTOP)
    jump = page.get_by_role("link", name="Add an interest")
    assert jump.bounding_box()["width"] <= 1  # the form is in view beside the list: nothing to show
    jump.focus()  # for the keyboard, which reaches the form only after the whole list: shown, as a skip link is
    assert jump.bounding_box()["width"] > 50
    expect(page.get_by_role("heading", name="Add an interest", level=2)).to_be_in_viewport()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_headings_go_down_one_level_at_a_time(portal, open_page: PageOpener, viewport):
    page = signed_in_as_ada(portal, open_page, viewport=viewport)
    assert axe_violations(page) == []  # loads axe too
    moderate = page.evaluate("async () => (await axe.run(document, {runOnly: ['heading-order']})).violations")
    assert moderate == []
    expect(page.get_by_role("heading", name="Your interests", level=2)).to_have_count(1)


def test_escape_cancels_an_edit_and_returns_to_its_edit_button(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    row(page, chess).get_by_role("button", name="Edit").click()
    name = row(page, chess).get_by_label("Name")
    expect(name).to_be_focused()
    name.fill("Chess960")
    name.press("Escape")
    expect(row(page, chess).get_by_role("heading", name="Chess", level=3)).to_be_visible()
    expect(row(page, chess).get_by_label("Name")).to_have_count(0)
    expect(page.locator(f"#edit-{chess.pk}")).to_be_focused()
    assert Interest.objects.get(pk=chess.pk).display_name == "Chess"
