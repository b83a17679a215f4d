"""Contract tests of /me, /users and directReports over real HTTP (graph-contract.md §4)."""

import base64

from interests_portal.local_tenant.models import DirectoryObject
from tests.local_tenant.test_graph_interests import assert_graph_error
from tests.support import upn

DEFAULT_USER_KEYS = {
    "@odata.context",
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
}


def test_me_returns_the_default_property_set(tenant):
    body = tenant.graph("priya.raman").get("me").json()
    assert set(body) == DEFAULT_USER_KEYS
    assert body["@odata.context"] == f"{tenant.graph_root}/$metadata#users/$entity"
    assert body["id"] == str(tenant.user("priya.raman").pk)
    assert (body["displayName"], body["jobTitle"], body["userPrincipalName"]) == (
        "Priya Raman",
        "Engineering Manager",
        upn("priya.raman"),
    )
    assert body["mobilePhone"] is None


def test_select_on_users_returns_department_on_request(tenant):
    body = tenant.graph("priya.raman").get("me?$select=displayName,department").json()
    assert set(body) == {"@odata.context", "id", "displayName", "department"}
    assert body["department"] == "Engineering"
    assert_graph_error(tenant.graph("priya.raman").get("me?$select=shoeSize"), 400, "BadRequest")


def test_get_user_by_id_and_by_upn(tenant):
    graph = tenant.graph("priya.raman")
    ada = tenant.user("ada.okafor")
    assert graph.get(f"users/{ada.pk}").json()["displayName"] == "Ada Okafor"
    assert graph.get(f"users/{upn('ada.okafor')}").json()["id"] == str(ada.pk)
    assert_graph_error(graph.get("users/ghost@kestrel.example"), 404, "Request_ResourceNotFound")
    contact = DirectoryObject.objects.get(kind="orgContact")
    assert_graph_error(graph.get(f"users/{contact.pk}"), 404, "Request_ResourceNotFound")


def test_users_filter_startswith_on_display_name(tenant):
    graph = tenant.graph("grace.obi")
    found = graph.get("users?$filter=startswith(displayName,'a')").json()
    assert [u["displayName"] for u in found["value"]] == ["Ada Okafor", "Aroha Ngata"]
    either = graph.get(
        "users?$filter=startswith(displayName,'zo') or startswith(userPrincipalName,'omar')&$select=displayName"
    ).json()
    assert [u["displayName"] for u in either["value"]] == ["Omar Haddad", "Zoë Ångström"]
    exact = graph.get(f"users?$filter=userPrincipalName eq '{upn('LARS.nygaard')}'").json()
    assert [u["displayName"] for u in exact["value"]] == ["Lars Nygaard"]


def test_users_search_needs_consistency_level(tenant):
    graph = tenant.graph("grace.obi")
    refused = graph.get('users?$search="displayName:ng"')
    assert_graph_error(refused, 400, "Request_UnsupportedQuery")
    found = graph.get('users?$search="displayName:ng"', headers={"ConsistencyLevel": "eventual"}).json()
    # A word-prefix match: "Aroha Ngata" has a word starting with "ng"; "Lars Nygaard" has none.
    assert [u["displayName"] for u in found["value"]] == ["Aroha Ngata"]


def test_users_pages_with_an_opaque_skiptoken(tenant):
    graph = tenant.graph("grace.obi")
    names, page = [], graph.get("users?$top=4&$select=displayName").json()
    names += [u["displayName"] for u in page["value"]]
    while "@odata.nextLink" in page:
        assert "skiptoken" in page["@odata.nextLink"]
        page = graph.get(page["@odata.nextLink"]).json()
        names += [u["displayName"] for u in page["value"]]
    users = DirectoryObject.objects.filter(kind="user").order_by("display_name", "id")
    assert names == [u.display_name for u in users]
    assert_graph_error(graph.get("users?$skip=2"), 400, "Request_UnsupportedQuery")
    assert_graph_error(graph.get("users?$skiptoken=bogus"), 400, "Request_BadRequest")
    huge = base64.urlsafe_b64encode(b"offset:99999999999999999999999").decode()
    assert_graph_error(graph.get(f"users?$skiptoken={huge}"), 400, "Request_BadRequest")
    assert_graph_error(graph.get("users?$filter=id eq 'not-a-guid'"), 400, "BadRequest")


def test_direct_reports_include_contacts_typed_as_such(tenant):
    body = tenant.graph("priya.raman").get("me/directReports").json()
    assert body["@odata.context"] == f"{tenant.graph_root}/$metadata#directoryObjects"
    types = {member["displayName"]: member["@odata.type"] for member in body["value"]}
    assert types.pop("Rafael Costa (contractor)") == "#microsoft.graph.orgContact"
    assert set(types.values()) == {"#microsoft.graph.user"}
    assert set(types) == {
        "Ada Okafor",
        "Eero Virtanen",
        "Lars Nygaard",
        "Yuki Tanaka",
        "Zoë Ångström",
        "Łukasz Wróbel",
    }


def test_direct_reports_page_and_are_empty_for_non_managers(tenant):
    graph = tenant.graph("priya.raman")
    page = graph.get("me/directReports?$top=3").json()
    collected = list(page["value"])
    while "@odata.nextLink" in page:
        page = graph.get(page["@odata.nextLink"]).json()
        collected += page["value"]
    assert len(collected) == 7
    assert len({m["id"] for m in collected}) == 7
    assert tenant.graph("ada.okafor").get("me/directReports").json()["value"] == []


def test_someone_elses_direct_reports(tenant):
    graph = tenant.graph("grace.obi")
    tomas = tenant.user("tomas.ibarra")
    names = {m["displayName"] for m in graph.get(f"users/{tomas.pk}/directReports").json()["value"]}
    assert names == {"Aroha Ngata", "Chiamaka Eze", "Émile Laurent"}
