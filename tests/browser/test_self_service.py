"""Self-service journeys in Chromium against the live server and the local tenant; each checks the tenant too."""

import pytest
from playwright.sync_api import Page, expect

from interests_portal.local_tenant.models import Interest, RefreshToken
from tests.browser.conftest import axe_violations
from tests.browser.support import pick_account, sideways_scroll, sign_in


def ada_interest(portal, name: str) -> Interest:
    return Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name=name)


def row(page: Page, interest: Interest):
    return page.locator(f"#interest-{interest.pk}")


def add_interest(page: Page, name: str, **fields: str) -> None:
    form = page.locator("#create-form")
    form.get_by_label("Name").fill(name)
    if "description" in fields:
        form.get_by_label("Description").fill(fields["description"])
    if "link" in fields:
        form.get_by_label("Link").fill(fields["link"])
    form.get_by_role("button", name="Add interest").click()


def test_create_change_audience_toggle_tags_edit_and_delete(portal, signed_in):
    page = signed_in
    page.on("dialog", lambda dialog: dialog.accept())

    # Create, with every field the form offers.
    form = page.locator("#create-form")
    form.get_by_label("Name").fill("Rust")
    form.get_by_label("Description").fill("Ownership and lifetimes")
    form.get_by_label("Categories").fill("Programming, Systems")
    form.get_by_label("Link").fill("https://www.rust-lang.org")
    form.get_by_label("Who can see it").select_option("everyone")
    form.get_by_label("Wants to learn").check()
    form.get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Rust”.")
    rust = ada_interest(portal, "Rust")
    assert (rust.allowed_audiences, rust.collaboration_tags, rust.categories) == (
        "everyone",
        ["wantsToLearn"],
        ["Programming", "Systems"],
    )
    expect(row(page, rust).get_by_role("heading", name="Rust")).to_be_visible()
    expect(page.locator("#create-form").get_by_label("Name")).to_have_value("")  # a fresh form

    # Change who can see it, inline: one select, saved on change.
    row(page, rust).get_by_label("Who can see it").select_option("me")
    expect(page.locator("#status")).to_have_text("“Rust” is visible to: Only me.")
    rust.refresh_from_db()
    assert rust.allowed_audiences == "me"

    # Toggle a tag on, then off.
    mentor = row(page, rust).get_by_role("button", name="Can mentor")
    mentor.click()
    expect(row(page, rust).get_by_role("button", name="Can mentor")).to_have_attribute("aria-pressed", "true")
    rust.refresh_from_db()
    assert set(rust.collaboration_tags) == {"wantsToLearn", "ableToMentor"}
    row(page, rust).get_by_role("button", name="Wants to learn").click()
    expect(row(page, rust).get_by_role("button", name="Wants to learn")).to_have_attribute("aria-pressed", "false")
    rust.refresh_from_db()
    assert rust.collaboration_tags == ["ableToMentor"]

    # Full edit.
    row(page, rust).get_by_role("button", name="Edit Rust").click()
    name_field = row(page, rust).get_by_label("Name")
    expect(name_field).to_be_focused()
    name_field.fill("Rust (the language)")
    row(page, rust).get_by_role("button", name="Save changes").click()
    expect(page.locator("#status")).to_have_text("Saved “Rust (the language)”.")
    expect(row(page, rust).get_by_role("button", name="Edit Rust (the language)")).to_be_focused()
    rust.refresh_from_db()
    assert rust.display_name == "Rust (the language)"

    # Delete, after the confirmation.
    row(page, rust).get_by_role("button", name="Delete Rust (the language)").click()
    expect(page.locator("#status")).to_have_text("Deleted “Rust (the language)”.")
    expect(row(page, rust)).to_have_count(0)
    # Where the row was, the message; focus there, so the person stays where they were in the list.
    removed = page.locator(f"#removed-{rust.pk}")
    expect(removed).to_have_text("Deleted “Rust (the language)”.")
    expect(removed).to_be_focused()
    assert not Interest.objects.filter(pk=rust.pk).exists()


def test_a_validation_error_shows_next_to_the_field_and_keeps_the_input(portal, signed_in):
    page = signed_in
    add_interest(page, "Quantum computing", description="Qubits", link="not a link")
    link = page.locator("#create-form").get_by_label("Link")
    expect(link).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_web_url_error")).to_have_text("Enter a valid URL.")
    expect(page.locator("#create-form").get_by_label("Name")).to_have_value("Quantum computing")
    expect(page.locator("#create-form").get_by_label("Description")).to_have_value("Qubits")
    assert not Interest.objects.filter(display_name="Quantum computing").exists()

    link.fill("https://quantum.example")
    page.locator("#create-form").get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Quantum computing”.")
    assert Interest.objects.get(display_name="Quantum computing").web_url == "https://quantum.example"


def test_graph_throttled_once_then_succeeding_is_invisible(portal, signed_in):
    portal.tenant.control(fail_next=1, status=429, retry_after=0.3, match="^POST ")
    add_interest(signed_in, "Patience")
    expect(signed_in.locator("#status")).to_have_text("Added “Patience”.")
    expect(signed_in.locator("#alerts")).to_be_empty()
    assert Interest.objects.filter(display_name="Patience").count() == 1
    assert portal.tenant.counters()["requests"]["by_operation"]["POST /me/profile/interests"] == 2


def test_graph_unavailable_past_retries_keeps_the_input_and_saves_on_retry(portal, signed_in):
    page = signed_in
    portal.tenant.control(fail_next=100, status=503, retry_after=0.2, match="^POST ")
    add_interest(page, "Resilience", description="Typed once")
    alert = page.locator("#alerts [role=alert]")
    expect(alert).to_contain_text("didn't confirm the interest was added")
    expect(page.locator("#create-error")).to_contain_text("won't be added twice")  # beside the form too
    expect(page.locator("#create-form").get_by_label("Name")).to_have_value("Resilience")
    expect(page.locator("#create-form").get_by_label("Description")).to_have_value("Typed once")
    assert not Interest.objects.filter(display_name="Resilience").exists()

    portal.tenant.control(fail_next=0)
    page.locator("#create-form").get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Resilience”.")
    expect(page.locator("#alerts")).to_be_empty()
    assert Interest.objects.get(display_name="Resilience").description == "Typed once"


def test_an_expired_access_token_is_refreshed_without_interruption(portal, page):
    portal.tenant.control(access_token_lifetime=60)  # expired at once in MSAL's eyes: every call refreshes
    sign_in(page, portal.url)
    chess = ada_interest(portal, "Chess")
    rotated_before = RefreshToken.objects.filter(rotated_at__isnull=False).count()
    row(page, chess).get_by_label("Who can see it").select_option("organization")
    expect(page.locator("#status")).to_have_text("“Chess” is visible to: My organization.")
    assert page.url == f"{portal.url}/interests/"
    chess.refresh_from_db()
    assert chess.allowed_audiences == "organization"
    assert RefreshToken.objects.filter(rotated_at__isnull=False).count() > rotated_before


def test_a_sign_in_that_expires_during_an_htmx_action_comes_back_to_the_page(portal, page):
    portal.tenant.control(access_token_lifetime=60)
    sign_in(page, portal.url)
    page.goto(f"{portal.url}/interests/?audience=everyone")
    RefreshToken.objects.update(revoked=True)
    chess = ada_interest(portal, "Chess")

    row(page, chess).get_by_role("button", name="Ask me about").click()
    page.wait_for_url("**/_tenant/login/oauth2/v2.0/authorize**")
    expect(page.get_by_role("heading", name="Pick an account")).to_be_visible()
    chess.refresh_from_db()
    assert "askMeAbout" not in (chess.collaboration_tags or [])

    pick_account(page, "Ada Okafor", f"{portal.url}/interests/?audience=everyone")
    expect(page.get_by_label("Visible to")).to_have_value("everyone")


def test_signing_out_ends_at_the_home_page_and_locks_the_interests(portal, signed_in):
    page = signed_in
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{portal.url}/")
    expect(page.get_by_role("link", name="Sign in with Microsoft")).to_be_visible()
    page.goto(f"{portal.url}/interests/")
    expect(page.get_by_role("heading", name="Pick an account")).to_be_visible()


def test_a_tag_toggle_keeps_keyboard_focus(portal, signed_in):
    page = signed_in
    python = ada_interest(portal, "Python")
    toggle = row(page, python).get_by_role("button", name="Ask me about")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(row(page, python).get_by_role("button", name="Ask me about")).to_have_attribute("aria-pressed", "true")
    expect(row(page, python).get_by_role("button", name="Ask me about")).to_be_focused()
    python.refresh_from_db()
    assert "askMeAbout" in python.collaboration_tags


@pytest.mark.parametrize("state", ["list", "editing", "validation error", "delete confirmation", "phone width"])
def test_pages_have_no_serious_accessibility_violations(portal, signed_in, state):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    if state == "editing":
        row(page, chess).get_by_role("button", name="Edit Chess").click()
        expect(row(page, chess).get_by_label("Name")).to_be_focused()
    elif state == "validation error":
        add_interest(page, "x", link="nope")
        expect(page.locator("#id_web_url_error")).to_be_visible()
    elif state == "delete confirmation":
        page.goto(f"{portal.url}/interests/{chess.pk}/delete")
    elif state == "phone width":
        page.set_viewport_size({"width": 360, "height": 740})
        page.reload()
        assert sideways_scroll(page) == 0
    assert axe_violations(page) == []


def test_the_signed_out_home_page_is_accessible(portal, page):
    page.goto(f"{portal.url}/")
    assert axe_violations(page) == []


def test_escape_dismisses_an_alert_from_wherever_focus_is_and_the_page_can_scroll_from_under_it(portal, signed_in):
    page = signed_in
    page.set_viewport_size({"width": 390, "height": 844})
    portal.tenant.control(fail_next=100, status=503, retry_after=0.2, match="^POST ")
    add_interest(page, "Unsaid", description="Kept")
    alert = page.locator("#alerts [role=alert]")
    expect(alert).to_contain_text("didn't confirm the interest was added")
    # The bar covers the bottom of a phone's screen: the page makes room to scroll its last controls above it.
    room = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).paddingBottom)")
    assert room >= page.locator("#alerts").bounding_box()["height"]
    page.locator("#create-form").get_by_label("Description").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#alerts")).to_be_empty()
    expect(page.locator("#create-form").get_by_label("Description")).to_have_value("Kept")  # nothing typed lost
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).paddingBottom)") < room


def test_after_an_add_by_keyboard_focus_is_on_the_fresh_forms_name(portal, signed_in):
    page = signed_in
    form = page.locator("#create-form")
    form.get_by_label("Name").fill("Keyboard add")
    form.get_by_role("button", name="Add interest").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text("Added “Keyboard add”.")
    expect(form.get_by_label("Name")).to_be_focused()
    expect(form.get_by_label("Name")).to_have_value("")


def test_add_an_interest_takes_the_keyboard_to_the_forms_name(portal, signed_in):
    page = signed_in
    page.get_by_role("link", name="Add an interest").focus()
    page.keyboard.press("Enter")
    name = page.locator("#create-form").get_by_label("Name")
    expect(name).to_be_focused()
    page.keyboard.type("Typed at once")
    expect(name).to_have_value("Typed at once")


def test_choosing_an_audience_says_who_will_see_it_and_leaves_the_last_message_alone(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    row(page, chess).get_by_role("button", name="Ask me about").click()
    expect(page.locator("#status")).to_have_text("“Chess” is tagged: Wants to improve, Ask me about.")
    audience = page.locator("#create-form").get_by_label("Who can see it")
    audience.select_option("me")
    expect(audience).to_have_accessible_description(
        "Only you. Nobody else sees it, not even your manager. Only you will see this: your manager and colleagues "
        "won't."
    )
    # Asking what a choice means is no action of the person's: the last outcome still stands.
    expect(page.locator("#status")).to_have_text("“Chess” is tagged: Wants to improve, Ask me about.")
    expect(page.locator(f"#row-done-{chess.pk}")).to_have_text("“Chess” is tagged: Wants to improve, Ask me about.")
