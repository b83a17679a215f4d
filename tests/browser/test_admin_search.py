"""An admin finds people by any part of their name, in Chromium against the local tenant: as they type (htmx), and
without JavaScript; long names wrap at 1280 px and at 390 px, with no serious or critical axe-core violation."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interests_portal.local_tenant.demo_directory import seed_scale
from interests_portal.local_tenant.models import DirectoryObject, Interest, Profile
from tests.browser.conftest import PageOpener, axe_violations
from tests.browser.support import sideways_scroll, sign_in

WIDTHS = (1280, 390)
# As long as Entra ID keeps a display name (256) less one, and no place to break it.
UNBROKEN = ("Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft" * 5)[:255]


def test_typing_a_surname_finds_the_person_as_you_type(portal, page):
    sign_in(page, portal.url, "Grace Obi", "/review/people/")
    field = page.get_by_label("Name or email address")
    field.press_sequentially("okafor", delay=30)
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="Ada Okafor", exact=True)).to_be_visible()
    expect(page.locator(".search-summary[role=status]")).to_have_text("1 person found for “okafor”.")
    page.wait_for_url("**/review/people/?q=okafor")
    expect(field).to_be_focused()  # the field was never swapped: typing goes on where it was
    chat = results.get_by_role("link", name="Chat in Teams with Ada Okafor (opens in a new tab)")
    expect(chat).to_have_attribute("href", "https://teams.microsoft.com/l/chat/0/0?users=ada.okafor%40kestrel.example")
    expect(results.get_by_role("link", name="Email Ada Okafor")).to_have_attribute(
        "href", "mailto:ada.okafor@kestrel.example"
    )
    assert axe_violations(page) == []

    field.fill("wróbel")
    expect(results.get_by_role("link", name="Łukasz Wróbel", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Ada Okafor", exact=True)).to_have_count(0)

    field.fill("z")
    expect(page.locator("#id_q_error")).to_have_text("Type at least two letters of a name or email address.")
    expect(results.get_by_role("link")).to_have_count(0)
    expect(field).to_have_value("z")
    field.press("End")
    field.press_sequentially("yxwv", delay=30)
    expect(results).to_contain_text("No one's name has a word starting with “zyxwv”")
    expect(page.locator("#id_q_error")).to_be_empty()


def test_a_cut_search_says_how_many_and_asks_to_refine(portal, page):
    seed_scale(users=30, interests_per_user=0, team_size=29)
    sign_in(page, portal.url, "Grace Obi", "/review/people/")
    page.get_by_label("Name or email address").fill("person")
    expect(page.locator("#search-summary")).to_contain_text("Showing the first 25 of 29 people found for “person”.")
    expect(page.locator("#search-summary")).to_contain_text("Refine your search")
    expect(page.locator(".people-found > li")).to_have_count(25)


def test_a_failed_search_is_an_alert_and_keeps_the_text(portal, page):
    sign_in(page, portal.url, "Grace Obi", "/review/people/")
    portal.tenant.control(fail_next=10, status=503, retry_after=0, match="^GET /users$")
    field = page.get_by_label("Name or email address")
    field.fill("raman")
    expect(page.get_by_role("alert")).to_contain_text("Microsoft 365 isn't answering right now.")
    expect(field).to_have_value("raman")
    portal.tenant.control(reset=True)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Priya Raman", exact=True)).to_be_visible()


def test_without_javascript_the_search_is_a_plain_form(portal, open_page: PageOpener):
    page = open_page(java_script_enabled=False)
    sign_in(page, portal.url, "Grace Obi", "/review/people/")
    page.get_by_label("Name or email address").fill("Raman")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/review/people/?q=Raman")
    expect(page.get_by_role("link", name="Priya Raman", exact=True)).to_be_visible()
    expect(page.locator("#search-summary")).to_have_text("1 person found for “Raman”.")
    page.get_by_label("Name or email address").fill("x")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#id_q_error")).to_have_text("Type at least two letters of a name or email address.")
    expect(page.get_by_label("Name or email address")).to_have_value("x")
    expect(page.get_by_label("Name or email address")).to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize("width", WIDTHS)
def test_long_names_wrap_on_the_search_and_person_pages(portal, page, width):
    # As long as the directory allows: 255 for names, 128 for a job title (PostgreSQL enforces it, SQLite does not).
    unbroken = DirectoryObject.objects.create(
        user_principal_name=f"{UNBROKEN[:64].lower()}@kestrel.example", display_name=UNBROKEN,
        mail=f"{UNBROKEN[:64].lower()}@kestrel.example", job_title=("Engineer " * 20)[:128],
    )  # fmt: skip
    when = timezone.now()
    Interest.objects.create(
        profile=Profile.objects.create(owner=unbroken), display_name=UNBROKEN, description=UNBROKEN,
        created_date_time=when, last_modified_date_time=when, created_by={"user": {"id": str(unbroken.pk)}},
    )  # fmt: skip
    DirectoryObject.objects.create(user_principal_name="minh.chau@kestrel.example",
                                   display_name="Nguyễn Thị Minh Châu Wolfeschlegel")  # fmt: skip
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, portal.url, "Grace Obi", "/review/people/")
    page.get_by_label("Name or email address").fill("wolfeschlegel")
    expect(page.locator(".people-found > li")).to_have_count(2)
    expect(page.locator("#search-summary")).to_have_text("2 people found for “wolfeschlegel”.")
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []

    page.get_by_role("link", name=UNBROKEN, exact=True).click()
    expect(page.get_by_role("heading", name=UNBROKEN, level=1)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Chat in Teams"))).to_be_visible()
    expect(page.get_by_label(re.compile("^Reason for moderating"))).to_be_visible()
    assert page.url.endswith(f"/review/people/{unbroken.pk}/")
    assert sideways_scroll(page) == 0
    assert axe_violations(page) == []
