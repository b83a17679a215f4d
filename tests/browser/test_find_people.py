"""Find people, Mentors for me and the add form's name suggestions in Chromium, with the organisation index built
from the local tenant; axe-clean at both widths, and the read-time check failing as a person would meet it."""

import pytest
from playwright.sync_api import Page, expect

from interests_portal.accounts import entra
from interests_portal.local_tenant.models import Interest
from interests_portal.org_index import sync
from tests.browser.conftest import axe_violations
from tests.browser.support import sideways_scroll, sign_in


@pytest.fixture
def index(portal, settings):
    settings.ORG_INDEX_ENABLED = True
    entra._apps.clear()
    sync.run_sync()
    yield portal
    entra._apps.clear()


def shared_of(key: str) -> Interest:
    return Interest.objects.filter(profile__owner__upn_key__startswith=key, allowed_audiences="organization").first()


@pytest.mark.parametrize("width", [1280, 390])
def test_finding_who_shares_an_interest_as_one_types(index, page: Page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    chess = shared_of("ada.okafor")
    sign_in(page, index.url, "Łukasz Wróbel", "/people/find/")
    expect(page.get_by_role("heading", name="Find people", level=1)).to_be_visible()
    page.get_by_label("Interest or name").fill(chess.display_name)
    result = page.locator(".person-hit").filter(has_text="Ada Okafor")
    expect(result).to_be_visible()
    expect(result.get_by_text(chess.display_name, exact=True)).to_be_visible()
    expect(page.locator("#search-summary")).to_contain_text("found")
    assert "q=" in page.url  # the search is in the address: reloading or sharing it finds the same
    assert axe_violations(page) == []
    assert sideways_scroll(page) == 0


def test_when_graph_can_t_confirm_nothing_is_shown_and_the_typed_words_stay(index, page: Page):
    chess = shared_of("ada.okafor")
    sign_in(page, index.url, "Łukasz Wróbel", "/people/find/")
    index.tenant.control(fail_next=200, status=503, retry_after=0, match="profile/interests")
    page.get_by_label("Interest or name").fill(chess.display_name)
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".person-hit")).to_have_count(0)
    expect(page.get_by_label("Interest or name")).to_have_value(chess.display_name)


def test_the_add_form_suggests_names_the_organisation_uses(index, page: Page):
    chess = shared_of("ada.okafor")
    sign_in(page, index.url, "Łukasz Wróbel", "/interests/")
    name = page.locator("#create-form").get_by_label("Name")
    name.fill(chess.display_name[:3])
    expect(page.locator(f'#name-suggestions option[value="{chess.display_name}"]')).to_have_count(1)


def test_mentors_for_me_reads_clean(index, page: Page):
    sign_in(page, index.url, "Łukasz Wróbel", "/people/mentors/")
    expect(page.get_by_role("heading", name="Mentors for me", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Who can mentor you")).to_be_visible()
    assert axe_violations(page) == []
