"""Contract tests of JSON batching (graph-contract.md §5.2)."""

import pytest

from interests_portal.local_tenant.models import Interest
from tests.local_tenant.test_graph_interests import assert_graph_error


def batch(graph, requests_):
    return graph.post("$batch", json={"requests": requests_})


def test_batch_runs_each_request_and_answers_per_item(tenant):
    graph = tenant.graph("priya.raman")
    ada, yuki = tenant.user("ada.okafor"), tenant.user("yuki.tanaka")
    answer = batch(
        graph,
        [
            {"id": "1", "method": "GET", "url": f"/users/{ada.pk}/profile/interests"},
            {"id": "2", "method": "GET", "url": f"users/{yuki.pk}/profile/interests?$top=2"},
            {"id": "3", "method": "GET", "url": "/users/nobody@kestrel.example/profile/interests"},
            {
                "id": "4",
                "method": "POST",
                "url": "/me/profile/interests",
                "headers": {"Content-Type": "application/json"},
                "body": {"displayName": "Batching"},
            },
        ],
    )

    assert answer.status_code == 200
    responses = {r["id"]: r for r in answer.json()["responses"]}
    assert responses["1"]["status"] == 200
    assert {i["displayName"] for i in responses["1"]["body"]["value"]} == {"Kubernetes", "Python", "Chess"}
    assert len(responses["2"]["body"]["value"]) == 2
    assert "@odata.nextLink" in responses["2"]["body"]
    assert responses["3"]["status"] == 404
    assert responses["3"]["body"]["error"]["code"] == "Request_ResourceNotFound"
    assert responses["4"]["status"] == 201
    assert responses["4"]["headers"]["Content-Type"] == "application/json"
    assert Interest.objects.filter(display_name="Batching", profile__owner=tenant.user("priya.raman")).exists()


def test_depends_on_runs_in_order_and_fails_dependents_with_424(tenant):
    graph = tenant.graph("lars.nygaard")
    answer = batch(
        graph,
        [
            {"id": "b", "method": "GET", "url": "/me/profile/interests", "dependsOn": ["a"]},
            {
                "id": "a",
                "method": "POST",
                "url": "/me/profile/interests",
                "headers": {"Content-Type": "application/json"},
                "body": {"displayName": "First"},
            },
            {
                "id": "c",
                "method": "POST",
                "url": "/me/profile/interests",
                "headers": {"Content-Type": "application/json"},
                "body": {"displayName": ""},
            },
            {"id": "d", "method": "GET", "url": "/me", "dependsOn": ["c"]},
        ],
    ).json()

    responses = {r["id"]: r for r in answer["responses"]}
    assert [r["id"] for r in answer["responses"]] == ["b", "a", "c", "d"]
    assert [i["displayName"] for i in responses["b"]["body"]["value"]] == ["First"]
    assert responses["c"]["status"] == 400
    assert responses["d"]["status"] == 424
    assert responses["d"]["body"]["error"]["code"] == "FailedDependency"


def test_a_delete_inside_a_batch_answers_204_with_a_null_body(tenant):
    graph = tenant.graph("ada.okafor")
    interest = Interest.objects.filter(profile__owner=tenant.user("ada.okafor")).first()
    answer = batch(graph, [{"id": "1", "method": "DELETE", "url": f"/me/profile/interests/{interest.pk}"}]).json()
    assert answer["responses"][0]["status"] == 204
    assert answer["responses"][0]["body"] is None
    assert not Interest.objects.filter(pk=interest.pk).exists()


def test_a_body_without_content_type_fails_only_that_item(tenant):
    graph = tenant.graph("lars.nygaard")
    answer = batch(
        graph,
        [
            {"id": "1", "method": "POST", "url": "/me/profile/interests", "body": {"displayName": "x"}},
            {"id": "2", "method": "GET", "url": "/me"},
        ],
    ).json()
    statuses = {r["id"]: r["status"] for r in answer["responses"]}
    assert statuses == {"1": 400, "2": 200}


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"requests": [{"id": str(n), "method": "GET", "url": "/me"} for n in range(21)]}, "1 to 20"),
        ({"requests": []}, "1 to 20"),
        ({}, "requests"),
        (
            {
                "requests": [
                    {"id": "1", "method": "GET", "url": "/me"},
                    {"id": "1", "method": "GET", "url": "/me"},
                ]
            },
            "unique",
        ),
        (
            {
                "requests": [
                    {"id": "A", "method": "GET", "url": "/me"},
                    {"id": "a", "method": "GET", "url": "/me"},
                ]
            },
            "unique",
        ),
        (
            {"requests": [{"id": "1", "method": "GET", "url": "https://graph.microsoft.com/beta/me"}]},
            "relative",
        ),
        ({"requests": [{"id": "1", "method": "GET"}]}, "url"),
        ({"requests": [{"id": "1", "method": "FETCH", "url": "/me"}]}, "method"),
        ({"requests": [{"method": "GET", "url": "/me"}]}, "id"),
        ({"requests": [{"id": "1", "method": "GET", "url": "/me", "dependsOn": ["2"]}]}, "unknown"),
        (
            {
                "requests": [
                    {"id": "1", "method": "GET", "url": "/me", "dependsOn": ["2"]},
                    {"id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"]},
                ]
            },
            "cycle",
        ),
        ({"requests": ["GET /me"]}, "object"),
    ],
)
def test_malformed_batches_answer_400(tenant, payload, words):
    graph = tenant.graph("lars.nygaard")
    error = assert_graph_error(graph.post("$batch", json=payload), 400, "BadRequest")
    assert words in error["message"]


def test_a_batch_cannot_nest_and_needs_a_token(tenant):
    graph = tenant.graph("lars.nygaard")
    nested = batch(
        graph,
        [
            {
                "id": "1",
                "method": "POST",
                "url": "/$batch",
                "headers": {"Content-Type": "application/json"},
                "body": {"requests": []},
            }
        ],
    ).json()
    assert nested["responses"][0]["status"] == 400
    anonymous = tenant.graph(None).post("$batch", json={"requests": [{"id": "1", "method": "GET", "url": "/me"}]})
    assert_graph_error(anonymous, 401, "InvalidAuthenticationToken")


def test_a_throttled_item_answers_429_with_retry_after_inside_a_200_batch(tenant):
    graph = tenant.graph("priya.raman")
    tenant.control(fail_next=1, status=429, retry_after=2.5, match="/users/")
    ada = tenant.user("ada.okafor")
    answer = batch(
        graph,
        [
            {"id": "1", "method": "GET", "url": "/me"},
            {"id": "2", "method": "GET", "url": f"/users/{ada.pk}/profile/interests"},
            {"id": "3", "method": "GET", "url": f"/users/{ada.pk}/profile/interests"},
        ],
    )
    assert answer.status_code == 200
    responses = {r["id"]: r for r in answer.json()["responses"]}
    assert responses["1"]["status"] == 200
    assert responses["2"]["status"] == 429
    assert responses["2"]["headers"]["Retry-After"] == "2.5"
    assert responses["2"]["body"]["error"]["code"] == "TooManyRequests"
    assert responses["3"]["status"] == 200
