"""What the portal answers when Graph fails or changes underneath a person, over real HTTP against the local tenant:
rows put back to what Graph holds, no lost updates between two tabs, one interest per add form, unknown values kept,
and what a person submitted kept across an expired sign-in."""

import json
import re
import threading
from html import unescape

import pytest

from interests_portal.interests.models import CreateRequest
from interests_portal.local_tenant.models import Interest, RefreshToken
from tests.support import hidden_fields

LIST = "/interests/"


def ada_interest(tenant, name: str) -> Interest:
    return Interest.objects.get(profile__owner=tenant.user("ada.okafor"), display_name=name)


def announced(response) -> str:
    return json.loads(response.headers["HX-Trigger-After-Settle"])["status"]["message"]


@pytest.fixture
def ada(portal):
    return portal.sign_in("ada.okafor")


def post(portal, browser, path: str, data: dict, **kwargs):
    return browser.post(f"{portal.url}{path}", data=data, headers=portal.htmx(browser), timeout=15, **kwargs)


def edit_form(portal, browser, interest: Interest) -> dict[str, str]:
    form = browser.get(f"{portal.url}/interests/{interest.pk}/edit", headers=portal.htmx(browser), timeout=10)
    assert form.status_code == 200
    return hidden_fields(form.text)


def edit_body(interest: Interest, seen: str, **changes) -> dict:
    """The edit form as the person leaves it: what it showed, with `changes`."""
    body = {
        "display_name": interest.display_name,
        "description": interest.description or "",
        "categories": ", ".join(interest.categories),
        "collaboration_tags": [t for t in interest.collaboration_tags or [] if t != "openToProjects"],
        "web_url": interest.web_url or "",
        "allowed_audiences": interest.allowed_audiences,
        "seen": seen,
    }
    return body | changes


# --- A failed change shows what Graph holds ---------------------------------------------------------------


def test_a_failed_audience_change_answers_with_the_row_as_graph_holds_it(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.01, match="^PATCH ")
    answer = post(portal, ada, f"/interests/{chess.pk}/audience", {"allowed_audiences": "contacts"})

    assert answer.status_code == 503
    assert (answer.headers["HX-Retarget"], answer.headers["HX-Reswap"]) == ("#alerts", "innerHTML")
    text = unescape(answer.text)
    assert 'role="alert"' in text
    # Out of band: the row, its select back at Graph's value, the message beside it.
    row = re.search(rf'<li id="interest-{chess.pk}" class="interest" hx-swap-oob="morph">.*?</li>\s*$', text, re.S)
    assert row, text
    assert '<option value="everyone" selected>Everyone</option>' in row.group(0)
    assert '<option value="contacts" selected>' not in row.group(0)
    assert "isn't answering right now" in row.group(0).split(f'id="row-error-{chess.pk}"')[1]
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"


def test_a_change_whose_read_fails_says_so_beside_the_row_and_writes_nothing(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.01, match=r"^GET /me/profile/interests/\{id\}")
    answer = post(portal, ada, f"/interests/{chess.pk}/tags", {"set": "askMeAbout:on"})
    assert answer.status_code == 503
    assert f'<div id="row-error-{chess.pk}" class="slot-message" hx-swap-oob="true">' in answer.text
    assert "PATCH /me/profile/interests/{id}" not in portal.tenant.counters()["requests"]["by_operation"]


def test_a_failed_change_says_which_change_it_was(portal, ada):
    """Several changes may wait in a row's queue: the message beside the row names the one that failed, so a later
    one's confirmation beside it does not read as its outcome."""
    chess = ada_interest(portal.tenant, "Chess")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.01, match="^PATCH ")
    tag = unescape(post(portal, ada, f"/interests/{chess.pk}/tags", {"set": "ableToMentor:on"}).text)
    audience = unescape(post(portal, ada, f"/interests/{chess.pk}/audience", {"allowed_audiences": "me"}).text)
    beside = tag.split(f'id="row-error-{chess.pk}"')[1]
    assert "Not saved: Tag “Can mentor” added — the row shows what Microsoft 365 holds." in beside
    beside = audience.split(f'id="row-error-{chess.pk}"')[1]
    assert "Not saved: Who can see it “Only me” — the row shows what Microsoft 365 holds." in beside


def test_a_change_whose_outcome_is_unknown_names_the_change_too(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.01, match=r"^GET /me/profile/interests/\{id\}")
    answer = unescape(post(portal, ada, f"/interests/{chess.pk}/tags", {"set": "wantsToImprove:off"}).text)
    assert "Not saved: Tag “Wants to improve” removed —" in answer.split(f'id="row-error-{chess.pk}"')[1]


def test_a_search_that_fails_says_so_beside_the_search_form_and_leaves_the_list(portal, ada):
    portal.tenant.control(fail_rate=1, status=503, retry_after=0.01, match="^GET /me/profile/interests$")
    headers = {**portal.htmx(ada, "/interests/?q=chess"), "HX-Trigger": "id_q"}
    answer = ada.get(f"{portal.url}/interests/?q=che", headers=headers, timeout=15)
    assert answer.status_code == 503
    assert answer.headers["HX-Push-Url"] == "false"
    text = unescape(answer.text)
    assert '<div id="filters-error" class="slot-message" hx-swap-oob="true">' in text
    beside = text.split('id="filters-error"')[1]
    assert "Couldn't update the list:" in beside
    assert "It still shows the previous results." in beside
    assert 'id="interest-list"' not in text  # the list as it was stays: nothing replaces it


def test_a_throttled_read_inside_a_write_is_retried(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    portal.tenant.control(fail_next=1, status=429, retry_after=0.1, match=r"^GET /me/profile/interests/\{id\}")
    answer = post(portal, ada, f"/interests/{chess.pk}/audience", {"allowed_audiences": "contacts"})
    assert answer.status_code == 200
    chess.refresh_from_db()
    assert chess.allowed_audiences == "contacts"
    assert portal.tenant.counters()["requests"]["by_operation"]["GET /me/profile/interests/{id}"] == 2


def test_a_change_to_an_interest_deleted_elsewhere_takes_its_row_away(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    chess.delete()
    answer = post(portal, ada, f"/interests/{chess.pk}/audience", {"allowed_audiences": "me"})
    assert answer.status_code == 404
    assert f'<li id="interest-{chess.pk}" hx-swap-oob="delete"></li>' in answer.text
    assert "no longer exists" in unescape(answer.text)


# --- No lost updates ------------------------------------------------------------------------------------


def test_two_tabs_editing_different_fields_keep_both_changes(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    tab_a, tab_b = edit_form(portal, ada, chess)["seen"], edit_form(portal, ada, chess)["seen"]

    renamed = post(portal, ada, f"/interests/{chess.pk}/edit", edit_body(chess, tab_a, display_name="Chess (blitz)"))
    assert renamed.status_code == 200
    described = post(portal, ada, f"/interests/{chess.pk}/edit", edit_body(chess, tab_b, description="Sicilian"))

    assert described.status_code == 200
    chess.refresh_from_db()
    assert (chess.display_name, chess.description) == ("Chess (blitz)", "Sicilian")
    assert "Chess (blitz)" in described.text  # the row shows both
    assert announced(described) == "Saved “Chess (blitz)”. Changes made elsewhere meanwhile were kept: Name."


def test_two_tabs_changing_the_same_field_show_a_conflict_and_save_only_when_asked_again(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    tab_a, tab_b = edit_form(portal, ada, chess)["seen"], edit_form(portal, ada, chess)["seen"]
    assert post(portal, ada, f"/interests/{chess.pk}/edit", edit_body(chess, tab_a, display_name="Blitz")).ok

    conflict = post(portal, ada, f"/interests/{chess.pk}/edit", edit_body(chess, tab_b, display_name="Bullet"))
    assert conflict.status_code == 409
    text = unescape(conflict.text)
    assert "This interest was changed elsewhere" in text
    assert "<dt>Name</dt><dd>Blitz</dd>" in text  # what Graph holds now
    assert 'value="Bullet"' in text  # what the person typed, not yet saved
    chess.refresh_from_db()
    assert chess.display_name == "Blitz"

    # Saving again from the conflict form is a knowing choice: it now carries the version just shown.
    again = post(portal, ada, f"/interests/{chess.pk}/edit",
                 edit_body(chess, hidden_fields(conflict.text)["seen"], display_name="Bullet"))  # fmt: skip
    assert again.status_code == 200
    chess.refresh_from_db()
    assert chess.display_name == "Bullet"


def test_a_tampered_or_missing_version_never_overwrites_silently(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    for seen in ("", "forged", edit_form(portal, ada, ada_interest(portal.tenant, "Python"))["seen"]):
        answer = post(portal, ada, f"/interests/{chess.pk}/edit", edit_body(chess, seen, display_name="Overwritten"))
        assert answer.status_code == 409
    chess.refresh_from_db()
    assert chess.display_name == "Chess"


def test_an_edit_with_nothing_changed_writes_nothing(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    seen = edit_form(portal, ada, chess)["seen"]
    portal.tenant.control(reset_counters=True)
    answer = post(portal, ada, f"/interests/{chess.pk}/edit", edit_body(chess, seen))
    assert answer.status_code == 200
    assert announced(answer) == "Nothing to save: “Chess” already reads as you left it."
    assert portal.tenant.counters()["requests"]["by_operation"] == {"GET /me/profile/interests/{id}": 1}


def test_a_full_edit_changes_only_the_tags_it_switched_keeping_one_pressed_elsewhere_meanwhile(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")  # tags: wantsToImprove
    seen = edit_form(portal, ada, chess)["seen"]
    assert post(portal, ada, f"/interests/{chess.pk}/tags", {"set": "askMeAbout:on"}).ok  # another tab, meanwhile
    # The edit switches "Can mentor" on and "Wants to improve" off; it never showed "Ask me about" on.
    body = edit_body(chess, seen, collaboration_tags=["ableToMentor"])
    answer = post(portal, ada, f"/interests/{chess.pk}/edit", body)
    assert answer.status_code == 200
    chess.refresh_from_db()
    assert chess.collaboration_tags == ["askMeAbout", "ableToMentor"]
    assert announced(answer) == "Saved “Chess”. Changes made elsewhere meanwhile were kept: Tags."


def test_cancelling_the_edit_of_an_interest_deleted_elsewhere_takes_the_form_away(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    edit_form(portal, ada, chess)
    chess_id = chess.pk
    chess.delete()
    answer = ada.get(f"{portal.url}/interests/{chess_id}/", headers=portal.htmx(ada), timeout=10)
    assert answer.status_code == 404
    assert f'<li id="interest-{chess_id}" hx-swap-oob="delete"></li>' in answer.text


def test_a_filter_chosen_as_the_sign_in_expired_is_the_page_one_comes_back_to(portal):
    portal.tenant.control(access_token_lifetime=60)
    browser = portal.sign_in("ada.okafor")
    RefreshToken.objects.update(revoked=True)
    headers = portal.htmx(browser) | {"HX-Target": "interest-list"}
    answer = browser.get(f"{portal.url}/interests/?tag=ableToMentor", headers=headers, timeout=10)
    assert answer.headers["HX-Redirect"] == "/auth/sign-in?next=%2Finterests%2F%3Ftag%3DableToMentor"


def test_tags_pressed_in_a_stale_tab_keep_the_tags_pressed_in_another(portal, ada):
    chess = ada_interest(portal.tenant, "Chess")
    stale_page = ada.get(f"{portal.url}{LIST}", timeout=10).text
    assert post(portal, ada, f"/interests/{chess.pk}/tags", {"set": "askMeAbout:on"}).ok  # tab A
    # Tab B still shows "Can mentor" off, and says so in what it sends.
    button = re.search(rf'<button id="tag-ableToMentor-{chess.pk}"[^>]*>', stale_page, re.S).group(0)
    value = re.search(r'value="([^"]+)"', button).group(1)
    assert post(portal, ada, f"/interests/{chess.pk}/tags", {"set": value}).ok
    chess.refresh_from_db()
    assert chess.collaboration_tags == ["wantsToImprove", "askMeAbout", "ableToMentor"]


# --- One interest per add form ---------------------------------------------------------------------------


def test_the_same_add_form_sent_twice_at_the_same_moment_adds_one_interest(portal, ada):
    portal.tenant.control(latency_ms=300)  # both requests are in flight together
    key = hidden_fields(ada.get(f"{portal.url}{LIST}", timeout=10).text.split('id="create-form"', 1)[1])["key"]
    body = {"display_name": "Double click", "allowed_audiences": "organization", "key": key}
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(post(portal, ada, "/interests/new", body)))
               for _ in range(2)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers) == [200, 200]
    assert Interest.objects.filter(display_name="Double click").count() == 1
    assert sorted(announced(a) for a in answers) == ["Added “Double click”.", "“Double click” was already added."]
    assert portal.tenant.counters()["requests"]["by_operation"]["POST /me/profile/interests"] == 1


def test_an_add_form_sent_again_after_a_failure_adds_it_once(portal, ada):
    portal.tenant.control(fail_next=10, status=503, retry_after=0.01, match="^POST /me/profile/interests$")
    body = {
        "display_name": "Retried",
        "allowed_audiences": "organization",
        "key": "5d0b9a52-1d5e-4a27-9d43-0c1f4e1f2a3b",
    }
    assert post(portal, ada, "/interests/new", body).status_code == 503
    assert CreateRequest.objects.get().state == "uncertain"
    portal.tenant.control(fail_next=0)
    assert post(portal, ada, "/interests/new", body).status_code == 200
    assert post(portal, ada, "/interests/new", body).status_code == 200  # a third press: already there
    assert Interest.objects.filter(display_name="Retried").count() == 1


# --- Values the portal does not know --------------------------------------------------------------------


def test_a_tag_and_an_audience_the_portal_does_not_know_survive_every_edit(portal):
    zoe = portal.sign_in("zoe.angstrom")
    testing = Interest.objects.get(display_name="Property-based testing")
    long_name = Interest.objects.get(profile__owner=testing.profile.owner, allowed_audiences="unknownFutureValue")
    page = zoe.get(f"{portal.url}{LIST}", timeout=10).text
    assert "Other: openToProjects" in page
    assert '<option value="unknownFutureValue" selected>Other (newer than this portal)</option>' in page

    assert post(portal, zoe, f"/interests/{testing.pk}/tags", {"set": "ableToMentor:off"}).ok
    seen = edit_form(portal, zoe, testing)["seen"]
    testing.refresh_from_db()
    assert post(portal, zoe, f"/interests/{testing.pk}/edit", edit_body(testing, seen, description="QuickCheck")).ok
    testing.refresh_from_db()
    assert testing.collaboration_tags == ["askMeAbout", "openToProjects"]

    seen = edit_form(portal, zoe, long_name)["seen"]
    saved = post(portal, zoe, f"/interests/{long_name.pk}/edit", edit_body(long_name, seen, description="Kept"))
    assert saved.status_code == 200
    long_name.refresh_from_db()
    assert (long_name.allowed_audiences, long_name.description) == ("unknownFutureValue", "Kept")


# --- An expired sign-in keeps what was submitted ---------------------------------------------------------


def test_an_add_interrupted_by_an_expired_sign_in_comes_back_filled_in_and_unsent(portal):
    portal.tenant.control(access_token_lifetime=60)
    browser = portal.sign_in("ada.okafor")
    RefreshToken.objects.update(revoked=True)
    body = {"display_name": "Typed before expiry", "description": "Every word", "allowed_audiences": "me",
            "key": "9f7c1d8e-2b6a-4c3d-8e5f-1a2b3c4d5e6f"}  # fmt: skip
    answer = post(portal, browser, "/interests/new", body)
    assert answer.headers["HX-Redirect"].startswith("/auth/sign-in?next=%2Finterests%2F")
    assert not Interest.objects.filter(display_name="Typed before expiry").exists()

    page = sign_in_again(portal, browser)
    create_form = page.split('id="create-form"', 1)[1].split("</form>", 1)[0]
    assert 'value="Typed before expiry"' in create_form
    assert "Every word</textarea>" in create_form
    assert "nothing was sent" in unescape(create_form)
    assert hidden_fields(create_form)["key"] == body["key"]  # sending it now is still the same add
    assert not Interest.objects.filter(display_name="Typed before expiry").exists()
    # Shown once: a reload is a clean page.
    assert "Typed before expiry" not in browser.get(f"{portal.url}{LIST}", timeout=10).text


def test_an_edit_interrupted_by_an_expired_sign_in_comes_back_open_with_what_was_typed(portal):
    portal.tenant.control(access_token_lifetime=60)
    browser = portal.sign_in("ada.okafor")
    chess = ada_interest(portal.tenant, "Chess")
    seen = edit_form(portal, browser, chess)["seen"]
    RefreshToken.objects.update(revoked=True)
    answer = post(portal, browser, f"/interests/{chess.pk}/edit", edit_body(chess, seen, description="Half an hour"))
    assert answer.headers["HX-Redirect"].startswith("/auth/sign-in")

    page = sign_in_again(portal, browser)
    row = page.split(f'<li id="interest-{chess.pk}"', 1)[1].split("</li>", 1)[0]
    assert "interest-editing" in row.split(">", 1)[0]
    assert "Half an hour</textarea>" in row
    assert hidden_fields(row)["seen"] == seen  # saving it still merges with changes made elsewhere
    assert "autofocus" in row  # the page opens where the kept form is
    chess.refresh_from_db()
    assert chess.description is None


def sign_in_again(portal, browser) -> str:
    start = browser.get(f"{portal.url}/auth/sign-in", params={"next": LIST}, allow_redirects=False, timeout=10)
    picked = portal.tenant._choose(browser, start.headers["Location"], "ada.okafor")
    return browser.get(picked.headers["Location"], timeout=10).text
