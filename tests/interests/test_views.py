"""My interests over real HTTP: page vs partial, 422s, alerts, inline edits, sign-in expiry, one round trip each."""

import json
import re
from html import unescape

import pytest

from interests_portal.local_tenant.graph import validation
from interests_portal.local_tenant.models import Interest, RefreshToken
from tests.support import hidden_fields

LIST = "/interests/"


def ada_interest(tenant, name: str) -> Interest:
    return Interest.objects.get(profile__owner=tenant.user("ada.okafor"), display_name=name)


def announced(response) -> str:
    return json.loads(response.headers["HX-Trigger-After-Settle"])["status"]["message"]


def graph_calls(tenant) -> dict[str, int]:
    return tenant.counters()["requests"]["by_operation"]


@pytest.fixture
def ada(portal):
    return portal.sign_in("ada.okafor")


def test_anonymous_visitors_are_sent_to_sign_in_and_htmx_gets_hx_redirect(portal):
    browser = portal.browser()
    page = browser.get(f"{portal.url}{LIST}?tag=ableToMentor", allow_redirects=False, timeout=10)
    assert page.status_code == 302
    assert page.headers["Location"] == "/auth/sign-in?next=%2Finterests%2F%3Ftag%3DableToMentor"
    fragment = browser.get(
        f"{portal.url}{LIST}",
        headers=portal.htmx(browser, "/interests/?audience=me"),
        allow_redirects=False,
        timeout=10,
    )
    assert fragment.status_code == 200
    assert fragment.headers["HX-Redirect"] == "/auth/sign-in?next=%2Finterests%2F%3Faudience%3Dme"
    assert fragment.text == ""


def test_the_page_and_its_partial_share_a_url_and_vary_on_hx_request(portal, ada):
    page = ada.get(f"{portal.url}{LIST}", timeout=10)
    assert page.status_code == 200
    assert page.text.lstrip().startswith("<!doctype html>")
    assert "HX-Request" in page.headers["Vary"]
    for name in ("Kubernetes", "Python", "Chess", "Salary negotiation notes"):
        assert name in page.text

    partial = ada.get(f"{portal.url}{LIST}?tag=ableToMentor", headers=portal.htmx(ada), timeout=10)
    assert partial.text.lstrip().startswith('<div id="interest-list"')
    assert "HX-Request" in partial.headers["Vary"]
    assert "Showing 2 of 4 interests." in partial.text
    assert "Chess" not in partial.text


def test_a_history_restore_gets_the_full_page(portal, ada):
    headers = portal.htmx(ada) | {"HX-History-Restore-Request": "true"}
    assert ada.get(f"{portal.url}{LIST}", headers=headers, timeout=10).text.lstrip().startswith("<!doctype html>")


def test_filters_by_audience(portal, ada):
    page = ada.get(f"{portal.url}{LIST}?audience=me", timeout=10).text
    assert "Salary negotiation notes" in page
    assert "Kubernetes" not in page


def test_the_audience_filter_reads_unlike_every_audience_in_either_language(portal, ada):
    """Its no-filter choice once read "Alle" in German, as the audience "Everyone" does."""
    for language in ("en-GB", "de"):
        page = ada.get(f"{portal.url}{LIST}", headers={"Accept-Language": language}, timeout=10).text
        select = re.search(r'<select name="audience" id="id_audience">(.*?)</select>', page, re.S)
        assert select, page
        labels = re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))
        assert labels[0] == {"en-GB": "Any audience", "de": "Alle Zielgruppen"}[language]
        assert len(labels) == len(set(labels)), labels


def test_the_page_shows_progress_while_the_list_is_asked_for(portal, ada):
    page = ada.get(f"{portal.url}{LIST}", timeout=10).text
    form = re.search(r'<form id="filters".*?</form>', page, re.S)
    assert form
    assert form.group(0).count('hx-indicator="#filters-progress"') == 1  # the form (four interests: no search)
    assert '<p id="filters-progress" class="filters-progress htmx-indicator">' in form.group(0)
    assert "Updating the list…" in form.group(0)


def test_listing_is_one_graph_request_and_needs_no_me_call(portal, ada):
    portal.tenant.control(reset_counters=True)
    ada.get(f"{portal.url}{LIST}", timeout=10)
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests": 1}


def test_creating_renders_the_new_row_and_a_fresh_form(portal, ada):
    portal.tenant.control(reset_counters=True)
    body = {
        "display_name": "  Rust  ", "description": "Ownership, lifetimes.", "categories": "Programming, Systems, ",
        "collaboration_tags": ["wantsToLearn", "askMeAbout"], "web_url": "https://www.rust-lang.org",
        "allowed_audiences": "everyone",
    }  # fmt: skip
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)

    assert answer.status_code == 200
    stored = ada_interest(portal.tenant, "Rust")
    assert stored.categories == ["Programming", "Systems"]
    assert set(stored.collaboration_tags) == {"askMeAbout", "wantsToLearn"}
    assert (stored.web_url, stored.allowed_audiences) == ("https://www.rust-lang.org", "everyone")
    # The list as Graph now holds it (count and empty state included), morphed in, and a fresh add form.
    assert (answer.headers["HX-Retarget"], answer.headers["HX-Reswap"]) == ("#interest-list", "morph")
    assert answer.text.lstrip().startswith('<div id="interest-list"')
    assert f'<li id="interest-{stored.pk}"' in answer.text
    assert "5 interests." in answer.text
    assert 'id="create-form"' in answer.text
    assert 'hx-swap-oob="morph"' in answer.text  # the add form, fresh, morphed (focus stays where it was)
    assert announced(answer) == "Added “Rust”."
    # One read of the list, for an interest named alike (the form warns of it), and the add: that read with Graph's
    # answer to the add is the list as it now is, without reading it again.
    assert graph_calls(portal.tenant) == {"POST /me/profile/interests": 1, "GET /me/profile/interests": 1}


def test_an_invalid_create_answers_422_with_errors_next_to_fields_and_the_input_kept(portal, ada):
    stored = Interest.objects.count()
    body = {
        "display_name": "   ",
        "description": "Keep me",
        "web_url": "javascript:alert(1)",
        "allowed_audiences": "organization",
        "categories": "A, B",
    }
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)

    assert answer.status_code == 422
    assert answer.headers["HX-Retarget"] == "#create-form"
    assert answer.headers["HX-Reswap"] == "morph"
    # Said (field errors are not in a live region), and focus goes to the first field to fix.
    assert json.loads(answer.headers["HX-Trigger-After-Settle"])["status"] == {
        "message": "Not added. Name: This field is required. Link: Enter a valid URL.",
        "focus": "#id_display_name",
        "tone": "problem",  # not shown as a success
    }
    text = unescape(answer.text)
    assert "This field is required." in text or "Give the interest a name." in text
    assert "Enter a valid URL." in text
    assert "Keep me</textarea>" in text
    assert 'value="A, B"' in text
    assert 'aria-invalid="true"' in text
    # Django 5.2 points each invalid field at its help and its error (the template renders both ids).
    assert 'aria-describedby="id_web_url_helptext id_web_url_error"' in text
    assert 'id="id_web_url_error"' in text
    assert Interest.objects.count() == stored


def test_without_javascript_a_create_redirects_and_an_invalid_one_rerenders_the_page(portal, ada):
    body = {"display_name": "Go", "allowed_audiences": "organization"}
    done = ada.post(
        f"{portal.url}/interests/new", data=body, headers=portal.csrf(ada), allow_redirects=False, timeout=10
    )
    assert done.status_code == 302
    go = ada_interest(portal.tenant, "Go")
    assert done.headers["Location"] == f"{LIST}#interest-{go.pk}"  # back at the row, where its message stands
    page = ada.get(f"{portal.url}{LIST}", timeout=10).text
    assert page.count("Added “Go”.") == 2  # in the status line, and beside the row
    assert re.search(rf'id="row-done-{go.pk}"[^>]*><p class="done-message">Added “Go”.</p>', page)

    bad = ada.post(
        f"{portal.url}/interests/new",
        data={"display_name": "", "description": "kept"},
        headers=portal.csrf(ada),
        timeout=10,
    )
    assert bad.status_code == 422
    assert bad.text.lstrip().startswith("<!doctype html>")
    assert "kept</textarea>" in bad.text


def test_graph_refusing_a_create_shows_graphs_words_in_the_form(portal, ada, monkeypatch):
    # Graph's limits can be stricter than the form's: the refusal reaches the user, next to what they typed.
    monkeypatch.setattr(validation, "MAX_DESCRIPTION", 10)
    body = {"display_name": "Verbose", "description": "far more than ten characters", "allowed_audiences": "me"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 422
    text = unescape(answer.text)
    assert "Microsoft 365 refused this: description must be at most 10 characters long." in text
    assert "far more than ten characters</textarea>" in text
    assert not Interest.objects.filter(display_name="Verbose").exists()


def test_a_graph_failure_past_retries_is_an_alert_beside_the_kept_form_and_nothing_is_stored(portal, ada):
    portal.tenant.control(fail_next=10, status=503, retry_after=0.2, match="POST")
    body = {"display_name": "Unsaved", "allowed_audiences": "organization"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)

    assert answer.status_code == 503
    assert (answer.headers["HX-Retarget"], answer.headers["HX-Reswap"]) == ("#alerts", "innerHTML")
    assert 'role="alert"' in answer.text
    # A 503 to a create may hide a create that happened: the person is told a resend won't add it twice.
    assert "won't be added twice" in unescape(answer.text)
    # The add form comes back as typed, without an earlier try's field errors, with the message inside it.
    form = answer.text.split('<form id="create-form"', 1)[1]
    assert 'hx-swap-oob="morph"' in form.split(">", 1)[0]
    assert 'value="Unsaved"' in form
    assert "won't be added twice" in unescape(form.split('id="create-error"', 1)[1])
    assert "aria-invalid" not in form
    assert not Interest.objects.filter(display_name="Unsaved").exists()


def test_throttling_once_is_retried_and_succeeds(portal, ada):
    portal.tenant.control(fail_next=1, status=429, retry_after=0.1, match="POST")
    body = {"display_name": "Patience", "allowed_audiences": "organization"}
    answer = ada.post(f"{portal.url}/interests/new", data=body, headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    assert Interest.objects.filter(display_name="Patience").count() == 1


def test_changing_the_audience_inline_reads_graphs_value_then_writes_and_rerenders_the_row(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    portal.tenant.control(reset_counters=True)
    answer = ada.post(
        f"{portal.url}/interests/{chess.pk}/audience",
        data={"allowed_audiences": "me"},
        headers=portal.htmx(ada),
        timeout=10,
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith(f'<li id="interest-{chess.pk}"')
    assert '<option value="me" selected>Only me</option>' in answer.text
    assert announced(answer) == "“Chess” is visible to: Only me."
    chess.refresh_from_db()
    assert chess.allowed_audiences == "me"
    # The write's own read (Graph's value now, and the audit log's "before"), then the change.
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests/{id}": 1, "PATCH /me/profile/interests/{id}": 1}

    # The same audience again writes nothing.
    portal.tenant.control(reset_counters=True)
    again = ada.post(f"{portal.url}/interests/{chess.pk}/audience", data={"allowed_audiences": "me"},
                     headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert again.status_code == 200
    assert graph_calls(portal.tenant) == {"GET /me/profile/interests/{id}": 1}


def test_an_audience_the_portal_does_not_offer_is_refused_without_a_graph_call(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    portal.tenant.control(reset_counters=True)
    answer = ada.post(
        f"{portal.url}/interests/{chess.pk}/audience",
        data={"allowed_audiences": "friends"},
        headers=portal.htmx(ada),
        timeout=10,
    )
    assert answer.status_code == 400
    assert graph_calls(portal.tenant) == {}


def test_a_tag_button_sets_its_tag_on_the_tags_graph_holds(portal, ada):
    kubernetes = ada_interest(portal.tenant, "Kubernetes")
    row = ada.get(f"{portal.url}{LIST}", timeout=10).text
    button = re.search(rf'<button id="tag-wantsToLearn-{kubernetes.pk}"[^>]*>', row, re.S).group(0)
    assert 'value="wantsToLearn:on"' in button  # the row says what pressing it does
    answer = ada.post(f"{portal.url}/interests/{kubernetes.pk}/tags", data={"set": "wantsToLearn:on"},
                      headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert answer.status_code == 200
    kubernetes.refresh_from_db()
    assert kubernetes.collaboration_tags == ["ableToMentor", "askMeAbout", "wantsToLearn"]
    button = re.search(rf'<button id="tag-wantsToLearn-{kubernetes.pk}"[^>]*>', answer.text, re.S).group(0)
    assert 'aria-pressed="true"' in button
    assert 'value="wantsToLearn:off"' in button
    assert announced(answer) == "“Kubernetes” is tagged: Can mentor, Ask me about, Wants to learn."

    # A tag set elsewhere in the meantime stays: the button applies to Graph's tags, not to the page's.
    Interest.objects.filter(pk=kubernetes.pk).update(collaboration_tags=["ableToMentor", "wantsToLearn"])
    again = ada.post(f"{portal.url}/interests/{kubernetes.pk}/tags", data={"set": "wantsToImprove:on"},
                     headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert again.status_code == 200
    kubernetes.refresh_from_db()
    assert kubernetes.collaboration_tags == ["ableToMentor", "wantsToLearn", "wantsToImprove"]

    off = ada.post(f"{portal.url}/interests/{kubernetes.pk}/tags", data={"set": "ableToMentor:off"},
                   headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert off.status_code == 200
    kubernetes.refresh_from_db()
    assert kubernetes.collaboration_tags == ["wantsToLearn", "wantsToImprove"]


@pytest.mark.parametrize("value", ["juggling:on", "wantsToLearn", "wantsToLearn:maybe", ""])
def test_a_tag_the_portal_does_not_offer_is_refused_without_a_graph_call(portal, ada, value):
    kubernetes = ada_interest(portal.tenant, "Kubernetes")
    portal.tenant.control(reset_counters=True)
    answer = ada.post(f"{portal.url}/interests/{kubernetes.pk}/tags", data={"set": value}, headers=portal.htmx(ada),
                      timeout=10)  # fmt: skip
    assert answer.status_code == 400
    assert graph_calls(portal.tenant) == {}


def test_editing_opens_a_filled_form_and_saves_every_field(portal, ada):
    python = ada_interest(portal.tenant, "Python")
    form = ada.get(f"{portal.url}/interests/{python.pk}/edit", headers=portal.htmx(ada), timeout=10)
    assert form.status_code == 200
    assert f'id="edit-{python.pk}-display_name"' in form.text
    assert 'value="Python"' in form.text
    seen = hidden_fields(form.text)["seen"]  # the version the form was made from

    body = {
        "display_name": "Python 3",
        "description": "Typing, asyncio",
        "categories": "Programming",
        "collaboration_tags": ["ableToMentor"],
        "web_url": "https://python.org",
        "allowed_audiences": "organization",
        "seen": seen,
    }
    saved = ada.post(f"{portal.url}/interests/{python.pk}/edit", data=body, headers=portal.htmx(ada), timeout=10)
    assert saved.status_code == 200
    assert saved.text.lstrip().startswith(f'<li id="interest-{python.pk}"')
    assert json.loads(saved.headers["HX-Trigger-After-Settle"])["status"] == {
        "message": "Saved “Python 3”.",
        "focus": f"#edit-{python.pk}",  # focus returns to the row's Edit button
    }
    python.refresh_from_db()
    assert (python.display_name, python.description, python.web_url) == (
        "Python 3",
        "Typing, asyncio",
        "https://python.org",
    )

    invalid = ada.post(
        f"{portal.url}/interests/{python.pk}/edit",
        data=body | {"web_url": "nope"},
        headers=portal.htmx(ada),
        timeout=10,
    )
    assert invalid.status_code == 422
    assert 'value="nope"' in invalid.text


def test_deleting_answers_with_the_list_graph_now_holds_and_announces_it(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    answer = ada.post(f"{portal.url}/interests/{chess.pk}/delete", headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 200
    assert (answer.headers["HX-Retarget"], answer.headers["HX-Reswap"]) == ("#interest-list", "morph")
    assert f'id="interest-{chess.pk}"' not in answer.text
    assert "3 interests." in answer.text
    assert announced(answer) == "Deleted “Chess”."
    assert not Interest.objects.filter(pk=chess.pk).exists()


def test_without_javascript_deleting_asks_first(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    confirm = ada.get(f"{portal.url}/interests/{chess.pk}/delete", timeout=10)
    assert "Delete “Chess”?" in confirm.text
    assert Interest.objects.filter(pk=chess.pk).exists()
    done = ada.post(
        f"{portal.url}/interests/{chess.pk}/delete", headers=portal.csrf(ada), allow_redirects=False, timeout=10
    )
    assert done.headers["Location"] == LIST  # the row is gone: its message is in the status line
    assert not Interest.objects.filter(pk=chess.pk).exists()


def test_someone_elses_interest_cannot_be_reached_through_my_pages(portal, ada):
    lukasz_item = Interest.objects.get(profile__owner=portal.tenant.user("lukasz.wrobel"), display_name="Python")
    answer = ada.post(
        f"{portal.url}/interests/{lukasz_item.pk}/audience",
        data={"allowed_audiences": "me"},
        headers=portal.htmx(ada),
        timeout=10,
    )
    assert answer.status_code == 404
    lukasz_item.refresh_from_db()
    assert lukasz_item.allowed_audiences == "organization"


def test_an_expired_sign_in_during_an_htmx_action_redirects_back_to_the_page(portal, ada):
    portal.tenant.control(access_token_lifetime=60)
    ada.post(f"{portal.url}/auth/sign-out", headers=portal.csrf(ada), allow_redirects=False, timeout=10)
    browser = portal.sign_in("ada.okafor")
    RefreshToken.objects.update(revoked=True)  # the tenant ended the session (e.g. a password reset)
    chess = ada_interest(portal.tenant, "Chess")

    answer = browser.post(
        f"{portal.url}/interests/{chess.pk}/audience",
        data={"allowed_audiences": "me"},
        headers=portal.htmx(browser, "/interests/?tag=wantsToImprove"),
        timeout=10,
    )
    assert answer.status_code == 200
    assert answer.headers["HX-Redirect"] == "/auth/sign-in?next=%2Finterests%2F%3Ftag%3DwantsToImprove"
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"


def test_every_page_has_a_strict_content_security_policy(portal, ada):
    for url in ("/", LIST, "/_tenant/login/oauth2/v2.0/logout"):
        policy = ada.get(f"{portal.url}{url}", timeout=10).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy


def test_without_javascript_the_inline_forms_save_and_come_back_to_the_list(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    moved = ada.post(
        f"{portal.url}/interests/{chess.pk}/audience",
        data={"allowed_audiences": "contacts"},
        headers=portal.csrf(ada),
        allow_redirects=False,
        timeout=10,
    )
    assert moved.headers["Location"] == f"{LIST}#interest-{chess.pk}"
    tagged = ada.post(
        f"{portal.url}/interests/{chess.pk}/tags",
        data={"set": "askMeAbout:on"},
        headers=portal.csrf(ada),
        allow_redirects=False,
        timeout=10,
    )
    assert tagged.headers["Location"] == f"{LIST}#interest-{chess.pk}"
    chess.refresh_from_db()
    assert (chess.allowed_audiences, set(chess.collaboration_tags)) == ("contacts", {"wantsToImprove", "askMeAbout"})
    page = ada.get(f"{portal.url}{LIST}", timeout=10).text
    assert "“Chess” is tagged: Wants to improve, Ask me about." in page


@pytest.mark.parametrize("path", ["/interests/../admin/", "/interests/%2e%2e/edit", "/interests/a%2Fb/edit"])
def test_ids_that_could_name_another_path_never_reach_graph(portal, ada, path):
    portal.tenant.control(reset_counters=True)
    assert ada.get(f"{portal.url}{path}", allow_redirects=False, timeout=10).status_code in (302, 404)
    assert graph_calls(portal.tenant) == {}


def test_the_edit_page_without_javascript_is_headed_by_what_it_is(portal, ada):
    """The page (not the in-row form) starts with an h1, as every page does; in the list the form stays an h3."""
    python = ada_interest(portal.tenant, "Python")
    page = ada.get(f"{portal.url}/interests/{python.pk}/edit", timeout=10)
    assert "<h1>Edit interest</h1>" in page.text
    fragment = ada.get(f"{portal.url}/interests/{python.pk}/edit", headers=portal.htmx(ada), timeout=10)
    assert "<h3>Edit interest</h3>" in fragment.text
    assert "<h1>" not in fragment.text


def test_the_edit_form_takes_focus_once_where_it_opens(portal, ada):
    """Its own page focuses Name as it loads; in a row, focus moves once after the swap has settled. An `autofocus`
    swapped into the row would be focused again by the browser a frame later, and text typed into Description by
    then would land in Name."""
    python = ada_interest(portal.tenant, "Python")
    page = ada.get(f"{portal.url}/interests/{python.pk}/edit", timeout=10)
    assert re.search(r'<input[^>]*name="display_name"[^>]*autofocus', page.text)
    fragment = ada.get(f"{portal.url}/interests/{python.pk}/edit", headers=portal.htmx(ada), timeout=10)
    assert "autofocus" not in fragment.text
    status = json.loads(fragment.headers["HX-Trigger-After-Settle"])["status"]
    assert status == {"message": "", "focus": f"#edit-{python.pk}-display_name"}
    assert f'id="edit-{python.pk}-display_name"' in fragment.text
