# ruff: noqa: RUF001 (typography: the pages put an en dash between the numbers of a range)
"""My interests a page at a time, over real HTTP against the local tenant: search and sort across every interest,
the pager's links and words, junk page numbers, and every change landing on the page where it shows."""

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from interests_portal.interests.paging import PAGE_SIZE
from interests_portal.local_tenant.models import Interest, Profile

LIST = "/interests/"


def html(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def names(page: BeautifulSoup) -> list[str]:
    return [h3.get_text() for h3 in page.select("#interest-rows .interest-name")]


def summary(page: BeautifulSoup) -> str:
    return " ".join(page.find(id="list-summary").get_text().split())


def status(response) -> dict:
    return json.loads(response.headers["HX-Trigger-After-Settle"])["status"]


def give(tenant, key: str, count: int) -> list[Interest]:
    """`key` has exactly `count` interests, added in the order of the list returned: "Item {count-1}" first, so the
    order added and the order by name are each other's reverse. Even ones can mentor."""
    profile, _ = Profile.objects.get_or_create(owner=tenant.user(key))
    profile.interests.all().delete()
    start = timezone.now() - timedelta(days=1)
    identity = {"user": {"displayName": "Ada Okafor", "id": str(profile.owner_id)}}
    return Interest.objects.bulk_create(
        Interest(profile=profile, display_name=f"Item {count - 1 - n:03d}", description="Something to know.",
                 collaboration_tags=["ableToMentor"] if n % 2 == 0 else [], allowed_audiences="organization",
                 created_date_time=start + timedelta(seconds=n), last_modified_date_time=start + timedelta(seconds=n),
                 created_by=identity, last_modified_by=identity, source={"type": ["User"]})
        for n in range(count)
    )  # fmt: skip


def item(number: int) -> str:
    return f"Item {number:03d}"


@pytest.fixture
def ada(portal):
    return portal.sign_in("ada.okafor")


def test_page_two_shows_the_26th_to_the_50th_in_the_order_chosen(portal, ada):
    give(portal.tenant, "ada.okafor", 60)
    page = html(ada.get(f"{portal.url}{LIST}?page=2", timeout=10).text)
    assert names(page) == [item(59 - n) for n in range(25, 50)]  # the order added
    assert summary(page) == "Showing 26–50 of 60 interests."
    by_name = html(ada.get(f"{portal.url}{LIST}?sort=name&page=2", timeout=10).text)
    assert names(by_name) == [item(n) for n in range(25, 50)]  # sorted across every page, then cut
    last = html(ada.get(f"{portal.url}{LIST}?sort=name&page=3", timeout=10).text)
    assert names(last) == [item(n) for n in range(50, 60)]
    assert summary(last) == "Showing 51–60 of 60 interests."


def test_a_search_finds_an_interest_wherever_its_page_would_be(portal, ada):
    give(portal.tenant, "ada.okafor", 60)
    # "Item 005" is the 55th added: on page 3 of the whole list.
    page = html(ada.get(f"{portal.url}{LIST}?q=item+005", timeout=10).text)
    assert names(page) == [item(5)]
    assert summary(page) == "Showing 1 of 60 interests."  # the count is still of every interest
    assert page.find(id="pager") is None
    # A search that finds more than a page is paged too, and says how many it found.
    mentors = html(ada.get(f"{portal.url}{LIST}?tag=ableToMentor&page=2", timeout=10).text)
    assert names(mentors) == [item(59 - n) for n in range(50, 60, 2)]
    assert summary(mentors) == "Showing 26–30 of 30 found, of 60 interests."


@pytest.mark.parametrize(
    ("asked", "shown"), [("abc", 1), ("", 1), ("0", 1), ("-3", 1), ("2.5", 1), ("3", 3), ("999", 3), ("9" * 40, 3)]
)
def test_any_page_number_shows_the_nearest_page_there_is(portal, ada, asked, shown):
    give(portal.tenant, "ada.okafor", 60)
    answer = ada.get(f"{portal.url}{LIST}", params={"page": asked}, timeout=10)
    assert answer.status_code == 200
    page = html(answer.text)
    assert page.find(id="pager").find(attrs={"aria-current": "page"})["id"] == f"pager-{shown}"
    assert names(page)[0] == item(59 - (shown - 1) * PAGE_SIZE)


def test_the_pager_keeps_the_search_and_order_and_marks_the_current_page(portal, ada):
    give(portal.tenant, "ada.okafor", 130)  # six pages: some numbers are left out
    page = html(ada.get(f"{portal.url}{LIST}?sort=name&tag=ableToMentor&page=2", timeout=10).text)
    # 65 mentors: three pages.
    pager = page.find("nav", id="pager")
    assert pager["aria-label"] == "Pages of your interests"
    assert pager["hx-target"] == "#interest-list"
    assert pager["hx-push-url"] == "true"
    links = pager.find_all("a")
    assert [a.get_text(" ", strip=True) for a in links] == ["Previous page", "Page 1", "Page 2", "Page 3", "Next page"]
    for link in links:
        url = urlsplit(link["hx-get"])
        assert url.path == LIST
        assert link["href"] == f"{link['hx-get']}#list-summary"  # without JavaScript, the list's top
        query = parse_qs(url.query)
        assert query["sort"] == ["name"]
        assert query["tag"] == ["ableToMentor"]
    assert links[0]["hx-get"] == f"{LIST}?tag=ableToMentor&sort=name"  # the first page needs no number
    assert links[-1]["hx-get"] == f"{LIST}?tag=ableToMentor&sort=name&page=3"
    assert [a["id"] for a in pager.find_all(attrs={"aria-current": "page"})] == ["pager-2"]

    first = html(ada.get(f"{portal.url}{LIST}", timeout=10).text).find(id="pager")
    assert [li.get_text(" ", strip=True) for li in first.select(".pager-links > li")] == [
        "Page 1", "Page 2", "…", "Page 6", "Next page",
    ]  # fmt: skip
    assert first.find(id="pager-next")["rel"] == ["next"]


def test_the_filters_form_carries_no_page_so_a_new_search_starts_at_the_first(portal, ada):
    give(portal.tenant, "ada.okafor", 60)
    page = html(ada.get(f"{portal.url}{LIST}?page=2", timeout=10).text)
    form = page.find(id="filters")
    assert form.find(attrs={"name": "page"}) is None
    assert form["action"] == form["hx-get"] == LIST


@pytest.mark.parametrize(("count", "pager"), [(PAGE_SIZE, False), (PAGE_SIZE + 1, True)])
def test_no_pager_when_everything_fits(portal, ada, count, pager):
    give(portal.tenant, "ada.okafor", count)
    page = html(ada.get(f"{portal.url}{LIST}", timeout=10).text)
    assert (page.find(id="pager") is not None) is pager
    assert len(names(page)) == PAGE_SIZE
    assert summary(page) == (f"Showing 1–25 of {count} interests." if pager else f"{count} interests.")


def test_another_page_with_htmx_is_the_list_region_and_focus_goes_to_its_top(portal, ada):
    give(portal.tenant, "ada.okafor", 60)
    headers = {**portal.htmx(ada, "/interests/?sort=name"), "HX-Trigger": "pager-next", "HX-Target": "interest-list"}
    answer = ada.get(f"{portal.url}{LIST}?sort=name&page=2", headers=headers, timeout=10)
    assert answer.text.lstrip().startswith('<div id="interest-list"')
    assert "HX-Request" in answer.headers["Vary"]
    assert names(html(answer.text)) == [item(n) for n in range(25, 50)]
    assert status(answer)["focus"] == "#list-summary"
    assert html(answer.text).find(id="list-summary")["tabindex"] == "-1"
    assert 'id="filters"' not in answer.text  # the search is as it was: the form is left alone


def test_an_interest_added_shows_on_its_page_with_its_message(portal, ada):
    give(portal.tenant, "ada.okafor", 60)
    body = {"display_name": "Origami", "allowed_audiences": "organization"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada, "/interests/?page=1"),
                      timeout=10)  # fmt: skip
    assert answer.status_code == 200
    page = html(answer.text)
    assert names(page)[-1] == "Origami"  # added last: the last page
    assert summary(page) == "Showing 51–61 of 61 interests."
    origami = Interest.objects.get(display_name="Origami")
    assert page.find(id=f"row-done-{origami.pk}").get_text(strip=True) == "Added “Origami”."
    assert page.find(id="pager").find(attrs={"aria-current": "page"})["id"] == "pager-3"
    # The address bar says so: reloading, going back and the next delete start from the page shown, not page 1.
    assert answer.headers["HX-Replace-Url"] == "/interests/?page=3"
    again = ada.post(f"{portal.url}/interests/new", data={"display_name": "Quilling", "allowed_audiences": "me"},
                     headers=portal.htmx(ada, "/interests/?page=3"), timeout=10)  # fmt: skip
    assert again.status_code == 200
    assert "HX-Replace-Url" not in again.headers  # already on the page shown

    # Without JavaScript: back to the list, on the page the new one is on, the message beside it.
    body = {"display_name": "Kirigami", "allowed_audiences": "organization"}
    added = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.csrf(ada), timeout=10)
    kirigami = Interest.objects.get(display_name="Kirigami")
    assert added.url.endswith(f"/interests/#interest-{kirigami.pk}")
    page = html(added.text)
    assert names(page)[-3:] == ["Origami", "Quilling", "Kirigami"]
    assert page.find(id=f"row-done-{kirigami.pk}").get_text(strip=True) == "Added “Kirigami”."


def test_deleting_keeps_the_page_and_the_last_one_of_the_last_page_goes_back_a_page(portal, ada):
    interests = give(portal.tenant, "ada.okafor", 51)
    middle = interests[30]  # page 2
    answer = ada.post(f"{portal.url}/interests/{middle.pk}/delete", headers=portal.htmx(ada, "/interests/?page=2"),
                      timeout=10)  # fmt: skip
    page = html(answer.text)
    assert summary(page) == "Showing 26–50 of 50 interests."
    rows = [li["id"] for li in page.find(id="interest-rows").find_all("li", recursive=False)]
    assert rows[5] == f"removed-{middle.pk}"  # in its place on the page it was on
    assert len(rows) == PAGE_SIZE + 1

    # The 51st alone on page 3: deleting it leaves no page 3.
    give(portal.tenant, "ada.okafor", 51)
    only = Interest.objects.get(display_name=item(0))  # added last
    answer = ada.post(f"{portal.url}/interests/{only.pk}/delete", headers=portal.htmx(ada, "/interests/?page=3"),
                      timeout=10)  # fmt: skip
    page = html(answer.text)
    assert summary(page) == "Showing 26–50 of 50 interests."  # page 3 is gone: page 2
    rows = [li["id"] for li in page.find(id="interest-rows").find_all("li", recursive=False)]
    assert rows[-1] == f"removed-{only.pk}"  # its place: after the last of the page before
    assert status(answer)["focus"] == f"#removed-{only.pk}"
    assert page.find(id="pager").find(attrs={"aria-current": "page"})["id"] == "pager-2"


def test_deleting_without_javascript_comes_back_to_the_same_page(portal, ada):
    interests = give(portal.tenant, "ada.okafor", 60)
    target = interests[30]
    page = html(ada.get(f"{portal.url}{LIST}?sort=name&page=2", timeout=10).text)
    row_form = page.find(id=f"delete-{target.pk}").find_parent("form")
    assert row_form.find(attrs={"name": "back"})["value"] == "sort=name&page=2"
    confirm = html(ada.get(f"{portal.url}/interests/{target.pk}/delete", params={"back": "sort=name&page=2"},
                           timeout=10).text)  # fmt: skip
    form = confirm.find(id="delete-heading").find_next("form")
    back = form.find(attrs={"name": "back"})["value"]
    assert form.find("a")["href"] == f"{LIST}?sort=name&page=2"  # Keep it: back where the person was
    done = ada.post(f"{portal.url}/interests/{target.pk}/delete", data={"back": back}, headers=portal.csrf(ada),
                    allow_redirects=False, timeout=10)  # fmt: skip
    assert done.status_code == 302
    assert done.headers["Location"] == f"{LIST}?sort=name&page=2"
    # Only what the list reads goes into the address it is sent back to.
    odd = ada.post(f"{portal.url}/interests/{interests[0].pk}/delete", data={"back": "next=//evil.example&page=x"},
                   headers=portal.csrf(ada), allow_redirects=False, timeout=10)  # fmt: skip
    assert odd.headers["Location"] == LIST


def test_the_html_of_500_interests_is_that_of_a_page(portal, ada):
    give(portal.tenant, "ada.okafor", 25)
    small = ada.get(f"{portal.url}{LIST}", timeout=10)
    give(portal.tenant, "ada.okafor", 500)
    large = ada.get(f"{portal.url}{LIST}", timeout=30)
    assert len(names(html(large.text))) == PAGE_SIZE
    assert summary(html(large.text)) == "Showing 1–25 of 500 interests."  # Graph's count of every one
    # The pager adds a little; 475 rows more would add ~2 MB.
    assert len(large.content) < len(small.content) * 1.1


def test_a_page_past_the_end_is_the_last_and_the_address_says_so(portal, ada):
    """htmx pushes the address asked for; the answer pushes the page shown instead (page 99 of 3 is page 3)."""
    give(portal.tenant, "ada.okafor", 60)
    answer = ada.get(f"{portal.url}/interests/?q=Item&page=99", headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    assert answer.headers["HX-Push-Url"] == "/interests/?q=Item&page=3"
    on_page = ada.get(f"{portal.url}/interests/?page=2", headers=portal.htmx(ada), timeout=10)
    assert "HX-Push-Url" not in on_page.headers
