"""My interests at any size, in Chromium at 1280 px and 390 px, with names as long and as accented as Graph keeps:
the list first on a phone with the add form one tap away, search and order, the warning as an audience is chosen,
messages beside what changed, a name already used; every page wraps its words and passes axe-core."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from interests_portal.local_tenant.models import Interest, Profile
from tests.browser.conftest import PageOpener, axe_violations
from tests.browser.support import sideways_scroll, sign_in
from tests.browser.test_self_service import ada_interest, add_interest, row

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"1280": DESKTOP, "390": PHONE}


def unbroken(seed: str, length: int) -> str:
    return (seed * (length // len(seed) + 1))[:length]


LONG_NAME = unbroken("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz", 255)  # Graph's limit
LONG_CATEGORY = unbroken("Verwaltungsrechtswissenschaftlerinnen", 100)
LONG_DESCRIPTION = unbroken("0123456789abcdef", 600)
LONG_URL = "https://example.com/" + unbroken("very-long-path-segment/", 600)
SAILING = "Żeglarstwo na Mazurach — Łódź"


@pytest.fixture
def ada_long(portal):
    """Ada's four interests and five more: a 255-letter name, accents, unbroken words; nine, so she can search."""
    ada = portal.tenant.user("ada.okafor")
    profile = Profile.objects.get(owner=ada)
    identity = {"application": None, "device": None, "user": {"displayName": ada.display_name, "id": str(ada.pk)}}
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    seeds = [
        {"display_name": LONG_NAME, "categories": [LONG_CATEGORY, "Łódź"], "description": LONG_DESCRIPTION,
         "web_url": LONG_URL, "collaboration_tags": ["ableToMentor"]},
        {"display_name": SAILING, "categories": ["Personal"], "allowed_audiences": "family",
         "collaboration_tags": ["askMeAbout"]},
        {"display_name": "Café culture", "description": "Flat whites, long chats"},
        {"display_name": "Ångström-scale metrology", "collaboration_tags": ["wantsToLearn"]},
        {"display_name": "Negotiation", "allowed_audiences": "groupMembers", "collaboration_tags": ["ableToMentor"]},
    ]  # fmt: skip
    for days, fields in enumerate(seeds, start=1):
        when = start + timedelta(days=days)
        Interest.objects.create(
            profile=profile,
            allowed_audiences=fields.pop("allowed_audiences", "organization"),
            source={"type": ["User"]},
            created_date_time=when,
            last_modified_date_time=when,
            created_by=identity,
            last_modified_by=identity,
            **fields,
        )
    return portal


def top(page: Page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


# --- The phone: the list first, the add form one tap away -------------------------------------------------------


def test_on_a_phone_the_list_comes_first_and_the_add_form_is_one_tap_away(ada_long, page):
    page.set_viewport_size(PHONE)
    sign_in(page, ada_long.url)
    add = page.get_by_role("link", name="Add an interest")
    expect(add).to_be_in_viewport()
    assert top(page, "#interest-rows li.interest") < page.viewport_size["height"]  # the first interest on screen
    assert top(page, "#interest-rows li.interest") < top(page, "#create-form")

    add.click()
    name = page.locator("#create-form").get_by_label("Name")
    expect(name).to_be_focused()
    expect(name).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Add an interest")).to_be_in_viewport()
    name.fill("Sashiko")
    page.locator("#create-form").get_by_label("Description").fill("Japanese mending, stitch by stitch")

    # Searching the list meanwhile loses nothing typed in the form.
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_label("Search").fill("lodz")
    expect(page.locator("#list-summary")).to_have_text("Showing 2 of 9 interests.")
    page.get_by_role("link", name="Add an interest").click()
    expect(name).to_be_focused()
    expect(name).to_have_value("Sashiko")
    expect(page.locator("#create-form").get_by_label("Description")).to_have_value("Japanese mending, stitch by stitch")
    page.locator("#create-form").get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Sashiko”.")
    # Shown although the search leaves it out, saying so; confirmed beside the form, with the way to it.
    sashiko = ada_interest(ada_long, "Sashiko")
    expect(row(page, sashiko)).to_contain_text("Not in your current search or filters")
    expect(page.locator("#create-done")).to_contain_text("Added “Sashiko”.")
    page.locator("#create-done").get_by_role("link", name="See it in your list").click()
    expect(row(page, sashiko)).to_be_in_viewport()
    assert sideways_scroll(page) == 0


def test_at_1280_the_list_and_the_add_form_stand_side_by_side(ada_long, page):
    page.set_viewport_size(DESKTOP)
    sign_in(page, ada_long.url)
    list_box = page.locator(".list-card").bounding_box()
    form_box = page.locator("#add-interest").bounding_box()
    assert list_box["x"] + list_box["width"] <= form_box["x"]  # the list on the left, the form on its right
    assert abs(list_box["y"] - form_box["y"]) < 50
    expect(page.locator("#create-form").get_by_label("Name")).to_be_in_viewport()
    assert sideways_scroll(page) == 0


# --- Long words wrap; axe-core finds nothing serious ---------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_long_and_accented_words_wrap_and_every_page_passes_axe(ada_long, page, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, ada_long.url)
    long = ada_interest(ada_long, LONG_NAME)
    page.locator("details.glossary summary").click()  # its definitions, open, are part of the page too
    assert sideways_scroll(page) == 0
    name_box = row(page, long).locator(".interest-name").bounding_box()
    assert name_box["x"] + name_box["width"] <= WIDTHS[width]["width"]
    assert axe_violations(page) == []

    # The edit form, in the row, with its long name, a same-name warning and the warning of a hidden audience.
    row(page, long).get_by_role("button", name=re.compile("^Edit Rindfleisch")).click()
    edit = row(page, long)
    expect(edit.get_by_label("Name")).to_be_focused()
    edit.get_by_label("Who can see it").select_option("contacts")
    expect(edit.locator(".visibility-warning")).to_contain_text("won't reach them")
    edit.get_by_label("Name").fill("café  CULTURE")
    edit.get_by_role("button", name="Save changes").click()
    expect(edit.locator(".same-name")).to_contain_text("You already have an interest called “Café culture”")
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []

    for path in (f"/interests/{long.pk}/edit", f"/interests/{long.pk}/delete"):
        page.goto(f"{ada_long.url}{path}")
        assert sideways_scroll(page) == 0
        assert axe_violations(page) == [], path


# --- Who can see it: explained, and a warning as the person chooses -------------------------------------------------


def test_the_warning_comes_as_the_audience_and_tags_are_chosen_and_stays_on_the_row(ada_long, signed_in_wide):
    page = signed_in_wide
    form = page.locator("#create-form")
    audience = form.get_by_label("Who can see it")
    warning = page.locator("#id_allowed_audiences_warning")
    expect(warning).to_have_attribute("aria-live", "polite")
    expect(warning).to_be_empty()
    form.get_by_label("Name").fill("Negotiation skills")

    audience.select_option("contacts")
    expect(warning).to_have_text("Only your contacts will see this: your manager and colleagues won't.")
    expect(page.locator("#id_allowed_audiences_about")).to_have_text(
        "Your contacts. Your manager and colleagues don't see it in this portal."
    )
    form.get_by_label("Can mentor").check()
    expect(warning).to_contain_text("so “Can mentor” won't reach them")
    expect(audience).to_have_accessible_description(re.compile(r"^Your contacts\. .*so “Can mentor” won't reach them"))
    expect(form.get_by_label("Can mentor")).to_have_accessible_description(re.compile("^You could teach it"))
    audience.select_option("organization")
    expect(warning).to_be_empty()
    audience.select_option("groupMembers")
    expect(warning).to_contain_text("Only people in your groups will see this")
    expect(form.get_by_label("Name")).to_have_value("Negotiation skills")  # asking changed nothing typed

    form.get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “Negotiation skills”.")
    added = ada_interest(ada_long, "Negotiation skills")
    note = page.locator(f"#audience-note-{added.pk}")
    expect(note).to_contain_text("Only people in your groups will see this: your manager and colleagues won't")
    expect(row(page, added).get_by_label("Who can see it")).to_have_accessible_description(
        re.compile("^Only people in your groups will see this")
    )
    expect(row(page, added).get_by_role("button", name="Can mentor")).to_have_accessible_description(
        re.compile("^You could teach it")
    )


@pytest.fixture
def signed_in_wide(ada_long, page):
    page.set_viewport_size(DESKTOP)
    sign_in(page, ada_long.url)
    return page


# --- Search and order -------------------------------------------------------------------------------------------


def test_searching_and_sorting_fill_the_list_as_the_person_types_and_keep_the_address(ada_long, signed_in_wide):
    page = signed_in_wide
    names = page.locator("#interest-rows .interest-name")
    expect(names).to_have_count(9)
    page.get_by_label("Search").press_sequentially("LODZ", delay=30)
    expect(names).to_have_count(2)  # Łódź in a name, and in a category
    expect(page.locator("#list-summary")).to_have_text("Showing 2 of 9 interests.")
    page.wait_for_url(re.compile(r"q=LODZ"))

    page.get_by_label("Search").fill("")
    expect(names).to_have_count(9)
    page.get_by_label("Sort by").select_option("name")
    expect(names.first).to_have_text("Ångström-scale metrology")
    page.wait_for_url(re.compile(r"sort=name"))

    page.get_by_label("Search").fill("no such thing")
    expect(page.locator("#empty-state")).to_contain_text("None of your interests match “no such thing”.")
    page.get_by_role("link", name="Show all your interests").click()
    expect(names).to_have_count(9)
    expect(page.get_by_label("Search")).to_have_value("")
    expect(page.get_by_label("Sort by")).to_have_value("name")  # the order chosen stays
    expect(names.first).to_have_text("Ångström-scale metrology")

    page.reload()  # the address holds what was asked for
    expect(page.get_by_label("Sort by")).to_have_value("name")


def test_without_javascript_the_search_and_the_warning_work_on_submit(ada_long, open_page: PageOpener):
    page = open_page(java_script_enabled=False, viewport=PHONE)
    sign_in(page, ada_long.url)
    page.get_by_label("Search").fill("café")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=caf"))
    expect(page.locator("#interest-rows .interest-name")).to_have_text(["Café culture"])

    form = page.locator("#create-form")
    form.get_by_label("Name").fill("Haggling")
    form.get_by_label("Who can see it").select_option("contacts")
    form.get_by_label("Can mentor").check()
    form.get_by_role("button", name="Add interest").click()
    haggling = ada_interest(ada_long, "Haggling")
    page.wait_for_url(f"**/interests/#interest-{haggling.pk}")
    expect(page.locator(f"#audience-note-{haggling.pk}")).to_contain_text("so “Can mentor” won't reach them")
    expect(page.locator(f"#row-done-{haggling.pk}")).to_have_text("Added “Haggling”.")
    expect(page.locator(f"#interest-{haggling.pk}")).to_be_in_viewport()


# --- Messages beside what changed ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_far_down_the_page_each_outcome_stands_beside_what_changed(ada_long, page, width):
    page.set_viewport_size(WIDTHS[width])
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, ada_long.url)
    last = ada_interest(ada_long, "Negotiation")
    done = page.locator(f"#row-done-{last.pk}")

    row(page, last).get_by_role("button", name="Wants to learn").click()
    expect(done).to_have_text("“Negotiation” is tagged: Can mentor, Wants to learn.")
    expect(done).to_be_in_viewport()
    expect(page.locator("#status")).to_have_text("“Negotiation” is tagged: Can mentor, Wants to learn.")

    row(page, last).get_by_label("Who can see it").select_option("organization")
    expect(done).to_have_text("“Negotiation” is visible to: My organization.")
    expect(page.locator(f"#audience-note-{last.pk}")).to_have_text("Your manager and colleagues see it.")

    row(page, last).get_by_role("button", name="Edit Negotiation").click()
    # The form takes focus to its Name as it settles: typing elsewhere before then would land there.
    expect(row(page, last).get_by_label("Name")).to_be_focused()
    row(page, last).get_by_label("Description").fill("Win-win, mostly")
    row(page, last).get_by_role("button", name="Save changes").click()
    expect(done).to_have_text("Saved “Negotiation”.")
    expect(done).to_be_in_viewport()

    # One outcome at a time: the next change, in another row, takes the last one's message away.
    python = ada_interest(ada_long, "Python")
    row(page, python).get_by_role("button", name="Wants to learn").click()
    expect(page.locator(f"#row-done-{python.pk}")).to_have_text("“Python” is tagged: Can mentor, Wants to learn.")
    expect(done).to_be_empty()

    row(page, last).get_by_role("button", name="Delete Negotiation").click()
    removed = page.locator(f"#removed-{last.pk}")
    expect(removed).to_have_text("Deleted “Negotiation”.")
    expect(removed).to_be_focused()
    expect(removed).to_be_in_viewport()
    expect(page.locator("#status")).to_have_text("Deleted “Negotiation”.")


# --- A name already used ----------------------------------------------------------------------------------------


def test_a_name_already_used_is_pointed_out_and_added_when_the_person_says_so(ada_long, signed_in_wide):
    page = signed_in_wide
    add_interest(page, "  cafe CULTURE", description="Another one, for the Vienna trip")
    form = page.locator("#create-form")

    warning = form.locator(".same-name")
    expect(warning).to_contain_text("You already have an interest called “Café culture”.")
    expect(form.get_by_label("Name")).to_be_focused()
    expect(form.get_by_label("Name")).to_have_accessible_description(re.compile("You already have an interest"))
    expect(page.locator("#status")).to_contain_text("Not added. You already have an interest called “Café culture”")
    warning.get_by_role("link", name="See it in your list").click()
    cafe = ada_interest(ada_long, "Café culture")
    expect(row(page, cafe)).to_be_in_viewport()
    expect(form.get_by_label("Description")).to_have_value("Another one, for the Vienna trip")  # nothing lost

    form.get_by_label("Add it anyway: I want both").check()
    form.get_by_role("button", name="Add interest").click()
    expect(page.locator("#status")).to_have_text("Added “cafe CULTURE”.")
    expect(form.locator(".same-name")).to_have_count(0)
    assert Interest.objects.filter(display_name="cafe CULTURE").count() == 1
