"""The failure paths, walked in Chromium as a person would, with the local tenant's faults and latency armed: a page
never shows what Graph did not store, and nothing a person typed is lost."""

import re

from playwright.sync_api import expect

from interests_portal.audit.models import AuditEntry
from interests_portal.local_tenant.models import Interest, RefreshToken
from tests.browser.conftest import axe_violations
from tests.browser.support import pick_account, sideways_scroll, sign_in
from tests.browser.test_self_service import ada_interest, add_interest, row


def graph_writes(portal) -> int:
    counted = portal.tenant.counters()["requests"]["by_operation"]
    return sum(n for operation, n in counted.items() if operation.startswith(("PATCH", "POST", "DELETE")))


# --- A failed change shows what Graph holds ---------------------------------------------------------------


def test_a_failed_audience_change_puts_the_select_back_to_what_graph_kept(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.05, match="PATCH")
    select = row(page, chess).get_by_label("Who can see it")
    select.select_option("contacts")

    expect(page.locator("#alerts [role=alert]")).to_contain_text("isn't answering right now")
    expect(select).to_have_value("everyone")  # Graph's value, not the one that failed
    expect(page.locator(f"#row-error-{chess.pk}")).to_contain_text("isn't answering right now")  # beside the row
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"
    page.reload()
    expect(row(page, chess).get_by_label("Who can see it")).to_have_value("everyone")


def test_a_change_whose_outcome_is_unknown_leaves_the_select_at_graphs_last_word(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.05, match=r"^GET /me/profile/interests/\{id\}")
    select = row(page, chess).get_by_label("Who can see it")
    select.select_option("me")
    expect(page.locator(f"#row-error-{chess.pk}")).to_contain_text("isn't answering right now")
    expect(select).to_have_value("everyone")
    assert graph_writes(portal) == 0


# --- Changes to one interest are serialised ----------------------------------------------------------------


def test_two_quick_tag_clicks_are_both_stored_and_the_confirmation_names_both(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(latency_ms=400)
    row(page, chess).get_by_role("button", name="Ask me about").click()
    row(page, chess).get_by_role("button", name="Can mentor").click()  # while the first is still on its way

    expect(page.locator("#status")).to_have_text(
        "“Chess” is tagged: Wants to improve, Ask me about, Can mentor.", timeout=15_000
    )
    for name in ("Ask me about", "Can mentor"):
        expect(row(page, chess).get_by_role("button", name=name)).to_have_attribute("aria-pressed", "true")
    chess.refresh_from_db()
    assert chess.collaboration_tags == ["wantsToImprove", "askMeAbout", "ableToMentor"]


def test_three_quick_tag_clicks_on_a_slow_graph_are_all_stored_in_order(portal, signed_in):
    """The row's queue must outlive the swaps of the answers before it: a third click was lost when htmx
    re-initialised the row it had swapped, emptying the queue kept on it."""
    page = signed_in
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(latency_ms=900)
    for name in ("Ask me about", "Can mentor", "Wants to learn"):
        row(page, chess).get_by_role("button", name=name).click()
        page.wait_for_timeout(150)  # a person's clicks, each while the first is still on its way
    for name in ("Ask me about", "Can mentor", "Wants to learn"):
        expect(row(page, chess).get_by_role("button", name=name)).to_have_attribute(
            "aria-pressed", "true", timeout=20_000
        )
    chess.refresh_from_db()
    assert chess.collaboration_tags == ["wantsToImprove", "askMeAbout", "ableToMentor", "wantsToLearn"]


def test_a_quick_audience_change_after_a_tag_click_is_stored_too(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(latency_ms=400)
    row(page, chess).get_by_role("button", name="Ask me about").click()
    row(page, chess).get_by_label("Who can see it").select_option("organization")
    expect(page.locator("#status")).to_have_text("“Chess” is visible to: My organization.", timeout=15_000)
    chess.refresh_from_db()
    assert (chess.allowed_audiences, chess.collaboration_tags) == ("organization", ["wantsToImprove", "askMeAbout"])


# --- Choosing an audience by keyboard -------------------------------------------------------------------------


def test_browsing_audiences_with_the_keyboard_writes_nothing_until_the_choice_is_committed(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    select = row(page, chess).get_by_label("Who can see it")
    form = row(page, chess).locator("form.audience-form")
    portal.tenant.control(reset_counters=True)

    select.focus()
    for _ in range(6):  # Everyone → … → Only me, through every audience in between
        page.keyboard.press("ArrowUp")
    expect(select).to_have_value("me")
    expect(form).to_have_class(re.compile("uncommitted"))
    expect(form.get_by_text("Not saved yet")).to_be_visible()
    page.wait_for_timeout(500)
    assert graph_writes(portal) == 0

    page.keyboard.press("Escape")  # undo
    expect(select).to_have_value("everyone")
    expect(form).not_to_have_class(re.compile("uncommitted"))

    for _ in range(6):
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")  # commit
    expect(page.locator("#status")).to_have_text("“Chess” is visible to: Only me.")
    assert portal.tenant.counters()["requests"]["by_operation"].get("PATCH /me/profile/interests/{id}") == 1

    row(page, chess).get_by_label("Who can see it").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # leaving the select commits too
    expect(page.locator("#status")).to_have_text("“Chess” is visible to: My contacts.")
    chess.refresh_from_db()
    assert chess.allowed_audiences == "contacts"
    assert portal.tenant.counters()["requests"]["by_operation"]["PATCH /me/profile/interests/{id}"] == 2


# --- Two tabs -------------------------------------------------------------------------------------------------


def test_two_tabs_editing_one_interest_lose_nothing(portal, signed_in):
    tab_a = signed_in
    tab_b = tab_a.context.new_page()
    tab_b.goto(f"{portal.url}/interests/")
    chess = ada_interest(portal, "Chess")
    for tab in (tab_a, tab_b):
        row(tab, chess).get_by_role("button", name="Edit Chess").click()
        expect(row(tab, chess).get_by_label("Name")).to_be_focused()

    row(tab_a, chess).get_by_label("Name").fill("Chess (blitz)")
    row(tab_a, chess).get_by_role("button", name="Save changes").click()
    expect(tab_a.locator("#status")).to_have_text("Saved “Chess (blitz)”.")
    row(tab_b, chess).get_by_label("Description").fill("Sicilian defence")
    row(tab_b, chess).get_by_role("button", name="Save changes").click()
    expect(tab_b.locator("#status")).to_have_text(
        "Saved “Chess (blitz)”. Changes made elsewhere meanwhile were kept: Name."
    )
    chess.refresh_from_db()
    assert (chess.display_name, chess.description) == ("Chess (blitz)", "Sicilian defence")

    # The same field changed in both: tab B sees what tab A stored, keeps its own text, and chooses.
    for tab in (tab_a, tab_b):
        row(tab, chess).get_by_role("button", name="Edit Chess (blitz)").click()
    row(tab_a, chess).get_by_label("Name").fill("Blitz")
    row(tab_a, chess).get_by_role("button", name="Save changes").click()
    expect(tab_a.locator("#status")).to_have_text("Saved “Blitz”.")
    row(tab_b, chess).get_by_label("Name").fill("Bullet")
    row(tab_b, chess).get_by_role("button", name="Save changes").click()
    conflict = row(tab_b, chess).get_by_role("alert")
    expect(conflict).to_contain_text("This interest was changed elsewhere")
    expect(conflict).to_contain_text("Blitz")
    expect(row(tab_b, chess).get_by_label("Name")).to_have_value("Bullet")
    chess.refresh_from_db()
    assert chess.display_name == "Blitz"
    assert axe_violations(tab_b) == []
    row(tab_b, chess).get_by_role("button", name="Save mine instead").click()
    expect(tab_b.locator("#status")).to_have_text("Saved “Bullet”.")
    chess.refresh_from_db()
    assert chess.display_name == "Bullet"


def test_a_tag_pressed_in_a_tab_that_was_not_reloaded_keeps_the_other_tabs_tag(portal, signed_in):
    tab_a = signed_in
    tab_b = tab_a.context.new_page()
    tab_b.goto(f"{portal.url}/interests/")
    chess = ada_interest(portal, "Chess")
    row(tab_a, chess).get_by_role("button", name="Ask me about").click()
    expect(row(tab_a, chess).get_by_role("button", name="Ask me about")).to_have_attribute("aria-pressed", "true")
    row(tab_b, chess).get_by_role("button", name="Can mentor").click()
    expect(row(tab_b, chess).get_by_role("button", name="Can mentor")).to_have_attribute("aria-pressed", "true")
    expect(row(tab_b, chess).get_by_role("button", name="Ask me about")).to_have_attribute("aria-pressed", "true")
    chess.refresh_from_db()
    assert chess.collaboration_tags == ["wantsToImprove", "askMeAbout", "ableToMentor"]


# --- An expired sign-in keeps what was typed ------------------------------------------------------------------


def test_an_expired_sign_in_before_adding_brings_the_person_back_to_what_they_typed(portal, page):
    portal.tenant.control(access_token_lifetime=60)
    sign_in(page, portal.url)
    form = page.locator("#create-form")
    form.get_by_label("Name").fill("Unsent idea")
    form.get_by_label("Description").fill("Typed carefully, over several minutes.")
    form.get_by_label("Can mentor").check()
    RefreshToken.objects.update(revoked=True)  # the sign-in ends while the person types
    form.get_by_role("button", name="Add interest").click()

    expect(page.get_by_role("heading", name="Pick an account")).to_be_visible()
    assert not Interest.objects.filter(display_name="Unsent idea").exists()
    pick_account(page, "Ada Okafor", f"{portal.url}/interests/")
    form = page.locator("#create-form")
    expect(form.get_by_label("Name")).to_have_value("Unsent idea")
    expect(form.get_by_label("Description")).to_have_value("Typed carefully, over several minutes.")
    expect(form.get_by_label("Can mentor")).to_be_checked()
    expect(form.get_by_role("status")).to_contain_text("nothing was sent")
    assert not Interest.objects.filter(display_name="Unsent idea").exists()  # nothing sent until they say so

    form.get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Unsent idea”.")
    assert Interest.objects.filter(display_name="Unsent idea").count() == 1


# --- The list's count and empty state ------------------------------------------------------------------------


def test_the_count_and_the_empty_state_follow_adds_and_deletes(portal, page):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, portal.url, "Lars Nygaard")
    expect(page.locator("#list-summary")).to_have_text("0 interests.")
    expect(page.get_by_text("No interests yet.")).to_be_visible()
    page.locator("#create-form").get_by_label("Name").fill("Go")
    page.locator("#create-form").get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Go”.")
    expect(page.locator("#list-summary")).to_have_text("1 interest.")
    expect(page.get_by_text("No interests yet.")).to_have_count(0)

    page.get_by_role("button", name="Delete Go").click()
    expect(page.locator("#status")).to_have_text("Deleted “Go”.")
    expect(page.locator("#list-summary")).to_have_text("0 interests.")
    expect(page.get_by_text("No interests yet.")).to_be_visible()


# --- Team views -----------------------------------------------------------------------------------------------


def test_a_manager_is_told_who_could_not_be_loaded_and_can_retry_just_them(portal, page, settings):
    settings.GRAPH_MAX_RETRIES = 0
    sign_in(page, portal.url, "Priya Raman", "/team/?view=matrix")
    portal.tenant.control(fail_next=2, status=503, retry_after=0, match=r"^GET /users/\{id\}/profile/interests")
    page.goto(f"{portal.url}/team/?view=matrix")
    banner = page.locator("#team-incomplete")
    expect(banner).to_contain_text("Incomplete: 2 people couldn't be loaded")
    expect(banner).to_contain_text("Their columns show “?”")
    expect(page.locator("table.matrix thead")).to_contain_text("(not loaded)")
    assert axe_violations(page) == []

    banner.get_by_role("button", name="Try again for these people").click()
    expect(page.locator("#team-incomplete")).to_have_count(0)
    expect(page.locator("table.matrix thead th")).to_have_count(1 + 6)  # the interest column and six reports


# --- Moderation -------------------------------------------------------------------------------------------------


def test_a_moderation_error_shows_in_its_card_and_a_delete_is_confirmed_first(portal, page):
    sign_in(page, portal.url, "Grace Obi", "/review/people/", moderation="1")
    page.goto(f"{portal.url}/review/people/{portal.tenant.user('ada.okafor').pk}/")
    chess = page.locator("li.interest").filter(has=page.get_by_role("heading", name="Chess"))

    chess.get_by_role("button", name=re.compile("^Restrict to its owner")).click()  # no reason yet
    reason = chess.get_by_label(re.compile("^Reason for moderating"))
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(chess).to_contain_text("Give a reason of at least a few words")
    expect(reason).to_be_focused()
    reason.fill("Names a colleague.")

    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    chess.get_by_role("button", name=re.compile("^Delete")).click()
    expect(chess).to_be_visible()
    assert dialogs == ["Delete “Chess” from Ada Okafor's profile? This can't be undone."]
    assert not AuditEntry.objects.exists()

    page.once("dialog", lambda dialog: dialog.accept())
    chess.get_by_role("button", name=re.compile("^Delete")).click()
    expect(page.locator("#status")).to_contain_text("“Chess” was deleted")
    expect(page.get_by_role("heading", name="Chess")).to_have_count(0)
    assert AuditEntry.objects.get().reason == "Names a colleague."


# --- What a new user found, walking it with faults armed --------------------------------------------------------


def test_with_debug_on_a_failure_never_replaces_the_page_or_what_was_typed(portal, page, settings):
    settings.DEBUG = True  # as `make run` serves it (the test runner turns DEBUG off otherwise)
    sign_in(page, portal.url)
    python = ada_interest(portal, "Python")
    edited = page.locator(f"#interest-{python.pk}")
    edited.get_by_role("button", name="Edit Python").click()
    expect(edited.get_by_label("Name")).to_be_focused()
    # Typed once htmx has finished putting the form in place (a person is never faster than its 20 ms settle).
    page.wait_for_function("!document.querySelector('.htmx-swapping, .htmx-settling, .htmx-request')")
    edited.get_by_label("Description").fill("Typed before it vanished")
    python.delete()  # deleted in another tab meanwhile
    edited.get_by_role("button", name="Save changes").click()

    expect(page.locator("#alerts [role=alert]")).to_contain_text("no longer exists")
    expect(page.get_by_role("heading", name="My interests", level=1)).to_be_visible()
    expect(edited.get_by_label("Description")).to_have_value("Typed before it vanished")


def test_a_list_that_cannot_be_loaded_never_says_there_are_no_interests(portal, signed_in):
    page = signed_in
    portal.tenant.control(fail_rate=1, status=503, retry_after=0, match="^GET /me/profile/interests$")
    page.reload()
    expect(page.locator("#interest-list")).to_contain_text("Couldn't load your interests.")
    expect(page.get_by_text("No interests yet.")).to_have_count(0)
    expect(page.locator("#list-summary")).to_have_count(0)
    portal.tenant.control(fail_rate=0)
    page.locator("#interest-list").get_by_role("link", name="Try again").click()
    expect(page.locator("#list-summary")).to_have_text("4 interests.")


def test_a_filter_that_fails_goes_back_to_the_one_the_list_shows(portal, signed_in):
    page = signed_in
    portal.tenant.control(fail_rate=1, status=503, retry_after=0, match="^GET /me/profile/interests$")
    page.get_by_label("Collaboration").select_option("ableToMentor")
    expect(page.locator("#alerts [role=alert]")).to_contain_text("isn't answering right now")
    expect(page.get_by_label("Collaboration")).to_have_value("")
    assert page.url == f"{portal.url}/interests/"


def test_an_invalid_add_takes_focus_to_the_field_to_fix(portal, signed_in):
    page = signed_in
    add_interest(page, "Go", link="go.dev")
    expect(page.locator("#create-form").get_by_label("Link")).to_be_focused()
    expect(page.locator("#status")).to_have_text("Not added. Link: Enter a valid URL.")


def test_the_add_form_is_read_only_while_saving_and_comes_back_fresh(portal, signed_in):
    page = signed_in
    portal.tenant.control(latency_ms=800)
    name = page.locator("#create-form").get_by_label("Name")
    name.fill("Elm")
    page.locator("#create-form").get_by_role("button", name="Add interest").click()
    expect(name).to_have_attribute("readonly", "")  # nothing typed now could be lost to the fresh form
    expect(page.locator("#status")).to_have_text("Added “Elm”.")
    expect(name).not_to_have_attribute("readonly", "")
    expect(name).to_have_value("")
    expect(name).to_be_focused()  # ready for the next one (by keyboard too: tests/browser/test_self_service.py)


def test_the_whole_add_form_can_be_reached_on_a_short_window_with_a_long_list(portal, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in(page, portal.url, "Yuki Tanaka")  # 24 interests: a long page
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")  # somewhere in the middle of the list
    add = page.locator("#create-form").get_by_role("button", name="Add interest")
    add.focus()
    expect(add).to_be_in_viewport()


def test_results_never_move_the_page_under_the_pointer(portal, signed_in):
    page = signed_in
    python = ada_interest(portal, "Python")
    button = row(page, python).get_by_role("button", name="Wants to learn")
    button.scroll_into_view_if_needed()
    before = button.bounding_box()
    button.click()
    expect(page.locator("#status")).to_contain_text("“Python” is tagged")
    assert row(page, python).get_by_role("button", name="Wants to learn").bounding_box()["y"] == before["y"]
    expect(page.locator("#status")).to_be_in_viewport()  # the outcome shows where the person is


def test_a_keyboard_choice_in_progress_survives_the_answer_to_another_change(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(latency_ms=700)
    row(page, chess).get_by_role("button", name="Ask me about").click()
    select = row(page, chess).get_by_label("Who can see it")
    select.focus()
    page.keyboard.press("ArrowUp")  # Everyone → My organization and partners, not committed
    expect(page.locator("#status")).to_have_text("“Chess” is tagged: Wants to improve, Ask me about.")
    expect(select).to_have_value("federatedOrganizations")
    expect(row(page, chess).locator("form.audience-form")).to_have_class(re.compile("uncommitted"))
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"


def test_the_matrix_on_a_phone_scrolls_in_its_own_box_reachable_by_keyboard(portal, page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, portal.url, "Priya Raman", "/team/?view=matrix")
    expect(page.locator("table.matrix")).to_be_visible()
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []


# --- What the second walk found ---------------------------------------------------------------------------------


def test_adding_while_the_list_cannot_be_loaded_confirms_and_frees_the_form(portal, signed_in):
    page = signed_in
    portal.tenant.control(fail_rate=1, status=503, retry_after=0, match="^GET /me/profile/interests$")
    page.reload()
    expect(page.locator("#interest-list")).to_contain_text("Couldn't load your interests.")
    name = page.locator("#create-form").get_by_label("Name")
    name.fill("Lean")
    page.locator("#create-form").get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Lean”.")
    # The list says it could not load the rest, and shows the one Graph's answer to the add confirmed.
    expect(page.locator("#interest-list")).to_contain_text("Couldn't load your other interests.")
    expect(page.locator("#interest-rows li.interest")).to_have_count(1)
    expect(page.locator("#interest-rows li.interest")).to_contain_text("Lean")
    expect(name).to_have_value("")
    expect(name).to_be_editable()
    expect(page.locator("#create-form").get_by_label("Who can see it")).to_be_enabled()
    assert Interest.objects.filter(display_name="Lean").count() == 1


def test_a_failed_filter_goes_back_to_the_filters_last_applied(portal, signed_in):
    page = signed_in
    page.get_by_label("Collaboration").select_option("ableToMentor")
    expect(page.locator("#list-summary")).to_have_text("Showing 2 of 4 interests.")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0, match="^GET /me/profile/interests$")
    page.get_by_label("Visible to").select_option("me")
    expect(page.locator("#alerts [role=alert]")).to_contain_text("isn't answering right now")
    expect(page.get_by_label("Visible to")).to_have_value("")
    expect(page.get_by_label("Collaboration")).to_have_value("ableToMentor")
    assert page.url == f"{portal.url}/interests/?tag=ableToMentor&audience="


def test_a_failed_click_stays_in_view_while_the_clicks_queued_behind_it_succeed(portal, signed_in):
    page = signed_in
    chess = ada_interest(portal, "Chess")
    portal.tenant.control(latency_ms=300, fail_next=4, status=429, retry_after=0, match="^PATCH ")
    row(page, chess).get_by_role("button", name="Ask me about").click()
    row(page, chess).get_by_role("button", name="Can mentor").click()  # waits behind the first, which will fail
    expect(page.locator("#status")).to_have_text("“Chess” is tagged: Wants to improve, Can mentor.", timeout=15_000)
    # It names the change that failed, so it can't be taken for the success message of the one behind it.
    expect(page.locator(f"#row-error-{chess.pk}")).to_contain_text(
        "Not saved: Tag “Ask me about” added — the row shows what Microsoft 365 holds."
    )
    expect(page.locator(f"#row-done-{chess.pk}")).to_contain_text("Can mentor")
    expect(row(page, chess).get_by_role("button", name="Ask me about")).to_have_attribute("aria-pressed", "false")
    chess.refresh_from_db()
    assert chess.collaboration_tags == ["wantsToImprove", "ableToMentor"]


def test_typing_into_a_form_being_saved_neither_types_nor_scrolls(portal, signed_in):
    page = signed_in
    portal.tenant.control(latency_ms=800)
    name = page.locator("#create-form").get_by_label("Name")
    name.fill("Zig")
    before = page.evaluate("window.scrollY")
    name.press("Enter")
    expect(name).to_have_attribute("readonly", "")
    page.keyboard.type(" and some words", delay=10)
    page.keyboard.press("End")
    assert page.evaluate("window.scrollY") == before
    expect(page.locator("#status")).to_have_text("Added “Zig”.")
    assert Interest.objects.filter(display_name="Zig").exists()


def test_a_moderation_reason_too_short_is_refused_before_asking_to_delete(portal, page):
    sign_in(page, portal.url, "Grace Obi", "/review/people/", moderation="1")
    page.goto(f"{portal.url}/review/people/{portal.tenant.user('ada.okafor').pk}/")
    chess = page.locator("li.interest").filter(has=page.get_by_role("heading", name="Chess"))
    chess.get_by_label(re.compile("^Reason for moderating")).fill("x")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    chess.get_by_role("button", name=re.compile("^Delete")).click()
    expect(chess).to_contain_text("Give a reason of at least a few words")
    assert dialogs == []
    assert Interest.objects.filter(display_name="Chess").exists()


def test_opening_the_edit_of_an_interest_deleted_elsewhere_takes_its_row_away(portal, signed_in):
    page = signed_in
    python = ada_interest(portal, "Python")
    python_row = row(page, python)
    interest_id = python.pk
    python.delete()  # in another tab, meanwhile
    python_row.get_by_role("button", name="Edit Python").click()
    expect(page.locator("#alerts [role=alert]")).to_contain_text("no longer exists")
    expect(page.locator(f"#interest-{interest_id}")).to_have_count(0)
    expect(page.locator("#list-summary")).to_contain_text("Something changed elsewhere")
