"""The portal as a browser set to German gets it: signing in, My interests and its forms, failures told in German,
at desktop and phone widths, accessible. The local tenant's pages stay English, and say so, as Microsoft's own
sign-in pages are none of the portal's to translate."""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageOpener, axe_violations
from tests.browser.support import pick_account, sideways_scroll
from tests.browser.test_self_service import ada_interest, row


@pytest.fixture
def german(open_page: PageOpener) -> Page:
    """A browser whose language is German (it asks for de-DE)."""
    return open_page("de-DE")


def sign_in_in_german(page: Page, portal) -> None:
    """Ada Okafor signs in from the start page, in German, through the account picker, in English."""
    page.goto(f"{portal.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Halten Sie Ihre Interessen aktuell", level=1)).to_be_visible()
    page.get_by_role("link", name="Mit Microsoft anmelden").click()
    expect(page.get_by_role("heading", name="Pick an account", level=1)).to_be_visible()
    pick_account(page, "Ada Okafor", f"{portal.url}/interests/")


@pytest.mark.parametrize("width", [1280, 390])
def test_my_interests_and_its_forms_are_in_german(portal, german, width):
    page = german
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_in_german(page, portal)

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_title("Meine Interessen · Interessenportal")
    expect(page.get_by_role("heading", name="Meine Interessen", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    expect(nav.get_by_role("link", name="Meine Interessen")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()

    form = page.locator("#create-form")
    expect(form.get_by_label("Beschreibung")).to_be_visible()
    expect(form.get_by_role("button", name="Interesse hinzufügen")).to_be_visible()
    chess = row(page, ada_interest(portal, "Chess"))
    expect(chess.get_by_label("Sichtbar für").locator("option:checked")).to_have_text("Alle")
    expect(chess.get_by_role("button", name="Kann Mentoring geben")).to_be_visible()
    # When it last changed: German words and month, in UTC and saying so.
    expect(chess.locator(".meta")).to_contain_text("Zuletzt geändert am")
    expect(chess.locator(".meta time")).to_have_text(
        re.compile(r"^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}, \d{2}:\d{2} UTC$")
    )

    assert sideways_scroll(page) == 0  # German's longer words still fit
    assert axe_violations(page) == []


def test_the_edit_form_is_in_german(portal, german):
    page = german
    sign_in_in_german(page, portal)
    chess = row(page, ada_interest(portal, "Chess"))
    chess.get_by_role("button", name="Bearbeiten Chess").click()

    form = chess.locator("form.interest-form")
    expect(form.get_by_role("heading", name="Interesse bearbeiten")).to_be_visible()
    expect(form.get_by_label("Name")).to_have_value("Chess")
    expect(form.get_by_label("Beschreibung")).to_be_visible()
    expect(form.get_by_role("button", name="Änderungen speichern")).to_be_visible()
    assert axe_violations(page) == []


def test_a_mistake_in_a_form_is_explained_in_german(portal, german):
    page = german
    sign_in_in_german(page, portal)
    form = page.locator("#create-form")
    form.get_by_label("Name").fill("Go")
    form.get_by_label("Link").fill("go.dev")
    form.get_by_role("button", name="Interesse hinzufügen").click()

    expect(form.get_by_label("Link")).to_be_focused()
    expect(form).to_contain_text("Bitte eine gültige Adresse eingeben.")  # Django's own German, beside the field
    expect(form.get_by_label("Name")).to_have_value("Go")  # what was typed stays


def test_a_failed_change_is_told_in_german_and_graph_keeps_its_value(portal, german):
    page = german
    sign_in_in_german(page, portal)
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.05, match="PATCH")
    select = row(page, chess).get_by_label("Sichtbar für")
    select.select_option("contacts")

    alert = page.locator("#alerts [role=alert]")
    expect(alert).to_contain_text("Microsoft 365 antwortet gerade nicht. Bitte versuchen Sie es gleich noch einmal.")
    expect(alert.get_by_role("button", name="Schließen (diese Meldung)")).to_be_visible()
    expect(select).to_have_value("everyone")  # what Graph kept
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"
    assert axe_violations(page) == []


def test_when_the_portal_cannot_be_reached_the_browser_says_so_in_german(portal, german):
    """portal.js's own alert: its words come from the page (base.html's template), not from the script."""
    page = german
    sign_in_in_german(page, portal)
    page.route("**/interests/**", lambda route: route.abort())
    form = page.locator("#create-form")
    form.get_by_label("Name").fill("Schach")
    form.get_by_role("button", name="Interesse hinzufügen").click()

    alert = page.locator("#alerts [role=alert]")
    expect(alert).to_contain_text("Das Portal ist nicht erreichbar. Prüfen Sie Ihre Verbindung")
    expect(alert.get_by_role("button", name="Schließen (diese Meldung)")).to_be_visible()
    expect(form.get_by_label("Name")).to_have_value("Schach")


# Where each of the local tenant's pages is, under the portal's address, and its title.
TENANT_PAGES = {
    "picker": ("/auth/sign-in?next=/interests/", "Pick an account · Local tenant"),
    "overview": ("/_tenant/", "Overview · Local tenant"),
    "error": (
        "/_tenant/login/oauth2/v2.0/authorize?" + urlencode({"client_id": "unknown"}),
        "Sign-in problem · Local tenant",
    ),
    "signed out": ("/_tenant/login/oauth2/v2.0/logout", "Signed out · Local tenant"),
}


@pytest.mark.parametrize("where", list(TENANT_PAGES))
def test_the_local_tenants_pages_stay_english_and_say_so(portal, german, where):
    page = german
    path, title = TENANT_PAGES[where]
    page.goto(f"{portal.url}{path}")
    expect(page).to_have_title(title)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The portal's own words around them follow the browser, and are marked as German where they stand.
    expect(page.locator(".skip-link")).to_have_text("Zum Hauptinhalt springen")
    expect(page.locator(".skip-link")).to_have_attribute("lang", "de")
    expect(page.locator(".site-header")).to_have_attribute("lang", "de")
    expect(page.locator(".site-header .header-note")).to_have_attribute("lang", "en")
    assert axe_violations(page) == []


def test_the_account_picker_stays_english_to_the_last_word(portal, german):
    """Even a word the portal's German catalogue holds, as the picker's Search button, stays English there."""
    page = german
    page.goto(f"{portal.url}/auth/sign-in?next=/interests/")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()
    page.get_by_label("Find an account").fill("okafor")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#account-count")).to_have_text("1 account matching “okafor”.")
