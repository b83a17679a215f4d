"""Team review, moderation and the audit log over real HTTP against the local tenant."""

import csv
import io
import json

import pytest

from interests_portal.audit.models import AuditEntry
from interests_portal.local_tenant.demo_directory import seed_scale
from interests_portal.local_tenant.graph import profile as tenant_profile
from interests_portal.local_tenant.models import AUDIENCES, Interest
from tests.support import hidden_fields

HIDDEN = "Salary negotiation notes"  # Ada's, audience "me"


def calls(tenant) -> dict:
    counted = tenant.counters()
    return {"requests": counted["requests"]["by_operation"], "batch_items": counted["batch_items"]["total"]}


def rows(answer) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


def ada(tenant, name: str) -> Interest:
    return Interest.objects.get(profile__owner=tenant.user("ada.okafor"), display_name=name)


@pytest.fixture
def priya(portal):
    return portal.sign_in("priya.raman", "/team/")


def test_the_team_page_is_one_directory_call_and_one_batch_for_a_small_team(portal, priya):
    portal.tenant.control(reset_counters=True)
    page = priya.get(f"{portal.url}/team/", timeout=10)
    assert page.status_code == 200
    for name in ("Ada Okafor", "Łukasz Wróbel", "Yuki Tanaka", "Kubernetes", "Contemporary dance"):
        assert name in page.text
    # An organisational contact has no profile: named in a note, not loaded (the batch holds users only).
    assert "1 of your reports is a contact (for example a contractor)" in page.text
    assert "Rafael Costa (contractor)" in page.text.split('class="contacts-note"', 1)[1]
    assert HIDDEN not in page.text
    assert calls(portal.tenant) == {"requests": {"GET /me/directReports": 1, "POST /$batch": 1}, "batch_items": 6}


def test_views_and_filters_share_the_url_and_answer_partials_to_htmx(portal, priya):
    partial = priya.get(f"{portal.url}/team/?view=matches", headers=portal.htmx(priya, "/team/"), timeout=10)
    assert partial.text.lstrip().startswith('<div id="team-results"')
    assert "HX-Request" in partial.headers["Vary"]
    assert "<summary>Kubernetes: 1 can mentor, 2 want to learn or improve</summary>" in partial.text
    assert 'Łukasz Wróbel</a> <span class="muted">(listed as “kubernetes”)</span>' in partial.text
    mentors = priya.get(f"{portal.url}/team/?tag=ableToMentor", timeout=10).text
    assert "Kubernetes" in mentors
    assert "Chess" not in mentors
    cloud = priya.get(f"{portal.url}/team/?category=cloud&view=interests", timeout=10).text
    assert "Kubernetes" in cloud
    assert "Python" not in cloud


def test_export_is_streamed_csv_of_the_current_view_with_formulas_neutralised(portal, priya):
    ada_session = portal.sign_in("ada.okafor")
    ada_session.post(
        f"{portal.url}/interests/new",
        data={"display_name": '=HYPERLINK("http://evil","x")', "allowed_audiences": "organization"},
        headers=portal.csrf(ada_session),
        timeout=10,
    )
    answer = priya.get(f"{portal.url}/team/export.csv", timeout=10)
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="team-interests.csv"'
    table = rows(answer)
    assert table[0][:3] == ["Person", "Job title", "Interest"]
    interests = [row[2] for row in table[1:]]
    assert '\'=HYPERLINK("http://evil","x")' in interests
    assert HIDDEN not in interests
    matches = rows(priya.get(f"{portal.url}/team/export.csv?view=matches", timeout=10))
    assert matches[0] == ["Interest", "Mentors", "Learners", "How many mentors", "How many learners", "Status"]
    kubernetes = next(row for row in matches if row[0] == "Kubernetes")
    assert kubernetes[1] == "Ada Okafor"
    assert "Łukasz Wróbel (wants to learn, listed as “kubernetes”)" in kubernetes[2].split("; ")


def test_the_portal_hides_what_colleagues_may_not_see_even_if_graph_returned_it(portal, priya, monkeypatch):
    monkeypatch.setattr(tenant_profile, "AUDIENCES_VISIBLE_TO_COLLEAGUES", AUDIENCES)  # a leaky Graph
    grace = portal.sign_in("grace.obi", "/review/people/")
    ada_id = portal.tenant.user("ada.okafor").pk
    for browser, url in ((priya, "/team/"), (priya, "/team/export.csv"), (priya, f"/team/people/{ada_id}/"),
                         (grace, f"/review/people/{ada_id}/")):  # fmt: skip
        answer = browser.get(f"{portal.url}{url}", timeout=10)
        assert answer.status_code == 200
        assert HIDDEN not in answer.content.decode()


def test_someone_who_manages_nobody_sees_a_helpful_empty_state(portal):
    lars = portal.sign_in("lars.nygaard", "/team/")
    page = lars.get(f"{portal.url}/team/", timeout=10)
    assert page.status_code == 200
    assert "No one reports to you in Microsoft 365." in page.text


def test_drill_down_only_into_ones_own_reports(portal, priya):
    ada_id, aroha_id = portal.tenant.user("ada.okafor").pk, portal.tenant.user("aroha.ngata").pk
    page = priya.get(f"{portal.url}/team/people/{ada_id}/", timeout=10)
    assert page.status_code == 200
    assert "Kubernetes" in page.text
    assert HIDDEN not in page.text
    assert priya.get(f"{portal.url}/team/people/{aroha_id}/", timeout=10).status_code == 404


@pytest.fixture
def big_team(portal):
    """A manager of 45 people (generated by the demo directory's scale-up seed)."""
    seed_scale(users=46, interests_per_user=2, team_size=45)
    return portal.sign_in("scale.manager00000", "/team/")


def test_more_than_twenty_reports_are_read_in_concurrent_batches_of_twenty(portal, big_team):
    portal.tenant.control(reset_counters=True)
    page = big_team.get(f"{portal.url}/team/", timeout=30)
    assert page.status_code == 200
    assert page.text.count('class="person"') == 45
    assert calls(portal.tenant) == {"requests": {"GET /me/directReports": 1, "POST /$batch": 3}, "batch_items": 45}


def test_a_throttled_item_inside_a_batch_is_retried_and_the_page_is_whole(portal, big_team):
    portal.tenant.control(
        reset_counters=True, fail_next=1, status=429, retry_after=0.2, match=r"^GET /users/\{id\}/profile/interests"
    )
    page = big_team.get(f"{portal.url}/team/", timeout=30)
    assert "Couldn't load" not in page.text
    assert page.text.count('class="person"') == 45
    assert calls(portal.tenant)["batch_items"] == 46  # one item asked twice


def test_a_report_that_fails_is_marked_and_the_one_retry_control_works(portal, big_team, settings):
    settings.GRAPH_MAX_RETRY_WAIT = 0
    portal.tenant.control(fail_next=1, status=503, retry_after=None, match=r"^GET /users/\{id\}/profile/interests")
    page = big_team.get(f"{portal.url}/team/", timeout=30).text
    assert page.count("Couldn't load") == 1
    retry = page.split('id="team-incomplete"', 1)[1].split("</form>", 1)[0]
    assert 'hx-get="/team/"' in retry
    assert '<input type="hidden" name="retry" value="1">' in retry
    retried = big_team.get(f"{portal.url}/team/?retry=1", headers=portal.htmx(big_team, "/team/"), timeout=10)
    assert retried.status_code == 200
    assert retried.text.lstrip().startswith('<div id="team-results"')
    assert "Couldn't load" not in retried.text
    assert json.loads(retried.headers["HX-Trigger-After-Settle"])["status"] == {
        "message": "Everyone's interests are loaded now.",
        "focus": "#team-results",
    }


# --- Moderation and the audit log ------------------------------------------------------------------------


@pytest.fixture
def grace(portal):
    return portal.sign_in("grace.obi", "/review/people/", moderation=True)


def moderate(portal, browser, interest: Interest, action: str, reason: str = "Not appropriate for work.", **extra):
    """What the moderation card sends (a delete comes confirmed, from the browser's dialog)."""
    owner = interest.profile.owner
    data = {"action": action, "reason": reason} | ({"confirmed": "1"} if action == "delete" else {}) | extra
    return browser.post(
        f"{portal.url}/review/people/{owner.pk}/interests/{interest.pk}/moderate",
        data=data, headers=portal.htmx(browser, f"/review/people/{owner.pk}/"), timeout=10,
    )  # fmt: skip


def test_an_admin_finds_people_and_sees_what_colleagues_may_see(portal, grace):
    found = grace.get(f"{portal.url}/review/people/?q=ad", timeout=10).text
    assert "Ada Okafor" in found
    ada_id = portal.tenant.user("ada.okafor").pk
    person = grace.get(f"{portal.url}/review/people/{ada_id}/", timeout=10).text
    assert "Kubernetes" in person
    assert HIDDEN not in person


def test_restricting_with_a_reason_changes_graph_and_is_audited_with_before_and_after(portal, grace):
    chess = ada(portal.tenant, "Chess")
    answer = moderate(portal, grace, chess, "restrict", "Mentions a colleague by name.")
    assert answer.status_code == 200
    announced = json.loads(answer.headers["HX-Trigger-After-Settle"])["status"]["message"]
    assert announced.startswith("“Chess” was restricted")
    chess.refresh_from_db()
    assert chess.allowed_audiences == "me"
    entry = AuditEntry.objects.get(action="restrict")
    assert (entry.actor_name, entry.subject_name, entry.interest_name) == ("Grace Obi", "Ada Okafor", "Chess")
    assert entry.reason == "Mentions a colleague by name."
    assert entry.outcome == "succeeded"
    assert entry.before["allowedAudiences"] == "everyone"
    assert entry.after["allowedAudiences"] == "me"
    assert entry.graph_request_id


def test_deleting_by_moderation_is_audited(portal, grace):
    python = ada(portal.tenant, "Python")
    assert moderate(portal, grace, python, "delete").status_code == 200
    assert not Interest.objects.filter(pk=python.pk).exists()
    entry = AuditEntry.objects.get(action="remove")
    assert (entry.before["displayName"], entry.after, entry.outcome) == ("Python", None, "succeeded")


def test_a_moderation_needs_a_reason(portal, grace):
    chess = ada(portal.tenant, "Chess")
    answer = moderate(portal, grace, chess, "restrict", reason="  ")
    assert answer.status_code == 422
    assert "Give a reason of at least a few words" in answer.text
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"
    assert not AuditEntry.objects.exists()


def test_when_the_tenant_refuses_the_portal_says_so_changes_nothing_and_records_it(portal, grace):
    portal.tenant.control(write_others="denied")
    chess = ada(portal.tenant, "Chess")
    answer = moderate(portal, grace, chess, "restrict")
    assert answer.status_code == 403
    assert "doesn't let the portal change other people's profiles" in answer.text.replace("&#x27;", "'")
    chess.refresh_from_db()
    assert chess.allowed_audiences == "everyone"
    entry = AuditEntry.objects.get()
    assert (entry.outcome, entry.error_code) == ("refused", "Authorization_RequestDenied")
    assert entry.graph_request_id


def test_an_admin_without_moderation_consent_is_sent_to_consent_first(portal):
    grace = portal.sign_in("grace.obi", "/review/people/")
    answer = moderate(portal, grace, ada(portal.tenant, "Chess"), "restrict")
    assert answer.headers["HX-Redirect"].startswith("/auth/sign-in?next=")
    assert answer.headers["HX-Redirect"].endswith("&moderation=1")
    assert not AuditEntry.objects.exists()


def test_every_self_service_write_is_audited_with_its_outcome(portal):
    lars = portal.sign_in("lars.nygaard")
    headers = portal.htmx(lars)
    lars.post(
        f"{portal.url}/interests/new",
        data={"display_name": "Go", "allowed_audiences": "me"},
        headers=headers,
        timeout=10,
    )
    go = Interest.objects.get(display_name="Go")
    lars.post(
        f"{portal.url}/interests/{go.pk}/audience", data={"allowed_audiences": "everyone"}, headers=headers, timeout=10
    )
    lars.post(f"{portal.url}/interests/{go.pk}/tags", data={"set": "askMeAbout:on"}, headers=headers, timeout=10)
    form = lars.get(f"{portal.url}/interests/{go.pk}/edit", headers=headers, timeout=10).text
    lars.post(
        f"{portal.url}/interests/{go.pk}/edit",
        data={"display_name": "Golang", "allowed_audiences": "everyone", "collaboration_tags": ["askMeAbout"],
              "seen": hidden_fields(form)["seen"]},
        headers=headers,
        timeout=10,
    )  # fmt: skip
    portal.tenant.control(fail_next=1, status=503, retry_after=None, match="^POST /me/profile/interests$")
    portal.tenant.control(fail_next=10)
    lars.post(
        f"{portal.url}/interests/new",
        data={"display_name": "Nope", "allowed_audiences": "me"},
        headers=headers,
        timeout=10,
    )
    portal.tenant.control(fail_next=0)
    lars.post(f"{portal.url}/interests/{go.pk}/delete", headers=headers, timeout=10)

    entries = list(AuditEntry.objects.order_by("at", "id"))
    assert [(e.action, e.outcome) for e in entries] == [
        ("create", "succeeded"), ("update", "succeeded"), ("update", "succeeded"), ("update", "succeeded"),
        ("create", "failed"), ("delete", "succeeded"),
    ]  # fmt: skip
    assert all(e.actor_name == e.subject_name == "Lars Nygaard" for e in entries)
    assert all(e.graph_request_id for e in entries)
    assert entries[1].before["allowedAudiences"] == "me"
    assert entries[1].after["allowedAudiences"] == "everyone"
    assert entries[2].after["collaborationTags"] == ["askMeAbout"]
    assert entries[3].before["displayName"] == "Go"
    assert entries[3].after["displayName"] == "Golang"
    assert entries[5].before["displayName"] == "Golang"


def test_the_audit_page_filters_and_exports_for_admins(portal, grace):
    moderate(portal, grace, ada(portal.tenant, "Chess"), "restrict", "Reason one")
    moderate(portal, grace, ada(portal.tenant, "Python"), "delete", "=cmd|' /C calc'!A0")
    page = grace.get(f"{portal.url}/audit/?action=restrict", timeout=10).text
    assert "Reason one" in page
    assert "cmd|" not in page
    assert "Reason one" not in grace.get(f"{portal.url}/audit/?person=nobody", timeout=10).text
    exported = rows(grace.get(f"{portal.url}/audit/export.csv", timeout=10))
    assert exported[0][:3] == ["When (UTC)", "Who", "Who (object id)"]
    reasons = [row[7] for row in exported[1:]]
    assert "'=cmd|' /C calc'!A0" in reasons
    assert "Reason one" in reasons


def test_a_one_letter_search_asks_for_more_instead_of_finding_nobody(portal, grace):
    answer = grace.get(f"{portal.url}/review/people/?q=a", headers=portal.htmx(grace, "/review/people/"), timeout=10)
    assert "Type at least two letters" in answer.text
    assert "No one" not in answer.text
