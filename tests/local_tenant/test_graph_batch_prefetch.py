"""A read-only `$batch` is answered from a few queries, and each item exactly as if it had been sent alone."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings

from interests_portal.local_tenant.demo_directory import demo_user_id, seed_scale
from interests_portal.local_tenant.graph.http import CaseInsensitiveHeaders, GraphRequest
from interests_portal.local_tenant.graph.router import dispatch
from interests_portal.local_tenant.login import tokens
from interests_portal.local_tenant.models import AUDIENCES_VISIBLE_TO_COLLEAGUES, DirectoryObject, Interest, Profile
from tests.support import DEFAULT_SCOPES

# What legitimately differs between two sendings of one request: its ids, and the second its error was dated.
PER_SENDING = ("request-id", "client-request-id", "date")


def in_process_batch(caller: DirectoryObject, items: list[dict]) -> list[dict]:
    """A $batch dispatched in this thread (so its queries are counted here), answered item by item."""
    token = tokens.access_token(
        caller, scopes=DEFAULT_SCOPES.split(), client_id=settings.LOCAL_TENANT_CLIENT_ID, lifetime=600
    )
    request = GraphRequest(
        method="POST",
        path="$batch",
        query={},
        headers=CaseInsensitiveHeaders({"Authorization": f"Bearer {token}", "Content-Type": "application/json"}),
        body=json.dumps({"requests": items}).encode(),
        base_url="http://testserver/_tenant/graph/beta",
    )
    response = dispatch(request)
    assert response.status == 200, response.body
    return response.body["responses"]


@pytest.fixture
def scaled(demo_directory) -> list[DirectoryObject]:
    seed_scale(users=42, interests_per_user=6, team_size=20)
    return list(DirectoryObject.objects.filter(user_principal_name__startswith="scale.person").order_by("pk"))


def interest_reads(people: list[DirectoryObject]) -> list[dict]:
    return [
        {"id": str(n), "method": "GET", "url": f"/users/{person.pk}/profile/interests?$top=100"}
        for n, person in enumerate(people)
    ]


@pytest.mark.parametrize("size", [5, 20])
def test_a_batch_of_interest_reads_costs_the_same_few_queries_at_any_size(scaled, django_assert_max_num_queries, size):
    caller = DirectoryObject.objects.get(pk=demo_user_id("priya.raman"))
    # The token's user (1), the items' users with their profiles (1), all of their interests (1).
    with django_assert_max_num_queries(3):
        responses = in_process_batch(caller, interest_reads(scaled[:size]))
    assert [r["status"] for r in responses] == [200] * size
    # Of six interests each, a colleague sees those whose audience reaches colleagues.
    visible = Interest.objects.filter(
        profile__owner__in=scaled[:size], allowed_audiences__in=AUDIENCES_VISIBLE_TO_COLLEAGUES
    )
    assert sum(len(r["body"]["value"]) for r in responses) == visible.count() < 6 * size


def test_a_batch_that_writes_is_answered_item_by_item_so_a_read_sees_the_write_before_it(scaled):
    owner = scaled[0]
    caller = DirectoryObject.objects.get(pk=demo_user_id("priya.raman"))
    before = Interest.objects.filter(profile__owner=caller).count()
    responses = in_process_batch(
        caller,
        [
            {
                "id": "write",
                "method": "POST",
                "url": "/me/profile/interests",
                "headers": {"Content-Type": "application/json"},
                "body": {"displayName": "Written in the batch"},
            },
            {"id": "read", "method": "GET", "url": "/me/profile/interests?$top=100", "dependsOn": ["write"]},
            {"id": "other", "method": "GET", "url": f"/users/{owner.pk}/profile/interests"},
        ],
    )
    by_id = {r["id"]: r for r in responses}
    assert by_id["write"]["status"] == 201
    assert len(by_id["read"]["body"]["value"]) == before + 1
    assert by_id["other"]["status"] == 200


def normalised(value: Any) -> Any:
    """The answer without what differs per sending: request ids and the date of an error."""
    if isinstance(value, dict):
        return {key: normalised(inner) for key, inner in value.items() if key.lower() not in PER_SENDING}
    if isinstance(value, list):
        return [normalised(inner) for inner in value]
    return value


def answered_alone(graph, url: str) -> dict:
    answer = graph.get(url)
    body = answer.json() if answer.content else None
    headers = {name: answer.headers[name] for name in ("Location", "Retry-After") if name in answer.headers}
    return {"status": answer.status_code, "headers": headers, "body": body}


def answered_in_batch(item: dict) -> dict:
    headers = {name: value for name, value in item["headers"].items() if name in ("Location", "Retry-After")}
    return {"status": item["status"], "headers": headers, "body": item["body"]}


def compare_with_alone(graph, urls: list[str]) -> list[dict]:
    """Each url's answer inside read-only batches (of 20) and alone, as JSON text: they must be the same bytes."""
    batched: list[dict] = []
    for start in range(0, len(urls), 20):
        items = [{"id": str(n), "method": "GET", "url": url} for n, url in enumerate(urls[start : start + 20])]
        answer = graph.post("$batch", json={"requests": items})
        assert answer.status_code == 200, answer.text
        by_id = {r["id"]: r for r in answer.json()["responses"]}
        batched += [by_id[item["id"]] for item in items]
    for url, item in zip(urls, batched, strict=True):
        inside, alone = answered_in_batch(item), answered_alone(graph, url)
        assert json.dumps(normalised(inside)) == json.dumps(normalised(alone)), url
    return batched


def test_every_read_answers_in_a_batch_exactly_as_it_does_alone(tenant):
    seed_scale(users=22, interests_per_user=4, team_size=20)
    lars = tenant.user("lars.nygaard")
    # Two interests created at the same instant: the list's order falls back to their ids, in a batch as alone.
    profile = Profile.objects.get(owner=lars)
    same_time = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    identity = {"user": {"displayName": lars.display_name, "id": str(lars.pk)}}
    for name in ("Tie A", "Tie B", "Tie C"):
        Interest.objects.create(
            profile=profile,
            display_name=name,
            allowed_audiences="organization",
            created_date_time=same_time,
            last_modified_date_time=same_time,
            created_by=identity,
            last_modified_by=identity,
        )
    people = list(DirectoryObject.objects.order_by("display_name", "pk"))  # users, contacts, without profiles
    interest = Interest.objects.filter(profile=profile).first()
    assert interest is not None
    urls = [f"/users/{person.pk}/profile/interests" for person in people]
    urls += [
        f"/users/{lars.user_principal_name.upper()}/profile/interests",
        f"/users('{lars.user_principal_name}')/profile/interests",
        f"/Users/{lars.pk}/Profile/Interests?$top=2",
        f"/users/{lars.pk}/profile/interests?$top=2&$skip=2",
        f"/users/{lars.pk}/profile/interests?$filter=displayName eq 'Tie B'",
        f"/users/{lars.pk}/profile/interests?$orderby=displayName desc",
        f"/users/{lars.pk}/profile/interests?$select=displayName,allowedAudiences",
        f"/users/{lars.pk}/profile/interests?$top=0",
        f"/users/{lars.pk}/profile/interests/{interest.pk}",
        f"/users/{lars.pk}/profile",
        f"/users/{lars.pk}",
        f"/users/{lars.pk}/directReports",
        "/users/nobody@kestrel.example/profile/interests",
        "/users/00000000-0000-0000-0000-000000000000/profile/interests",
        "/me/profile/interests",
        "/me",
    ]
    batched = compare_with_alone(tenant.graph("priya.raman"), urls)

    statuses = {item["status"] for item in batched}
    assert {200, 400, 404} <= statuses  # the comparison covered answers and errors alike
    assert any(item["body"] and "@odata.nextLink" in item["body"] for item in batched)


def test_permissions_are_checked_per_item_as_alone(tenant):
    # Without User.ReadBasic.All, only one's own profile may be read.
    graph = tenant.graph("priya.raman", scopes="openid profile offline_access User.Read")
    ada = tenant.user("ada.okafor")
    batched = compare_with_alone(graph, [f"/users/{ada.pk}/profile/interests", "/me/profile/interests"])
    assert [item["status"] for item in batched] == [403, 200]


def test_faults_are_drawn_per_item_and_a_dependent_of_a_failed_read_fails_with_424(tenant):
    ada, yuki = tenant.user("ada.okafor"), tenant.user("yuki.tanaka")
    tenant.control(fail_next=1, status=429, retry_after=2, match=r"^GET /users/\{id\}/profile/interests$")
    graph = tenant.graph("priya.raman")
    answer = graph.post(
        "$batch",
        json={
            "requests": [
                {"id": "a", "method": "GET", "url": f"/users/{ada.pk}/profile/interests"},
                {"id": "b", "method": "GET", "url": f"/users/{yuki.pk}/profile/interests", "dependsOn": ["a"]},
                {"id": "c", "method": "GET", "url": f"/users/{yuki.pk}/profile/interests"},
            ]
        },
    ).json()
    by_id = {r["id"]: r for r in answer["responses"]}
    assert by_id["a"]["status"] == 429
    assert by_id["a"]["headers"]["Retry-After"] == "2"
    assert by_id["b"]["status"] == 424
    assert by_id["c"]["status"] == 200
    assert by_id["c"]["body"] == graph.get(f"/users/{yuki.pk}/profile/interests").json()
