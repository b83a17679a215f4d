"""Team views that say when they are incomplete, moderation that records Graph's names and survives consent, and an
audit log that keeps private interests private — over real HTTP against the local tenant."""

import csv
import io
import json
from html import unescape

import pytest

from interests_portal.audit.models import AuditEntry
from interests_portal.local_tenant.models import Interest
from tests.review.test_views import HIDDEN, moderate
from tests.support import hidden_fields

PEOPLE_INTERESTS = r"^GET /users/\{id\}/profile/interests"


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def priya(portal):
    return portal.sign_in("priya.raman", "/team/")


@pytest.fixture
def grace(portal):
    return portal.sign_in("grace.obi", "/review/people/", moderation=True)


@pytest.fixture
def no_retries(settings):
    settings.GRAPH_MAX_RETRIES = 0


# --- Team views never silently short ----------------------------------------------------------------------


@pytest.mark.parametrize("view", ["people", "matrix", "interests", "matches"])
def test_every_team_view_says_who_could_not_be_loaded(portal, priya, no_retries, view):
    portal.tenant.control(fail_next=2, status=503, retry_after=0, match=PEOPLE_INTERESTS)
    page = unescape(priya.get(f"{portal.url}/team/?view={view}", timeout=10).text)
    banner = page.split('id="team-incomplete"', 1)[1].split("</div>", 1)[0]
    assert "Incomplete: 2 people couldn't be loaded" in banner
    assert "Try again for these people" in banner
    assert 'name="view" value="' + view + '"' in banner  # the retry keeps the view (and its filters)


def test_mentoring_matches_under_heavy_faults_never_claims_there_are_none(portal, priya, no_retries):
    portal.tenant.control(fail_rate=0.6, seed=3, status=503, retry_after=0, match=PEOPLE_INTERESTS)
    page = unescape(priya.get(f"{portal.url}/team/?view=matches", timeout=10).text)
    assert "couldn't be loaded" in page
    if "No mentoring matches" in page:
        assert "Matches with them are missing." in page


def test_retrying_asks_graph_again_only_for_the_people_who_failed(portal, priya, no_retries):
    portal.tenant.control(fail_next=2, status=503, retry_after=0, match=PEOPLE_INTERESTS)
    first = priya.get(f"{portal.url}/team/?view=matrix", timeout=10).text
    assert "Incomplete: 2 people" in first
    portal.tenant.control(reset_counters=True)
    retried = priya.get(f"{portal.url}/team/?view=matrix&retry=1", headers=portal.htmx(priya, "/team/"), timeout=10)
    assert retried.text.lstrip().startswith('<div id="team-results"')
    assert "team-incomplete" not in retried.text
    assert portal.tenant.counters()["batch_items"]["by_operation"] == {"GET /users/{id}/profile/interests": 2}
    assert "Kubernetes" in retried.text


def test_the_csv_of_an_incomplete_view_lists_who_is_missing(portal, priya, no_retries):
    portal.tenant.control(fail_next=1, status=503, retry_after=0, match=PEOPLE_INTERESTS)
    table = rows(priya.get(f"{portal.url}/team/export.csv", timeout=10))
    assert table[0][-1] == "Status"
    missing = [row for row in table[1:] if row[-1].startswith("couldn't load")]
    assert len(missing) == 1
    assert missing[0][2] == ""
    assert {row[-1] for row in table[1:]} - {missing[0][-1]} == {"ok"}

    portal.tenant.control(fail_next=1, status=503, retry_after=0, match=PEOPLE_INTERESTS)
    matches = rows(priya.get(f"{portal.url}/team/export.csv?view=matches", timeout=10))
    assert [row[-1][:11] for row in matches[1:] if row[-1] != "ok"] == ["incomplete:"]


# --- Moderation ---------------------------------------------------------------------------------------------


def test_a_moderation_records_the_owner_and_interest_as_graph_names_them_not_as_posted(portal, grace):
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    answer = moderate(portal, grace, chess, "restrict", person_name="Somebody Else", display_name="Something else")
    assert answer.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.subject_name, entry.subject_oid, entry.interest_name) == ("Ada Okafor", str(chess.profile.owner_id),
                                                                            "Chess")  # fmt: skip


def test_a_moderation_without_a_reason_answers_inside_its_card_and_can_then_be_applied(portal, grace):
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    invalid = moderate(portal, grace, chess, "restrict", reason="")
    assert invalid.status_code == 422
    # Only the reason, with its error, goes back into the card: the card and its buttons stay as they are.
    assert invalid.text.lstrip().startswith(f'<div id="reason-field-{chess.pk}" class="field-invalid">')
    assert "<form" not in invalid.text
    # Focus goes to the reason once the card has settled; not by a swapped-in autofocus, which the browser focuses
    # again a frame later, under the admin's typing.
    assert "autofocus" not in invalid.text
    assert json.loads(invalid.headers["HX-Trigger-After-Settle"])["status"] == {
        "message": "",
        "focus": f"#reason-{chess.pk}",
    }
    assert moderate(portal, grace, chess, "restrict").status_code == 200


def test_without_javascript_a_moderation_delete_asks_first(portal, grace):
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    url = f"{portal.url}/review/people/{chess.profile.owner_id}/interests/{chess.pk}/moderate"
    ask = grace.post(url, data={"action": "delete", "reason": "Off-topic for work."}, headers=portal.csrf(grace),
                     timeout=10)  # fmt: skip
    assert ask.status_code == 200
    assert "Delete it from their profile?" in unescape(ask.text)
    assert Interest.objects.filter(pk=chess.pk).exists()
    confirm = hidden_fields(ask.text)
    done = grace.post(url, data=confirm | {"action": "delete", "reason": "Off-topic for work."},
                      headers=portal.csrf(grace), allow_redirects=False, timeout=10)  # fmt: skip
    assert done.status_code == 302
    assert not Interest.objects.filter(pk=chess.pk).exists()


def test_a_first_moderation_is_kept_through_consent_and_sent_on_by_the_page(portal):
    grace = portal.sign_in("grace.obi", "/review/people/")  # signed in without the moderation permission
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    answer = moderate(portal, grace, chess, "restrict", "Mentions a colleague.")
    assert answer.headers["HX-Redirect"].endswith("&moderation=1")
    assert not AuditEntry.objects.exists()

    start = grace.get(f"{portal.url}{answer.headers['HX-Redirect']}", allow_redirects=False, timeout=10)
    picked = portal.tenant._choose(grace, start.headers["Location"], "grace.obi")
    page = grace.get(picked.headers["Location"], timeout=10).text
    form = page.split(f'<form id="moderation-{chess.pk}"', 1)[1].split("</form>", 1)[0]
    assert "data-resume-submit" in form  # portal.js sends it on
    assert "Mentions a colleague.</textarea>" in form
    assert {k: v for k, v in hidden_fields(form).items() if k != "csrfmiddlewaretoken"} == {
        "resumed": "1", "confirmed": "1", "action": "restrict",
    }  # fmt: skip


def test_a_moderation_whose_consent_was_given_up_comes_back_unsent(portal):
    """Sent to consent, the admin goes Back instead of signing in: the page shows the form as they left it, and
    neither sends it by itself nor says they signed in."""
    grace = portal.sign_in("grace.obi", "/review/people/")
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    answer = moderate(portal, grace, chess, "restrict", "Mentions a colleague.")
    assert answer.headers["HX-Redirect"].endswith("&moderation=1")

    page = grace.get(f"{portal.url}/review/people/{portal.tenant.user('ada.okafor').pk}/", timeout=10).text
    form = page.split(f'<form id="moderation-{chess.pk}"', 1)[1].split("</form>", 1)[0]
    assert "data-resume-submit" not in form
    assert "Mentions a colleague.</textarea>" in form  # what was typed is kept
    assert "Signed in with the permission" not in unescape(page)
    assert not AuditEntry.objects.exists()


def test_a_resumed_moderation_still_without_consent_says_so_instead_of_looping(portal):
    grace = portal.sign_in("grace.obi", "/review/people/")
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    answer = moderate(portal, grace, chess, "restrict", "Mentions a colleague.", resumed="1")
    assert answer.status_code == 403
    assert "HX-Redirect" not in answer.headers
    assert "didn't grant it" in unescape(answer.text)


@pytest.mark.parametrize(("action", "said"), [("restrict", "Not restricted"), ("delete", "Not deleted")])
def test_a_moderation_graph_did_not_store_says_plainly_nothing_was_changed_and_why(portal, grace, no_retries,
                                                                                    action, said):  # fmt: skip
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    portal.tenant.control(fail_next=1, status=503, retry_after=0, match=r"^(PATCH|DELETE) /users/")
    answer = moderate(portal, grace, chess, action, "Mentions a colleague.")
    assert answer.status_code == 503
    slot = unescape(answer.text).split(f'id="moderate-error-{chess.pk}"', 1)[1]
    assert f"{said}: nothing was changed. Microsoft 365 isn't answering right now." in slot  # beside its card
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"


def test_a_resumed_moderation_without_consent_says_it_was_not_done(portal):
    grace = portal.sign_in("grace.obi", "/review/people/")
    chess = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Chess")
    answer = moderate(portal, grace, chess, "delete", "Mentions a colleague.", resumed="1")
    assert "Not deleted: nothing was changed. Moderation needs the permission" in unescape(answer.text)


# --- The audit log keeps private interests private ----------------------------------------------------------


def test_admins_see_who_changed_a_private_interest_and_when_but_not_what_it_is(portal, grace):
    ada = portal.sign_in("ada.okafor")
    hidden = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name=HIDDEN)
    changed = ada.post(f"{portal.url}/interests/{hidden.pk}/tags", data={"set": "askMeAbout:on"},
                       headers=portal.htmx(ada), timeout=10)  # fmt: skip
    assert changed.ok
    entry = AuditEntry.objects.get()
    assert entry.interest_name == HIDDEN  # kept for its owner

    page = unescape(grace.get(f"{portal.url}/audit/?person=Ada", timeout=10).text)
    assert "Ada Okafor" in page
    assert "Changed an interest: Tags" in page
    assert entry.graph_request_id in page
    assert HIDDEN not in page
    assert "Private notes" not in page
    exported = grace.get(f"{portal.url}/audit/export.csv?person=Ada", timeout=10).content.decode("utf-8-sig")
    assert HIDDEN not in exported
    assert "Private notes" not in exported
    assert entry.graph_request_id in exported

    # Shared with colleagues throughout: shown, with before and after as JSON.
    python = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Python")
    ada.post(f"{portal.url}/interests/{python.pk}/tags", data={"set": "askMeAbout:on"}, headers=portal.htmx(ada),
             timeout=10)  # fmt: skip
    table = rows(grace.get(f"{portal.url}/audit/export.csv", timeout=10))
    python_row = next(row for row in table if row[6] == "Python")
    assert json.loads(python_row[-1])["collaborationTags"] == ["ableToMentor", "askMeAbout"]


def test_an_interest_made_private_by_a_change_is_hidden_in_its_entry(portal, grace):
    ada = portal.sign_in("ada.okafor")
    python = Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Python")
    ada.post(f"{portal.url}/interests/{python.pk}/audience", data={"allowed_audiences": "family"},
             headers=portal.htmx(ada), timeout=10)  # fmt: skip
    table = rows(grace.get(f"{portal.url}/audit/export.csv", timeout=10))
    hidden = "(content hidden: not shared with colleagues throughout)"
    assert table[1][5:7] == ["Changed an interest: Who can see it", hidden]
    assert "Python" not in "".join(table[1])


@pytest.mark.django_db
def test_the_owner_reading_the_log_sees_their_own_private_content():
    from interests_portal.accounts.models import User

    entry = AuditEntry.objects.create(actor_name="Ada", actor_oid="ada", subject_name="Ada", subject_oid="ada",
                                      action="update", outcome="succeeded", interest_name="Secret",
                                      before={"allowedAudiences": "me"}, after={"allowedAudiences": "me"})  # fmt: skip
    assert entry.content_visible_to(User(entra_object_id="ada"))
    assert not entry.content_visible_to(User(entra_object_id="grace"))
    failed_read = AuditEntry.objects.create(
        actor_name="Ada",
        actor_oid="ada",
        subject_name="Ada",
        subject_oid="ada",
        action="update",
        outcome="failed",
        changes={"displayName": "x"},
    )
    assert not failed_read.content_visible_to(User(entra_object_id="grace"))  # no audience known: private


def test_when_the_reports_cannot_be_read_nothing_looks_complete(portal, priya):
    portal.tenant.control(fail_rate=1, status=503, retry_after=0, match="directReports")
    page = priya.get(f"{portal.url}/team/?view=matrix", timeout=10)
    assert page.status_code == 503
    text = unescape(page.text)
    assert "Couldn't load your team." in text
    assert "match these filters" not in text
    assert "as CSV" not in text
    fragment = priya.get(f"{portal.url}/team/?view=matches", headers=portal.htmx(priya, "/team/"), timeout=10)
    assert (fragment.status_code, fragment.headers["HX-Retarget"], fragment.headers["HX-Push-Url"]) == (
        503, "#alerts", "false",
    )  # fmt: skip
    export = priya.get(f"{portal.url}/team/export.csv", timeout=10)
    assert export.status_code == 503  # a download that fails, never one that looks complete
