"""Bearer tokens and scopes at the Graph endpoints, as Graph enforces them."""

import time

import jwt
import pytest

from interests_portal.local_tenant.models import Interest
from tests.local_tenant.test_graph_interests import assert_graph_error


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (None, "empty"),
        ("Bearer ", "empty"),
        ("Basic dXNlcjpwYXNz", "Bearer"),
        ("Bearer not-a-jwt", "validation"),
    ],
)
def test_missing_or_bad_tokens_answer_401(tenant, header, words):
    graph = tenant.graph_session(None)
    headers = {"Authorization": header} if header else {}
    answer = graph.get("me/profile/interests", headers=headers)
    error = assert_graph_error(answer, 401, "InvalidAuthenticationToken")
    assert words in error["message"]
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_signed_with_another_key_answers_401(tenant):
    claims = jwt.decode(tenant.sign_in("ada.okafor")["access_token"], options={"verify_signature": False})
    forged = jwt.encode(claims | {"scp": "User.ReadWrite.All"}, "x" * 32, algorithm="HS256")
    assert_graph_error(tenant.graph_session(forged).get("me"), 401, "InvalidAuthenticationToken")


def test_an_expired_token_answers_401(tenant):
    tenant.control(access_token_lifetime=1)
    graph = tenant.graph("ada.okafor")
    time.sleep(2.1)
    error = assert_graph_error(graph.get("me/profile/interests"), 401, "InvalidAuthenticationToken")
    assert "expired" in error["message"]


def test_user_read_reads_but_cannot_write_own_interests(tenant):
    graph = tenant.graph("ada.okafor", scopes="openid offline_access User.Read")
    assert graph.get("me/profile/interests").status_code == 200
    before = Interest.objects.count()
    assert_graph_error(
        graph.post("me/profile/interests", json={"displayName": "x"}), 403, "Authorization_RequestDenied"
    )
    assert Interest.objects.count() == before


def test_reading_others_needs_a_read_all_scope(tenant):
    ada = tenant.user("ada.okafor")
    narrow = tenant.graph("lukasz.wrobel", scopes="openid User.ReadWrite")
    for url in (
        f"users/{ada.pk}/profile/interests",
        f"users/{ada.pk}",
        "users",
        f"users/{ada.pk}/directReports",
    ):
        assert_graph_error(narrow.get(url), 403, "Authorization_RequestDenied")
    wide = tenant.graph("lukasz.wrobel", scopes="openid User.ReadBasic.All")
    assert wide.get(f"users/{ada.pk}/profile/interests").status_code == 200


def test_writing_others_needs_readwrite_all_and_the_admin_role(tenant):
    ada = tenant.user("ada.okafor")
    interest = Interest.objects.get(profile__owner=ada, display_name="Chess")
    url = f"users/{ada.pk}/profile/interests/{interest.pk}"
    body = {"allowedAudiences": "me"}
    scopes = "openid offline_access User.ReadWrite.All"

    # A colleague without the role: the delegated scope never exceeds the user's own rights.
    assert_graph_error(
        tenant.graph("lukasz.wrobel", scopes=scopes).patch(url, json=body), 403, "Authorization_RequestDenied"
    )
    # The admin without User.ReadWrite.All in the token.
    assert_graph_error(tenant.graph("grace.obi").patch(url, json=body), 403, "Authorization_RequestDenied")
    interest.refresh_from_db()
    assert interest.allowed_audiences == "everyone"

    admin = tenant.graph("grace.obi", scopes=scopes)
    answer = admin.patch(url, json=body)
    assert answer.status_code == 200
    assert answer.json()["lastModifiedBy"]["user"]["displayName"] == "Grace Obi"
    interest.refresh_from_db()
    assert interest.allowed_audiences == "me"


def test_a_tenant_can_deny_writes_to_others_even_for_admins(tenant):
    ada = tenant.user("ada.okafor")
    interest = Interest.objects.get(profile__owner=ada, display_name="Python")
    admin = tenant.graph("grace.obi", scopes="openid User.ReadWrite.All")
    tenant.control(write_others="denied")

    for answer in (
        admin.patch(f"users/{ada.pk}/profile/interests/{interest.pk}", json={"allowedAudiences": "me"}),
        admin.delete(f"users/{ada.pk}/profile/interests/{interest.pk}"),
        admin.post(f"users/{ada.pk}/profile/interests", json={"displayName": "x"}),
    ):
        assert_graph_error(answer, 403, "Authorization_RequestDenied")
    interest.refresh_from_db()
    assert interest.allowed_audiences == "everyone"
    # Their own profile is still theirs to edit.
    assert admin.post("me/profile/interests", json={"displayName": "Mine"}).status_code == 201
