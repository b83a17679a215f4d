"""The admins' people search over real HTTP, against the local tenant: any part of a name, a count, a clear word
when the results are cut, validation that keeps what was typed, Graph failures as alerts, contact links."""

import re
from html import unescape

import pytest

from interests_portal.local_tenant.demo_directory import seed_scale
from interests_portal.local_tenant.models import DirectoryObject

SEARCH = "/review/people/"


@pytest.fixture
def grace(portal):
    return portal.sign_in("grace.obi", SEARCH)


def search(portal, browser, q: str, *, htmx: bool = False):
    headers = portal.htmx(browser, SEARCH) if htmx else {}
    return browser.get(f"{portal.url}{SEARCH}", params={"q": q}, headers=headers, timeout=10)


def found_names(html: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<a class="person-found-name" href="[^"]+">([^<]+)</a>', html)]


def summary(html: str) -> str:
    """The text of the result count (the live region, or its out-of-band update), whitespace collapsed."""
    inner = re.search(r'<div id="search-summary"[^>]*>(.*?)</div>', html, re.S).group(1)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split())


def typed_value(html: str) -> str:
    return unescape(re.search(r'<input id="id_q" type="search" name="q" value="([^"]*)"', html).group(1))


def graph_searches(portal) -> int:
    return portal.tenant.counters()["requests"]["by_operation"].get("GET /users", 0)


def test_a_surname_finds_the_person_with_a_count_and_ways_to_reach_them(portal, grace):
    page = search(portal, grace, "Okafor")
    assert page.status_code == 200
    assert found_names(page.text) == ["Ada Okafor"]
    assert summary(page.text) == "1 person found for “Okafor”."
    ada = portal.tenant.user("ada.okafor")
    assert f'href="/review/people/{ada.pk}/"' in page.text
    assert 'href="https://teams.microsoft.com/l/chat/0/0?users=ada.okafor%40kestrel.example"' in page.text
    assert 'href="mailto:ada.okafor@kestrel.example"' in page.text
    assert typed_value(page.text) == "Okafor"
    assert found_names(search(portal, grace, "Raman").text) == ["Priya Raman"]


def test_any_word_of_a_name_matches_without_caring_for_case_or_accents(portal, grace):
    DirectoryObject.objects.create(user_principal_name="ines.quenby@kestrel.example",
                                   display_name="Inès Xiomara Quenby Llorente")  # fmt: skip
    assert found_names(search(portal, grace, "xiomara").text) == ["Inès Xiomara Quenby Llorente"]
    assert found_names(search(portal, grace, "lukasz").text) == ["Łukasz Wróbel"]
    assert found_names(search(portal, grace, "ÅNGSTRÖM").text) == ["Zoë Ångström"]
    assert found_names(search(portal, grace, "okafor ada").text) == ["Ada Okafor"]


def test_results_cut_at_the_limit_say_how_many_there_are_and_ask_to_refine(portal, grace):
    seed_scale(users=30, interests_per_user=0, team_size=29)  # "Person 00001" … "Person 00029"
    page = search(portal, grace, "person")
    assert len(found_names(page.text)) == 25
    assert summary(page.text) == (
        "Showing the first 25 of 29 people found for “person”. "
        "Refine your search to see the others: add more of the name, such as a surname."
    )
    assert "Only the first 25 are shown." in page.text
    exact = search(portal, grace, "00029")
    assert found_names(exact.text) == ["Person 00029"]
    assert "Refine" not in summary(exact.text)


def test_finding_nobody_says_so_and_how_to_search_instead(portal, grace):
    page = search(portal, grace, "Zyxwv")
    assert page.status_code == 200
    assert found_names(page.text) == []
    assert summary(page.text) == "No one found for “Zyxwv”."
    assert "No one's name has a word starting with “Zyxwv”" in unescape(page.text)
    assert "a first name, a middle name or a surname" in page.text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("a", "Type at least two letters of a name or email address."),
        ("   ", "Type a name or an email address to search for."),
        ("x" * 101, "That is too long for a name: use at most 100 characters."),
        ("--", "Type part of a name or email address: letters or digits."),
    ],
)
def test_invalid_text_is_refused_with_the_reason_and_kept_without_asking_graph(portal, grace, typed, message):
    before = graph_searches(portal)
    page = search(portal, grace, typed)
    assert page.status_code == 422
    error = re.search(r'<div id="id_q_error"><p class="field-error">([^<]*)</p></div>', page.text)
    assert error
    assert unescape(error.group(1)) == message
    assert typed_value(page.text) == typed
    assert 'aria-describedby="id_q_hint id_q_error" aria-invalid="true"' in page.text
    assert found_names(page.text) == []
    assert graph_searches(portal) == before


def test_htmx_gets_the_results_with_the_count_and_the_field_error_out_of_band(portal, grace):
    answer = search(portal, grace, "Okafor", htmx=True)
    assert answer.status_code == 200
    assert "HX-Request" in answer.headers["Vary"]
    assert "<html" not in answer.text
    assert answer.text.lstrip().startswith('<div id="search-results"')
    assert found_names(answer.text) == ["Ada Okafor"]
    assert '<div id="search-summary" hx-swap-oob="true">' in answer.text
    assert summary(answer.text) == "1 person found for “Okafor”."
    assert '<div id="id_q_error" hx-swap-oob="true"></div>' in answer.text
    assert 'id="id_q"' not in answer.text  # the field is never swapped: what is being typed stays

    refused = search(portal, grace, "a", htmx=True)
    assert refused.status_code == 422
    assert "Type at least two letters" in refused.text
    assert summary(refused.text) == "Type at least two letters of a name or email address."


def test_a_graph_failure_is_an_alert_and_the_typed_text_stays(portal, grace):
    portal.tenant.control(fail_next=10, status=503, retry_after=0, match="^GET /users$")
    page = search(portal, grace, "Okafor")
    assert page.status_code == 503
    assert re.search(r'<div class="alert alert-error" role="alert"[^>]*><span>Microsoft 365 isn', page.text)
    assert typed_value(page.text) == "Okafor"
    assert found_names(page.text) == []

    portal.tenant.control(reset=True)
    found = search(portal, grace, "Okafor", htmx=True)
    assert found_names(found.text) == ["Ada Okafor"]
    portal.tenant.control(fail_next=10, status=503, retry_after=0, match="^GET /users$")
    failed = search(portal, grace, "Raman", htmx=True)
    assert failed.status_code == 503
    assert (failed.headers["HX-Retarget"], failed.headers["HX-Reswap"]) == ("#alerts", "innerHTML")
    assert failed.headers["HX-Push-Url"] == "false"
    assert 'role="alert"' in failed.text
    # The earlier results are replaced out of band: nothing on the page claims to answer "Raman".
    assert '<div id="search-results" class="search-results" hx-swap-oob="true">' in failed.text
    assert found_names(failed.text) == []
    assert summary(failed.text) == ""


def test_the_person_page_links_to_a_teams_chat_and_email(portal, grace):
    ada = portal.tenant.user("ada.okafor")
    page = grace.get(f"{portal.url}/review/people/{ada.pk}/", timeout=10)
    assert page.status_code == 200
    heading = page.text.split('<div class="person-summary">', 1)[1].split("</div>", 1)[0]
    assert ">Ada Okafor</h1>" in heading
    assert "ada.okafor@kestrel.example" in heading
    assert 'href="https://teams.microsoft.com/l/chat/0/0?users=ada.okafor%40kestrel.example"' in heading
    assert 'href="mailto:ada.okafor@kestrel.example"' in heading
