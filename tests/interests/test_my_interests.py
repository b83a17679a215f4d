"""My interests made clear, over real HTTP against the local tenant: audiences and tags explained where they are
chosen, the warning when an audience hides an interest from the manager and colleagues, search and order, messages
beside what changed, and a gentle warning when a name is already used."""

import json
import re
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from interests_portal.audit.models import AuditEntry
from interests_portal.interests.models import CreateRequest
from interests_portal.local_tenant.models import Interest
from tests.support import hidden_fields

LIST = "/interests/"
CONTACTS_MENTOR_WARNING = (
    "Only your contacts will see this: your manager and colleagues won't, so “Can mentor” won't reach them. "
    "Choose “My organization” or wider to share it with them."
)


def html(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def described_by(page: BeautifulSoup, element) -> list[str]:
    """The texts an element's aria-describedby names: each id must be on the page."""
    texts = []
    for element_id in element["aria-describedby"].split():
        target = page.find(id=element_id)
        assert target is not None, f"aria-describedby names #{element_id}, which is not on the page"
        texts.append(" ".join(target.get_text().split()))
    return texts


def status(response) -> dict:
    return json.loads(response.headers["HX-Trigger-After-Settle"])["status"]


def owned(tenant, key: str, name: str) -> Interest:
    return Interest.objects.get(profile__owner=tenant.user(key), display_name=name)


def graph_calls(tenant) -> dict[str, int]:
    return tenant.counters()["requests"]["by_operation"]


@pytest.fixture
def ada(portal):
    return portal.sign_in("ada.okafor")


@pytest.fixture
def yuki(portal):
    return portal.sign_in("yuki.tanaka")  # 24 interests


# --- Audiences and tags explained where they are chosen ----------------------------------------------------------


def test_the_add_form_explains_the_chosen_audience_and_every_tag(portal, ada):
    page = html(ada.get(f"{portal.url}{LIST}", timeout=10).text)
    form = page.find(id="create-form")
    select = form.find("select", attrs={"name": "allowed_audiences"})
    about, warning = described_by(page, select)
    assert about.startswith("Everyone in your organisation, your manager and colleagues included")
    assert warning == ""  # the default audience reaches them: no warning, but the live region is there
    assert page.find(id="id_allowed_audiences_warning")["aria-live"] == "polite"
    # Every audience in words, to compare them before choosing (without JavaScript too).
    choices = form.find("details", class_="choices-explained")
    assert [dt.get_text() for dt in choices.find_all("dt")] == [
        "Only me", "My contacts", "My family", "People in my groups", "My organization",
        "My organization and partners", "Everyone",
    ]  # fmt: skip
    # Each tag box is described by what the tag signals, shown beside it.
    boxes = form.find_all("input", attrs={"name": "collaboration_tags"})
    assert len(boxes) == 4
    mentor = next(box for box in boxes if box["value"] == "ableToMentor")
    assert described_by(page, mentor) == [
        "You could teach it. Your manager's team page and mentoring matches pair you with people who want to learn it."
    ]


def test_the_server_says_what_an_audience_being_chosen_means_without_a_sign_in_or_graph(portal):
    portal.tenant.control(reset_counters=True)
    stranger = portal.browser()
    query = {"field": "id_allowed_audiences", "allowed_audiences": "contacts", "collaboration_tags": "ableToMentor"}
    answer = stranger.get(f"{portal.url}/interests/visibility?{urlencode(query)}", timeout=10)
    assert answer.status_code == 200
    fragment = html(answer.text)
    explain = fragment.find(id="id_allowed_audiences_explain")
    assert explain is not None
    assert fragment.find(id="id_allowed_audiences_about").get_text() == (
        "Your contacts. Your manager and colleagues don't see it in this portal."
    )
    assert fragment.find(id="id_allowed_audiences_warning").get_text(strip=True) == CONTACTS_MENTOR_WARNING
    assert graph_calls(portal.tenant) == {}

    # The edit form's ids come back as they were asked for; an audience colleagues see has an empty warning.
    query = {"field": "edit-abc-allowed_audiences", "allowed_audiences": "everyone"}
    fragment = html(stranger.get(f"{portal.url}/interests/visibility?{urlencode(query)}", timeout=10).text)
    assert fragment.find(id="edit-abc-allowed_audiences_warning").get_text(strip=True) == ""


@pytest.mark.parametrize(
    "query",
    [
        {"field": 'x"><script>', "allowed_audiences": "me"},
        {"field": "id_allowed_audiences", "collaboration_tags": "juggling"},
        {"allowed_audiences": "me"},
    ],
)
def test_what_is_not_a_choice_of_the_portals_is_refused(portal, query):
    answer = portal.browser().get(f"{portal.url}/interests/visibility?{urlencode(query)}", timeout=10)
    assert answer.status_code == 400
    assert "<script>" not in answer.text


def test_each_row_says_who_sees_it_and_describes_its_controls(portal, ada):
    chess, salary = (
        owned(portal.tenant, "ada.okafor", "Chess"),
        owned(portal.tenant, "ada.okafor", "Salary negotiation notes"),
    )
    page = html(ada.get(f"{portal.url}{LIST}", timeout=10).text)

    select = page.find(id=f"audience-{chess.pk}")
    note, about, hint = described_by(page, select)
    assert note == "Your manager and colleagues see it."
    assert about == "Anyone, inside or outside your organisation, your manager and colleagues included."
    assert hint.startswith("With the keyboard")

    hidden = page.find(id=f"audience-note-{salary.pk}")
    assert "audience-note-hidden" in hidden["class"]
    assert hidden.get_text() == "Only you will see this: your manager and colleagues won't."
    assert page.find(id=f"audience-{salary.pk}")["aria-describedby"].startswith(f"audience-note-{salary.pk} ")

    mentor = page.find(id=f"tag-ableToMentor-{chess.pk}")
    assert described_by(page, mentor) == [
        "You could teach it. Your manager's team page and mentoring matches pair you with people who want to learn it."
    ]
    # The glossary those descriptions live in, with every audience and tag.
    glossary = page.find("details", class_="glossary")
    assert len(glossary.find_all("dd")) == 7 + 4


def test_a_row_whose_audience_hides_a_tag_from_colleagues_says_so(portal, ada):
    chess = owned(portal.tenant, "ada.okafor", "Chess")
    Interest.objects.filter(pk=chess.pk).update(allowed_audiences="contacts", collaboration_tags=["ableToMentor"])
    page = html(ada.get(f"{portal.url}{LIST}", timeout=10).text)
    assert page.find(id=f"audience-note-{chess.pk}").get_text() == CONTACTS_MENTOR_WARNING

    # Changed inline to an audience colleagues see: the answer's row says they do.
    answer = ada.post(f"{portal.url}/interests/{chess.pk}/audience", data={"allowed_audiences": "organization"},
                      headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert html(answer.text).find(id=f"audience-note-{chess.pk}").get_text() == "Your manager and colleagues see it."


def test_the_edit_form_warns_of_the_audience_it_opens_with(portal, ada):
    salary = owned(portal.tenant, "ada.okafor", "Salary negotiation notes")
    Interest.objects.filter(pk=salary.pk).update(collaboration_tags=["askMeAbout"])
    page = html(ada.get(f"{portal.url}/interests/{salary.pk}/edit", timeout=10).text)  # the page without JavaScript
    select = page.find(id=f"edit-{salary.pk}-allowed_audiences")
    about, warning = described_by(page, select)
    assert about == "Only you. Nobody else sees it, not even your manager."
    assert warning.startswith("Only you will see this: your manager and colleagues won't, so “Ask me about”")


def test_without_javascript_an_add_that_hides_it_from_colleagues_says_so_on_its_row(portal, ada):
    body = {"display_name": "Negotiation", "allowed_audiences": "contacts", "collaboration_tags": "ableToMentor"}
    done = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.csrf(ada), allow_redirects=False,
                    timeout=10)  # fmt: skip
    negotiation = owned(portal.tenant, "ada.okafor", "Negotiation")
    assert done.headers["Location"] == f"{LIST}#interest-{negotiation.pk}"
    page = html(ada.get(f"{portal.url}{LIST}", timeout=10).text)
    assert page.find(id=f"audience-note-{negotiation.pk}").get_text() == CONTACTS_MENTOR_WARNING
    assert page.find(id=f"row-done-{negotiation.pk}").get_text(strip=True) == "Added “Negotiation”."


# --- Search and order -------------------------------------------------------------------------------------------


def test_search_and_order_appear_once_there_are_more_than_a_handful(portal, ada, yuki):
    assert html(ada.get(f"{portal.url}{LIST}", timeout=10).text).find(id="id_q") is None  # four interests
    assert html(ada.get(f"{portal.url}{LIST}?q=chess", timeout=10).text).find(id="id_q") is not None  # asked for
    page = html(yuki.get(f"{portal.url}{LIST}", timeout=10).text)
    search = page.find(id="id_q")
    assert search["type"] == "search"
    assert search["hx-get"] == LIST
    assert described_by(page, search) == ["Names, descriptions and categories. Capitals and accents don't matter."]
    assert [option["value"] for option in page.find(id="id_sort").find_all("option")] == ["added", "name", "changed"]


def test_a_search_is_a_real_get_form_case_and_accent_insensitive(portal, yuki):
    Interest.objects.filter(profile__owner=portal.tenant.user("yuki.tanaka"), display_name="Sourdough").update(
        display_name="Pâte au levain", description="Sourdough, the FRENCH way"
    )
    page = html(yuki.get(f"{portal.url}{LIST}?q=PATE+levain", timeout=10).text)
    assert [h3.get_text() for h3 in page.select("#interest-rows .interest-name")] == ["Pâte au levain"]
    assert page.find(id="list-summary").get_text(strip=True) == "Showing 1 of 24 interests."
    assert page.find(id="id_q")["value"] == "PATE levain"
    found = html(yuki.get(f"{portal.url}{LIST}?q=french", timeout=10).text)  # the description
    assert [h3.get_text() for h3 in found.select("#interest-rows .interest-name")] == ["Pâte au levain"]


def test_the_orders(portal, yuki):
    by_name = html(yuki.get(f"{portal.url}{LIST}?sort=name", timeout=10).text)
    names = [h3.get_text() for h3 in by_name.select("#interest-rows .interest-name")]
    assert names[:3] == ["Airflow", "Apache Spark", "Bayesian inference"]
    assert names == sorted(names, key=str.casefold)
    assert by_name.find(id="id_sort").find("option", selected=True)["value"] == "name"

    rust = owned(portal.tenant, "yuki.tanaka", "Rust")
    yuki.post(f"{portal.url}/interests/{rust.pk}/tags", data={"set": "askMeAbout:on"}, headers=portal.htmx(yuki),
              timeout=10)  # fmt: skip
    changed = html(yuki.get(f"{portal.url}{LIST}?sort=changed", timeout=10).text)
    assert changed.select("#interest-rows .interest-name")[0].get_text() == "Rust"  # just changed: first


def test_a_search_that_finds_nothing_says_so_and_offers_the_whole_list_in_the_same_order(portal, yuki):
    page = html(yuki.get(f"{portal.url}{LIST}?q=Łódź&sort=name", timeout=10).text)
    empty = page.find(id="empty-state")
    assert "None of your interests match “Łódź”." in empty.get_text()
    clear = page.find(id="clear-search")
    assert clear["href"] == clear["hx-get"] == f"{LIST}?sort=name"
    assert page.find(id="list-summary").get_text(strip=True) == "Showing 0 of 24 interests."


def test_the_list_region_answers_htmx_and_the_search_form_follows_only_a_request_from_outside_it(portal, yuki):
    typed = {**portal.htmx(yuki), "HX-Trigger": "id_q", "HX-Target": "interest-list"}
    answer = yuki.get(f"{portal.url}{LIST}?q=kafka", headers=typed, timeout=10)
    assert answer.text.lstrip().startswith('<div id="interest-list"')
    assert "HX-Request" in answer.headers["Vary"]
    assert [h3.get_text() for h3 in html(answer.text).select(".interest-name")] == ["Kafka"]
    assert 'id="filters"' not in answer.text  # what the person is typing is never answered over

    cleared = {**portal.htmx(yuki, "/interests/?q=zzz"), "HX-Trigger": "clear-search", "HX-Target": "interest-list"}
    answer = yuki.get(f"{portal.url}{LIST}", headers=cleared, timeout=10)
    form = html(answer.text).find(id="filters")
    assert form["hx-swap-oob"] == "morph"
    assert form.find(id="id_q")["value"] == ""


def test_an_interest_added_while_a_search_is_on_is_shown_with_its_message_beside_it(portal, yuki):
    body = {"display_name": "Origami", "allowed_audiences": "organization"}
    answer = yuki.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(yuki, "/interests/?q=kafka"),
                       timeout=10)  # fmt: skip
    assert answer.status_code == 200
    origami = owned(portal.tenant, "yuki.tanaka", "Origami")
    page = html(answer.text)
    rows = page.find(id="interest-rows")
    assert [h3.get_text() for h3 in rows.select(".interest-name")] == ["Kafka", "Origami"]
    row = page.find(id=f"interest-{origami.pk}")
    assert "Not in your current search or filters" in row.find(class_="row-note").get_text()
    assert row.find(id=f"row-done-{origami.pk}").get_text(strip=True) == "Added “Origami”."
    assert page.find(id="list-summary").get_text(strip=True) == "Showing 1 of 25 interests."
    # Beside the form too, with the way to the row; and the status line says it for screen readers.
    done = page.find(id="create-done")
    assert done.get_text(" ", strip=True) == "Added “Origami”. See it in your list"
    assert done.find("a")["href"] == f"#interest-{origami.pk}"
    assert status(answer)["message"] == "Added “Origami”."


def test_a_change_that_takes_a_row_out_of_the_search_keeps_it_in_view_and_says_why(portal, yuki):
    kafka = owned(portal.tenant, "yuki.tanaka", "Kafka")
    answer = yuki.post(f"{portal.url}/interests/{kafka.pk}/audience", data={"allowed_audiences": "me"},
                       headers=portal.htmx(yuki, "/interests/?audience=organization"), timeout=10)  # fmt: skip
    row = html(answer.text).find(id=f"interest-{kafka.pk}")
    assert "Not in your current search or filters" in row.find(class_="row-note").get_text()
    assert row.find(id=f"row-done-{kafka.pk}").get_text(strip=True) == "“Kafka” is visible to: Only me."
    # One that still matches has no such note.
    still = yuki.post(f"{portal.url}/interests/{kafka.pk}/tags", data={"set": "askMeAbout:on"},
                      headers=portal.htmx(yuki, "/interests/?q=kafka"), timeout=10)  # fmt: skip
    assert html(still.text).find(class_="row-note") is None


def test_a_deleted_interest_leaves_its_message_in_its_place_and_focus_there(portal, ada):
    python, chess = owned(portal.tenant, "ada.okafor", "Python"), owned(portal.tenant, "ada.okafor", "Chess")
    answer = ada.post(f"{portal.url}/interests/{python.pk}/delete", headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    rows = html(answer.text).find(id="interest-rows").find_all("li", recursive=False)
    ids = [li["id"] for li in rows]
    gone = ids.index(f"removed-{python.pk}")
    assert ids[gone + 1] == f"interest-{chess.pk}"  # where Python was, before Chess
    assert rows[gone].get_text(strip=True) == "Deleted “Python”."
    assert rows[gone]["tabindex"] == "-1"
    assert html(answer.text).find(id="list-summary").get_text(strip=True) == "3 interests."
    assert status(answer) == {"message": "Deleted “Python”.", "focus": f"#removed-{python.pk}"}


def test_dates_are_labelled_utc(portal, ada):
    chess = owned(portal.tenant, "ada.okafor", "Chess")
    meta = html(ada.get(f"{portal.url}{LIST}", timeout=10).text).find(id=f"interest-{chess.pk}").find(class_="meta")
    time = meta.find("time")
    assert time["datetime"].endswith("Z")
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC", time.get_text())


# --- A name already used ---------------------------------------------------------------------------------------


def test_adding_a_name_already_used_warns_keeps_everything_typed_and_adds_when_asked_again(portal, ada):
    chess = owned(portal.tenant, "ada.okafor", "Chess")
    form = hidden_fields(ada.get(f"{portal.url}{LIST}", timeout=10).text.split('id="create-form"', 1)[1])
    body = {"display_name": "  CHESS ", "description": "Blitz, mostly", "categories": "Games",
            "collaboration_tags": ["ableToMentor"], "allowed_audiences": "everyone", "key": form["key"]}  # fmt: skip
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)

    assert answer.status_code == 409
    assert (answer.headers["HX-Retarget"], answer.headers["HX-Reswap"]) == ("#create-form", "morph")
    assert status(answer) == {
        "message": "Not added. You already have an interest called “Chess”. "
        "Change the name, or tick the box to keep both.",
        "focus": "#id_display_name",
        "tone": "problem",
    }
    page = html(answer.text)
    name = page.find(id="id_display_name")
    assert name["value"] == "  CHESS "  # as typed
    warning = page.find(id="id_display_name_same")
    assert described_by(page, name) == [" ".join(warning.get_text().split())]
    assert warning.find("a")["href"] == f"#interest-{chess.pk}"
    assert "Blitz, mostly" in page.find(id="id_description").get_text()
    assert page.find(id="id_categories")["value"] == "Games"
    assert page.find(id="id_allowed_audiences").find("option", selected=True)["value"] == "everyone"
    assert page.find("input", attrs={"value": "ableToMentor"}).has_attr("checked")
    assert hidden_fields(answer.text)["key"] == form["key"]  # sending it again is still this one add
    box = page.find("input", attrs={"name": "same_name_ok"})
    assert box["type"] == "checkbox"
    assert not box.has_attr("checked")
    assert owned(portal.tenant, "ada.okafor", "Chess").pk == chess.pk  # nothing was added
    assert CreateRequest.objects.get(key=form["key"]).state == "failed"  # nothing sent: sending again is safe

    added = ada.post(f"{portal.url}/interests/new", data={**body, "same_name_ok": box["value"]},
                     headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert added.status_code == 200
    assert Interest.objects.filter(profile__owner=portal.tenant.user("ada.okafor"), display_name="CHESS").count() == 1


def test_the_tick_counts_only_for_the_name_it_was_given_for(portal, ada):
    body = {"display_name": "Pythön", "allowed_audiences": "me", "same_name_ok": "Chess"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 409
    assert (
        "You already have an interest called “Python”" in html(answer.text).find(id="id_display_name_same").get_text()
    )
    assert not Interest.objects.filter(display_name="Pythön").exists()


def test_without_javascript_a_name_already_used_is_the_page_with_the_warning(portal, ada):
    body = {"display_name": "kubernetes", "description": "kept", "allowed_audiences": "organization"}
    portal.tenant.control(reset_counters=True)
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.csrf(ada), timeout=10)
    assert answer.status_code == 409
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 1}  # the look for the name lists the page
    assert answer.text.lstrip().startswith("<!doctype html>")
    page = html(answer.text)
    kubernetes = owned(portal.tenant, "ada.okafor", "Kubernetes")
    assert page.find(id="id_display_name_same").find("a")["href"] == f"#interest-{kubernetes.pk}"  # on this page
    assert page.find(id=f"interest-{kubernetes.pk}") is not None
    assert "kept" in page.find(id="id_description").get_text()


def test_renaming_to_a_name_already_used_warns_writes_nothing_and_saves_when_asked_again(portal, ada):
    chess, python = owned(portal.tenant, "ada.okafor", "Chess"), owned(portal.tenant, "ada.okafor", "Python")
    form = hidden_fields(ada.get(f"{portal.url}/interests/{chess.pk}/edit", headers=portal.htmx(ada), timeout=10).text)
    body = {"display_name": "python", "allowed_audiences": "everyone", "collaboration_tags": ["wantsToImprove"],
            "description": "Typed", "seen": form["seen"]}  # fmt: skip
    portal.tenant.control(reset_counters=True)
    answer = ada.post(f"{portal.url}/interests/{chess.pk}/edit", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 409
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 1}  # the list, this interest in it; no write
    page = html(answer.text)
    warning = page.find(id=f"edit-{chess.pk}-display_name_same")
    assert warning.find("a")["href"] == f"#interest-{python.pk}"
    assert "Save it anyway" in warning.get_text()
    assert page.find(id=f"edit-{chess.pk}-display_name")["value"] == "python"
    assert status(answer)["focus"] == f"#edit-{chess.pk}-display_name"

    # Its own name, in other letters, is no clash.
    same = ada.post(f"{portal.url}/interests/{chess.pk}/edit", data={**body, "display_name": "CHESS"},
                    headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert same.status_code == 200
    form = hidden_fields(ada.get(f"{portal.url}/interests/{chess.pk}/edit", headers=portal.htmx(ada), timeout=10).text)
    saved = ada.post(f"{portal.url}/interests/{chess.pk}/edit",
                     data={**body, "seen": form["seen"], "same_name_ok": "python"}, headers=portal.htmx(ada),
                     timeout=10)  # fmt: skip
    assert saved.status_code == 200
    chess.refresh_from_db()
    assert (chess.display_name, chess.description) == ("python", "Typed")


def test_when_graph_cannot_list_the_names_the_add_goes_ahead(portal, ada, settings):
    settings.GRAPH_MAX_RETRIES = 0
    portal.tenant.control(fail_next=1, status=503, retry_after=0, match="^GET /me/profile/interests$")
    body = {"display_name": "Chess", "allowed_audiences": "me"}
    portal.tenant.control(reset_counters=True)
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200  # the warning is a kindness, not a rule: the add is what was asked
    assert Interest.objects.filter(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess").count() == 2
    # The list was not read before the add, so it is read after it, as any add without the look does.
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 2, "POST /me/profile/interests": 1}
    assert row_names(answer) == row_names(ada.get(f"{portal.url}{LIST}", timeout=10))


# --- An add shows the list from its own reads: no second read ------------------------------------------------


def row_names(answer) -> list[str]:
    return [name.get_text() for name in html(answer.text).find(id="interest-rows").select(".interest-name")]


def test_an_add_shows_the_list_its_name_check_read_with_graphs_answer_to_the_add(portal, ada):
    before = row_names(ada.get(f"{portal.url}{LIST}", timeout=10))
    portal.tenant.control(reset_counters=True)
    body = {"display_name": "Origami", "categories": " Paper ,Folding", "allowed_audiences": "organization"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 1, "POST /me/profile/interests": 1}
    # Every interest Graph holds, the new one last (Graph lists the oldest first), as a fresh read shows them.
    assert row_names(answer) == [*before, "Origami"] == row_names(ada.get(f"{portal.url}{LIST}", timeout=10))
    origami = owned(portal.tenant, "ada.okafor", "Origami")
    row = html(answer.text).find(id=f"interest-{origami.pk}")
    assert [item.get_text() for item in row.select(".categories li")] == origami.categories == ["Paper", "Folding"]
    assert f"{len(before) + 1} interests." in html(answer.text).find(id="list-summary").get_text()


def test_an_add_made_anyway_reads_the_list_once_after_it(portal, ada, settings):
    settings.GRAPH_MAX_RETRIES = 0
    portal.tenant.control(reset_counters=True, fail_next=1, status=503, retry_after=0,
                          match="^GET /me/profile/interests$")  # fmt: skip
    body = {"display_name": "CHESS", "allowed_audiences": "me", "same_name_ok": "CHESS"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    # No look for the name: the one read of the list is the one after the add, and its failure is said in the
    # list's place, which shows only what Graph confirmed: the interest just added.
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 1, "POST /me/profile/interests": 1}
    assert "Couldn't load your other interests." in answer.text
    assert row_names(answer) == ["CHESS"]


def test_without_javascript_an_add_graph_failed_shows_the_list_read_after_the_failure(portal, ada, settings):
    settings.GRAPH_MAX_RETRIES = 0
    portal.tenant.control(reset_counters=True, fail_next=1, status=503, retry_after=0, match="^POST ")
    body = {"display_name": "Unsaved", "description": "kept", "allowed_audiences": "organization"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.csrf(ada), timeout=10)
    assert answer.status_code == 503
    # The names were read before the add; after its failure the page reads what Graph holds, and shows that.
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 2, "POST /me/profile/interests": 1}
    assert "Unsaved" not in row_names(answer)
    assert row_names(answer) == row_names(ada.get(f"{portal.url}{LIST}", timeout=10))
    assert "kept" in html(answer.text).find(id="id_description").get_text()


def test_a_rename_reads_the_list_instead_of_the_interest_and_records_graphs_state_before(portal, ada):
    chess = owned(portal.tenant, "ada.okafor", "Chess")
    form = hidden_fields(ada.get(f"{portal.url}/interests/{chess.pk}/edit", headers=portal.htmx(ada), timeout=10).text)
    body = {"display_name": "Xiangqi", "allowed_audiences": chess.allowed_audiences,
            "collaboration_tags": chess.collaboration_tags, "seen": form["seen"]}  # fmt: skip
    portal.tenant.control(reset_counters=True)
    answer = ada.post(f"{portal.url}/interests/{chess.pk}/edit", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 1, "PATCH /me/profile/interests/{id}": 1}
    entry = AuditEntry.objects.latest("at")
    assert entry.before["id"] == str(chess.pk)
    assert (entry.before["displayName"], entry.after["displayName"]) == ("Chess", "Xiangqi")


def test_a_rename_whose_list_cannot_be_read_reads_the_interest_and_saves(portal, ada, settings):
    settings.GRAPH_MAX_RETRIES = 0
    chess = owned(portal.tenant, "ada.okafor", "Chess")
    form = hidden_fields(ada.get(f"{portal.url}/interests/{chess.pk}/edit", headers=portal.htmx(ada), timeout=10).text)
    body = {"display_name": "Xiangqi", "allowed_audiences": chess.allowed_audiences,
            "collaboration_tags": chess.collaboration_tags, "seen": form["seen"]}  # fmt: skip
    portal.tenant.control(reset_counters=True, fail_next=1, status=503, retry_after=0,
                          match="^GET /me/profile/interests$")  # fmt: skip
    answer = ada.post(f"{portal.url}/interests/{chess.pk}/edit", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    assert graph_calls(portal.tenant) == {
        "GET /me/profile/interests": 1, "GET /me/profile/interests/{id}": 1, "PATCH /me/profile/interests/{id}": 1,
    }  # fmt: skip
    chess.refresh_from_db()
    assert chess.display_name == "Xiangqi"
