"""/users/delta and the directory filters the organisation index's sync relies on."""

from urllib.parse import parse_qs, urlsplit

from interests_portal.local_tenant.models import DirectoryObject
from tests.local_tenant.test_app_identity import app_token
from tests.local_tenant.test_graph_interests import assert_graph_error

SELECT = "$select=id,displayName,accountEnabled,userType"


def follow(graph, url: str, **headers: str) -> tuple[list[dict], str, list[dict]]:
    """Every entry of a round of delta pages, its deltaLink, and the pages' bodies."""
    entries, pages = [], []
    while True:
        body = graph.get(url, headers=headers).json()
        pages.append(body)
        entries += body["value"]
        if "@odata.nextLink" in body:
            assert "@odata.deltaLink" not in body
            url = body["@odata.nextLink"]
            continue
        return entries, body["@odata.deltaLink"], pages


def users_count() -> int:
    return DirectoryObject.objects.filter(kind=DirectoryObject.Kind.USER).count()


def test_the_first_round_pages_through_everyone_then_gives_a_delta_link(tenant):
    graph = tenant.graph_session(app_token(tenant))
    entries, delta_link, pages = follow(graph, f"users/delta?{SELECT}", Prefer="odata.maxpagesize=5")
    assert len(pages) > 2
    assert len({entry["id"] for entry in entries}) == users_count()
    assert all(set(entry) == {"id", "displayName", "accountEnabled", "userType"} for entry in entries)
    assert "$deltatoken=" in delta_link
    assert "$select=" in delta_link
    # Nothing changed since: the delta link answers no one.
    again, _, _ = follow(graph, delta_link)
    assert again == []


def test_the_page_size_preference_is_applied_and_said(tenant):
    graph = tenant.graph_session(app_token(tenant))
    answer = graph.get(f"users/delta?{SELECT}", headers={"Prefer": "odata.maxpagesize=3"})
    assert len(answer.json()["value"]) == 3
    assert answer.headers["Preference-Applied"] == "odata.maxpagesize=3"


def test_latest_starts_tracking_without_reading_anyone(tenant):
    graph = tenant.graph_session(app_token(tenant))
    body = graph.get(f"users/delta?{SELECT}&$deltatoken=latest").json()
    assert body["value"] == []
    ada = tenant.user("ada.okafor")
    ada.job_title = "Principal Engineer"
    ada.save()
    changed, _, _ = follow(graph, body["@odata.deltaLink"])
    assert [entry["id"] for entry in changed] == [str(ada.pk)]


def test_changes_since_a_token_report_disabled_and_removed_users(tenant):
    graph = tenant.graph_session(app_token(tenant))
    _, delta_link, _ = follow(graph, f"users/delta?{SELECT}&$deltatoken=latest")
    ada, lukasz = tenant.user("ada.okafor"), tenant.user("lukasz.wrobel")
    ada.account_enabled = False
    ada.save()
    lukasz_id = str(lukasz.pk)
    lukasz.delete()
    entries, next_link, _ = follow(graph, delta_link, Prefer="odata.maxpagesize=1")
    disabled = {"id": str(ada.pk), "displayName": ada.display_name, "accountEnabled": False, "userType": "Member"}
    assert disabled in entries
    assert {"id": lukasz_id, "@removed": {"reason": "changed"}} in entries
    assert len(entries) == 2
    assert follow(graph, next_link)[0] == []


def test_a_tampered_token_is_refused(tenant):
    graph = tenant.graph_session(app_token(tenant))
    link = graph.get("users/delta?$deltatoken=latest").json()["@odata.deltaLink"]
    token = parse_qs(urlsplit(link).query)["$deltatoken"][0]
    assert_graph_error(graph.get(f"users/delta?$deltatoken={token[:-2]}xy"), 400, "Request_BadRequest")
    assert_graph_error(graph.get("users/delta?$skiptoken=nonsense"), 400, "Request_BadRequest")


def test_delegated_callers_need_a_read_all_scope(tenant):
    narrow = tenant.graph("ada.okafor", scopes="openid User.ReadWrite")
    assert_graph_error(narrow.get("users/delta"), 403, "Authorization_RequestDenied")


def test_users_filter_on_enabled_members(tenant):
    ada, lukasz = tenant.user("ada.okafor"), tenant.user("lukasz.wrobel")
    ada.account_enabled = False
    ada.save()
    lukasz.user_type = "Guest"
    lukasz.save()
    graph = tenant.graph_session(app_token(tenant))
    url = "users?$filter=accountEnabled eq true and userType eq 'Member'&$select=id,accountEnabled,userType&$top=999"
    listed = graph.get(url).json()["value"]
    ids = {entry["id"] for entry in listed}
    assert str(ada.pk) not in ids
    assert str(lukasz.pk) not in ids
    assert len(ids) == users_count() - 2
    assert all(entry["accountEnabled"] is True and entry["userType"] == "Member" for entry in listed)
    assert_graph_error(graph.get("users?$filter=accountEnabled eq 'yes'"), 400, "BadRequest")


def test_account_enabled_and_user_type_only_when_selected(tenant):
    graph = tenant.graph_session(app_token(tenant))
    entry = graph.get("users?$top=1").json()["value"][0]
    assert "accountEnabled" not in entry
    assert "userType" not in entry
