"""Contract tests of the personInterest endpoints over real HTTP (graph-contract.md §2, seeds/)."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from interests_portal.local_tenant.models import Interest, Profile
from tests.support import upn

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$")

# The current "Create personInterest" page's example request (seeds/001).
CHELSEA = {
    "categories": ["Sports"],
    "description": "World's greatest football club",
    "displayName": "Chelsea FC",
    "webUrl": "https://www.chelseafc.com",
}
# The older pages' example request with placeholder values (seeds/000 and seeds/003).
OLD_PAGE_EXAMPLE = {
    "@odata.type": "#microsoft.graph.personInterest",
    "allowedAudiences": "String",
    "inference": {
        "@odata.type": "microsoft.graph.inferenceData",
        "confidenceScore": "Double",
        "userHasVerifiedAccuracy": True,
    },
    "categories": ["Categories value"],
    "description": "Description value",
    "displayName": "Display Name value",
    "webUrl": "https://example.com/webUrl/",
}


def interest_count(tenant, key: str) -> int:
    return Interest.objects.filter(profile__owner=tenant.user(key)).count()


def assert_graph_error(answer, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == code
    inner = error["innerError"]
    assert inner["request-id"] == answer.headers["request-id"]
    assert inner["client-request-id"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", inner["date"])
    return error


def test_chelsea_fc_create_answers_201_with_the_documented_shape(tenant):
    graph = tenant.graph("lars.nygaard")
    lars = tenant.user("lars.nygaard")

    created = graph.post("me/profile/interests", json=CHELSEA)

    assert created.status_code == 201
    body = created.json()
    assert body["@odata.context"] == f"{tenant.graph_root}/$metadata#users('{lars.pk}')/profile/interests/$entity"
    assert {k: body[k] for k in CHELSEA} == CHELSEA
    assert body["allowedAudiences"] == "organization"
    assert body["inference"] is None
    assert body["collaborationTags"] is None
    assert TIMESTAMP.match(body["createdDateTime"])
    assert body["createdDateTime"] == body["lastModifiedDateTime"]
    identity = {
        "application": None,
        "device": None,
        "user": {"displayName": "Lars Nygaard", "id": str(lars.pk)},
    }
    assert body["createdBy"] == identity
    assert body["lastModifiedBy"] == identity
    assert created.headers["Location"].endswith(f"/me/profile/interests/{body['id']}")
    stored = Interest.objects.get(pk=body["id"])
    assert stored.display_name == "Chelsea FC"
    assert stored.profile.owner == lars


def test_update_answers_200_with_the_full_entity_and_merges(tenant):
    graph = tenant.graph("lars.nygaard")
    created = graph.post("me/profile/interests", json=CHELSEA | {"collaborationTags": ["askMeAbout"]}).json()

    updated = graph.patch(f"me/profile/interests/{created['id']}", json={"categories": ["Sports", "London"]})

    assert updated.status_code == 200
    body = updated.json()
    assert body["categories"] == ["Sports", "London"]
    # Everything not sent keeps its value.
    assert body["displayName"] == "Chelsea FC"
    assert body["description"] == CHELSEA["description"]
    assert body["collaborationTags"] == ["askMeAbout"]
    assert body["createdDateTime"] == created["createdDateTime"]
    assert body["lastModifiedDateTime"] > created["lastModifiedDateTime"]
    assert Interest.objects.get(pk=created["id"]).categories == ["Sports", "London"]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_the_old_pages_placeholder_examples_are_refused_and_nothing_is_stored(tenant, method):
    graph = tenant.graph("ada.okafor")
    target = Interest.objects.filter(profile__owner=tenant.user("ada.okafor")).first()
    before = {i.pk: (i.display_name, i.allowed_audiences) for i in Interest.objects.all()}

    url = "me/profile/interests" if method == "post" else f"me/profile/interests/{target.pk}"
    answer = getattr(graph, method)(url, json=OLD_PAGE_EXAMPLE)

    error = assert_graph_error(answer, 400, "invalidRequest")
    assert "allowedAudiences" in error["message"]
    assert "'String'" in error["message"]
    assert {i.pk: (i.display_name, i.allowed_audiences) for i in Interest.objects.all()} == before


def test_a_placeholder_confidence_score_alone_is_refused(tenant):
    graph = tenant.graph("ada.okafor")
    before = interest_count(tenant, "ada.okafor")
    body = {"displayName": "x", "inference": {"confidenceScore": "Double"}}

    error = assert_graph_error(graph.post("me/profile/interests", json=body), 400, "BadRequest")

    assert "Edm.Double" in error["message"]
    assert interest_count(tenant, "ada.okafor") == before


def test_odata_type_of_the_entity_is_accepted(tenant):
    graph = tenant.graph("lars.nygaard")
    body = {"@odata.type": "#microsoft.graph.personInterest", "displayName": "Go", "allowedAudiences": "me"}

    answer = graph.post("me/profile/interests", json=body)

    assert answer.status_code == 201
    assert answer.json()["allowedAudiences"] == "me"


@pytest.mark.parametrize(
    ("body", "status", "code", "words"),
    [
        ({}, 400, "invalidRequest", "displayName"),
        ({"displayName": ""}, 400, "invalidRequest", "displayName"),
        ({"displayName": "   "}, 400, "invalidRequest", "displayName"),
        ({"displayName": None}, 400, "invalidRequest", "displayName"),
        ({"displayName": 42}, 400, "BadRequest", "Edm.String"),
        ({"displayName": "x" * 256}, 400, "invalidRequest", "255"),
        ({"displayName": "x", "allowedAudiences": "friends"}, 400, "invalidRequest", "allowedAudiences"),
        (
            {"displayName": "x", "allowedAudiences": ["organization"]},
            400,
            "invalidRequest",
            "allowedAudiences",
        ),
        ({"displayName": "x", "collaborationTags": ["teaches"]}, 400, "invalidRequest", "collaborationTags"),
        ({"displayName": "x", "collaborationTags": "askMeAbout"}, 400, "BadRequest", "Collection"),
        (
            {"displayName": "x", "collaborationTags": ["askMeAbout", "askMeAbout"]},
            400,
            "invalidRequest",
            "twice",
        ),
        ({"displayName": "x", "categories": "Sports"}, 400, "BadRequest", "Collection"),
        ({"displayName": "x", "categories": [1]}, 400, "BadRequest", "Edm.String"),
        ({"displayName": "x", "categories": [""]}, 400, "invalidRequest", "empty"),
        ({"displayName": "x", "categories": ["c"] * 21}, 400, "invalidRequest", "20"),
        ({"displayName": "x", "webUrl": "www.chelseafc.com"}, 400, "invalidRequest", "webUrl"),
        ({"displayName": "x", "webUrl": "javascript:alert(1)"}, 400, "invalidRequest", "webUrl"),
        ({"displayName": "x", "webUrl": "ftp://example.com/x"}, 400, "invalidRequest", "webUrl"),
        ({"displayName": "x", "description": "d" * 4001}, 400, "invalidRequest", "4000"),
        ({"displayName": "x", "favouriteColour": "blue"}, 400, "BadRequest", "favouriteColour"),
        (
            {"displayName": "x", "id": "0fb4c1e3-c1e3-0fb4-e3c1-b40fe3c1b40f"},
            400,
            "invalidRequest",
            "read-only",
        ),
        ({"displayName": "x", "createdBy": {"user": None}}, 400, "invalidRequest", "read-only"),
        (
            {"displayName": "x", "lastModifiedDateTime": "2020-07-06T06:34:12Z"},
            400,
            "invalidRequest",
            "read-only",
        ),
        ({"displayName": "x", "inference": {"confidence": 1}}, 400, "BadRequest", "inferenceData"),
        ({"displayName": "x", "inference": {"userHasVerifiedAccuracy": "yes"}}, 400, "BadRequest", "Boolean"),
        (
            {"@odata.type": "#microsoft.graph.personSkill", "displayName": "x"},
            400,
            "BadRequest",
            "personSkill",
        ),
    ],
)
def test_invalid_bodies_are_refused_with_graphs_envelope_and_nothing_is_written(tenant, body, status, code, words):
    graph = tenant.graph("lars.nygaard")

    error = assert_graph_error(graph.post("me/profile/interests", json=body), status, code)

    assert words in error["message"]
    assert interest_count(tenant, "lars.nygaard") == 0


def test_a_read_only_property_names_the_inner_code(tenant):
    graph = tenant.graph("lars.nygaard")
    answer = graph.post("me/profile/interests", json={"displayName": "x", "createdDateTime": "2020-01-01T00:00:00Z"})
    assert answer.json()["error"]["innerError"]["code"] == "propertyNotUpdateable"


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "code"),
    [
        (b'{"displayName": "x",}', "application/json", 400, "BadRequest"),
        (b'{"displayName": ', "application/json", 400, "BadRequest"),
        (b"\xff\xfe", "application/json", 400, "BadRequest"),
        (b'{"displayName": NaN}', "application/json", 400, "BadRequest"),
        (b'["displayName"]', "application/json", 400, "BadRequest"),
        (b'{"displayName": "x"}', "text/plain", 415, "UnsupportedMediaType"),
        # Found by probing for 500s: each once reached the database or blew the parser's stack.
        (b'{"displayName": "x", "inference": {"confidenceScore": 1e400}}', "application/json", 400, "BadRequest"),
        (b"[" * 100_000, "application/json", 400, "BadRequest"),
        (b'{"displayName": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001, "application/json", 400, "BadRequest"),
        (b'{"displayName": "\\ud800"}', "application/json", 400, "BadRequest"),
        (b'{"displayName": "x\\u0000y"}', "application/json", 400, "BadRequest"),
        (b"", "application/json", 400, "BadRequest"),
    ],
)
def test_malformed_json_is_refused(tenant, raw, content_type, status, code):
    graph = tenant.graph("lars.nygaard")
    answer = graph.post("me/profile/interests", data=raw, headers={"Content-Type": content_type})
    assert_graph_error(answer, status, code)
    assert interest_count(tenant, "lars.nygaard") == 0


def test_a_failed_patch_changes_nothing_even_when_other_fields_were_valid(tenant):
    graph = tenant.graph("ada.okafor")
    interest = Interest.objects.filter(profile__owner=tenant.user("ada.okafor"), display_name="Python").get()

    answer = graph.patch(f"me/profile/interests/{interest.pk}", json={"description": "changed", "webUrl": "not a url"})

    assert answer.status_code == 400
    interest.refresh_from_db()
    assert interest.description is None


@pytest.mark.parametrize("field", ["source", "createdBy", "id"])
def test_patch_refuses_properties_that_cannot_change(tenant, field):
    graph = tenant.graph("ada.okafor")
    interest = Interest.objects.filter(profile__owner=tenant.user("ada.okafor")).first()
    answer = graph.patch(f"me/profile/interests/{interest.pk}", json={field: {"type": ["User"]}})
    assert_graph_error(answer, 400, "invalidRequest")


def test_patch_can_clear_optional_fields_and_set_every_writable_one(tenant):
    graph = tenant.graph("ada.okafor")
    interest = Interest.objects.get(profile__owner=tenant.user("ada.okafor"), display_name="Kubernetes")
    body = {
        "displayName": "Kubernetes operators",
        "description": None,
        "webUrl": None,
        "categories": [],
        "collaborationTags": ["wantsToImprove"],
        "allowedAudiences": "me",
        "inference": {"confidenceScore": 0.5, "userHasVerifiedAccuracy": True},
    }

    answer = graph.patch(f"me/profile/interests/{interest.pk}", json=body)

    assert answer.status_code == 200
    assert {k: answer.json()[k] for k in body} == body
    interest.refresh_from_db()
    assert (interest.display_name, interest.web_url, interest.allowed_audiences) == (
        "Kubernetes operators",
        None,
        "me",
    )


def test_get_and_delete_one_interest(tenant):
    graph = tenant.graph("ada.okafor")
    interest = Interest.objects.filter(profile__owner=tenant.user("ada.okafor")).first()

    got = graph.get(f"me/profile/interests/{interest.pk}")
    assert got.status_code == 200
    assert got.json()["displayName"] == interest.display_name

    deleted = graph.delete(f"me/profile/interests/{interest.pk}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert not Interest.objects.filter(pk=interest.pk).exists()

    assert_graph_error(graph.get(f"me/profile/interests/{interest.pk}"), 404, "itemNotFound")
    assert_graph_error(graph.delete(f"me/profile/interests/{interest.pk}"), 404, "itemNotFound")
    assert_graph_error(graph.patch(f"me/profile/interests/{interest.pk}", json={}), 404, "itemNotFound")
    assert_graph_error(graph.get("me/profile/interests/not-a-guid"), 404, "itemNotFound")


def test_single_get_supports_select(tenant):
    graph = tenant.graph("ada.okafor")
    interest = Interest.objects.filter(profile__owner=tenant.user("ada.okafor")).first()
    body = graph.get(f"me/profile/interests/{interest.pk}?$select=displayName").json()
    assert set(body) == {"@odata.context", "id", "displayName"}


def test_list_is_ordered_by_created_date_time_and_pages_with_next_link(tenant, settings):
    graph = tenant.graph("yuki.tanaka")
    yuki = tenant.user("yuki.tanaka")
    expected = list(
        Interest.objects.filter(profile__owner=yuki).order_by("created_date_time", "id").values_list("id", flat=True)
    )
    assert len(expected) > settings.LOCAL_TENANT_PAGE_SIZE

    page = graph.get("me/profile/interests").json()
    assert page["@odata.context"] == f"{tenant.graph_root}/$metadata#users('{yuki.pk}')/profile/interests"
    seen = [item["id"] for item in page["value"]]
    assert len(seen) == settings.LOCAL_TENANT_PAGE_SIZE
    while "@odata.nextLink" in page:
        page = graph.get(page["@odata.nextLink"]).json()
        seen += [item["id"] for item in page["value"]]

    assert seen == [str(pk) for pk in expected]


def test_top_skip_and_a_page_that_is_not_cut(tenant):
    graph = tenant.graph("yuki.tanaka")
    everything = graph.get("me/profile/interests?$top=100").json()
    assert len(everything["value"]) == 24
    assert "@odata.nextLink" not in everything

    window = graph.get("me/profile/interests?$top=5&$skip=3").json()
    assert [i["id"] for i in window["value"]] == [i["id"] for i in everything["value"][3:8]]
    assert "%24skip=8" in window["@odata.nextLink"] or "$skip=8" in window["@odata.nextLink"]

    # The `$` prefix is optional on beta.
    assert graph.get("me/profile/interests?top=5&skip=3").json()["value"] == window["value"]


def test_top_above_the_maximum_is_clamped(tenant, settings):
    settings.LOCAL_TENANT_MAX_PAGE_SIZE = 7
    page = tenant.graph("yuki.tanaka").get("me/profile/interests?$top=500").json()
    assert len(page["value"]) == 7
    assert "@odata.nextLink" in page


@pytest.mark.parametrize(
    "query",
    [
        "$top=0",
        "$top=abc",
        "$skip=-1",
        "$orderby=colour",
        "$select=colour",
        "$orderby=displayName sideways",
        "$filter=colour eq 'x'",
        "$count=true",
        "$expand=*",
        "$filter=displayName gt 'a'",
        "$filter=displayName eq",
        "$search=python",
        # Found by probing for 500s: each once overflowed the parser's stack or the database's integers.
        "$filter=" + "(" * 5000 + "displayName eq 'x'" + ")" * 5000,
        "$filter=displayName eq '" + "x" * 2001 + "'",
        "$skip=99999999999999999999999",
        "$top=99999999999999999999999",
        "$filter=id eq 'not-a-guid'",
        "$filter=startswith(id,'0')",
    ],
)
def test_bad_query_options_are_refused(tenant, query):
    graph = tenant.graph("ada.okafor")
    assert_graph_error(graph.get(f"me/profile/interests?{query}"), 400, "BadRequest")


def test_select_orderby_and_filter(tenant):
    graph = tenant.graph("ada.okafor")

    selected = graph.get("me/profile/interests?$select=displayName,collaborationTags").json()["value"]
    assert all(set(item) == {"id", "displayName", "collaborationTags"} for item in selected)

    ordered = graph.get("me/profile/interests?$orderby=displayName desc").json()["value"]
    names = [item["displayName"] for item in ordered]
    assert names == sorted(names, reverse=True)

    filtered = graph.get("me/profile/interests?$filter=allowedAudiences eq 'everyone'").json()["value"]
    assert {item["displayName"] for item in filtered} == {"Python", "Chess"}

    combined = graph.get(
        "me/profile/interests?$filter=(displayName eq 'Python' or displayName eq 'Chess') and "
        "allowedAudiences eq 'everyone'&$orderby=displayName"
    ).json()["value"]
    assert [item["displayName"] for item in combined] == ["Chess", "Python"]

    quoted = graph.get("me/profile/interests?$filter=displayName eq 'O''Brien'").json()["value"]
    assert quoted == []

    chess = Interest.objects.get(profile__owner=tenant.user("ada.okafor"), display_name="Chess")
    by_id = graph.get(f"me/profile/interests?$filter=id eq '{chess.pk}'").json()["value"]
    assert [item["displayName"] for item in by_id] == ["Chess"]


def test_filter_and_select_are_kept_in_the_next_link(tenant):
    graph = tenant.graph("yuki.tanaka")
    page = graph.get("me/profile/interests?$filter=allowedAudiences eq 'organization'&$select=displayName&$top=2")
    body = page.json()
    collected = body["value"]
    while "@odata.nextLink" in body:
        body = graph.get(body["@odata.nextLink"]).json()
        collected += body["value"]
    assert len(collected) == 6
    assert all(set(item) == {"id", "displayName"} for item in collected)


def test_legacy_items_keep_the_shape_of_real_synced_data(tenant):
    graph = tenant.graph("emile.laurent")
    items = {item["displayName"]: item for item in graph.get("me/profile/interests?$top=50").json()["value"]}

    antiques = items["Antiques"]
    assert antiques["createdDateTime"] == "0001-01-01T00:00:00Z"
    assert antiques["lastModifiedDateTime"] == "0001-01-01T00:00:00Z"
    assert "lastModifiedBy" not in antiques
    assert "collaborationTags" not in antiques
    assert antiques["createdBy"] == {
        "device": None,
        "user": None,
        "application": {"displayName": "UPA", "id": None},
    }
    assert antiques["categories"] == []
    # Current items carry source.type as a list (the metadata's shape).
    assert items["Plain language"]["source"] == {"type": ["User"]}
    assert TIMESTAMP.match(items["Plain language"]["createdDateTime"])


def test_others_see_only_interests_their_audience_admits(tenant):
    ada = tenant.user("ada.okafor")
    own = {i["displayName"] for i in tenant.graph("ada.okafor").get("me/profile/interests").json()["value"]}
    assert own == {"Kubernetes", "Python", "Chess", "Salary negotiation notes"}

    colleague = tenant.graph("lukasz.wrobel")
    seen = colleague.get(f"users/{ada.pk}/profile/interests").json()
    assert {i["displayName"] for i in seen["value"]} == {"Kubernetes", "Python", "Chess"}
    hidden = Interest.objects.get(profile__owner=ada, display_name="Salary negotiation notes")
    assert_graph_error(colleague.get(f"users/{ada.pk}/profile/interests/{hidden.pk}"), 404, "itemNotFound")
    # Filtering cannot be used to learn that a hidden item exists.
    probe = colleague.get(f"users/{ada.pk}/profile/interests?$filter=allowedAudiences eq 'me'").json()
    assert probe["value"] == []


@pytest.mark.parametrize("audience", ["me", "family", "contacts", "groupMembers", "unknownFutureValue"])
def test_each_restricted_audience_is_hidden_from_colleagues(tenant, audience):
    owner = tenant.graph("lars.nygaard")
    created = owner.post("me/profile/interests", json={"displayName": "Secret", "allowedAudiences": audience}).json()
    colleague = tenant.graph("ada.okafor")
    lars = tenant.user("lars.nygaard")
    assert colleague.get(f"users/{lars.pk}/profile/interests").json()["value"] == []
    assert colleague.get(f"users/{lars.pk}/profile/interests/{created['id']}").status_code == 404


@pytest.mark.parametrize("audience", ["organization", "federatedOrganizations", "everyone"])
def test_each_open_audience_is_visible_to_colleagues(tenant, audience):
    owner = tenant.graph("lars.nygaard")
    created = owner.post("me/profile/interests", json={"displayName": "Open", "allowedAudiences": audience}).json()
    lars = tenant.user("lars.nygaard")
    seen = tenant.graph("ada.okafor").get(f"users/{lars.pk}/profile/interests").json()["value"]
    assert [item["id"] for item in seen] == [created["id"]]


def test_users_are_addressed_by_id_or_userprincipalname_case_insensitively(tenant):
    graph = tenant.graph("lukasz.wrobel")
    ada = tenant.user("ada.okafor")
    by_id = graph.get(f"users/{ada.pk}/profile/interests").json()
    by_upn = graph.get(f"users/{upn('ada.okafor').upper()}/profile/interests").json()
    quoted = graph.get(f"users('{upn('ada.okafor')}')/profile/interests").json()

    assert by_id["value"] == by_upn["value"] == quoted["value"]
    encoded = quote(upn("ada.okafor").upper(), safe="")
    assert by_upn["@odata.context"] == f"{tenant.graph_root}/$metadata#users('{encoded}')/profile/interests"
    # Paths are case-insensitive, and a trailing slash is accepted.
    assert graph.get("ME/Profile/Interests/").status_code == 200


def test_unknown_users_paths_and_methods(tenant):
    graph = tenant.graph("lukasz.wrobel", scopes="openid offline_access User.ReadWrite User.ReadBasic.All")
    assert_graph_error(graph.get("users/nobody@kestrel.example/profile/interests"), 404, "Request_ResourceNotFound")
    assert_graph_error(graph.get("me/profile/hobbies"), 400, "BadRequest")
    assert_graph_error(graph.put("me/profile/interests", json={}), 405, "MethodNotAllowed")


def test_a_user_without_a_profile_gets_it_created_then_can_add_interests(tenant):
    graph = tenant.graph("eero.virtanen")
    eero = tenant.user("eero.virtanen")

    error = assert_graph_error(graph.get("me/profile/interests"), 404, "Request_ResourceNotFound")
    assert "'profile'" in error["message"]
    assert_graph_error(graph.get("me/profile"), 404, "Request_ResourceNotFound")

    # The "Create profile" page's example (seeds/004).
    created = graph.post(
        f"users/{eero.pk}/profile",
        json={"@odata.type": "#Microsoft.Fast.PI.ViewGenerator.V2.Profile.Models.profile"},
    )
    assert created.status_code == 201
    profile_id = created.json()["id"]
    assert Profile.objects.get(owner=eero).pk.hex == profile_id.replace("-", "")
    assert graph.get("me/profile").json()["id"] == profile_id
    assert_graph_error(graph.post(f"users/{eero.pk}/profile", json={}), 409, "nameAlreadyExists")

    assert graph.get("me/profile/interests").json()["value"] == []
    assert graph.post("me/profile/interests", json={"displayName": "Linux"}).status_code == 201


def test_timestamps_have_seven_fractional_digits_and_move_forward(tenant):
    graph = tenant.graph("lars.nygaard")
    started = datetime.now(UTC) - timedelta(seconds=1)
    body = graph.post("me/profile/interests", json={"displayName": "Time"}).json()
    created = datetime.strptime(body["createdDateTime"][:26] + "Z", "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert started <= created <= datetime.now(UTC)


def test_request_ids_are_sent_and_client_request_id_is_echoed(tenant):
    graph = tenant.graph("ada.okafor")
    answer = graph.get("me/profile/interests", headers={"client-request-id": "abc-123"})
    assert answer.headers["client-request-id"] == "abc-123"
    assert re.fullmatch(r"[0-9a-f-]{36}", answer.headers["request-id"])
    assert answer.headers["Content-Type"].startswith("application/json")


def test_an_oversized_body_is_refused_with_413(tenant, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    graph = tenant.graph("lars.nygaard")
    answer = graph.post("me/profile/interests", json={"displayName": "x", "description": "d" * 2000})
    assert_graph_error(answer, 413, "RequestEntityTooLarge")
    assert interest_count(tenant, "lars.nygaard") == 0
