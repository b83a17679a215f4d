"""The client-credentials grant and application permissions, as Entra issues and Graph enforces them."""

import jwt
import pytest
from django.conf import settings

from interests_portal.local_tenant.login.tokens import APP_SERVICE_PRINCIPAL_ID
from interests_portal.local_tenant.models import Interest
from tests.local_tenant.test_graph_interests import assert_graph_error
from tests.local_tenant.test_sign_in import msal_app

GRAPH_DEFAULT = "https://graph.microsoft.com/.default"


def app_token(tenant, scope: str = GRAPH_DEFAULT) -> str:
    answer = tenant.token_request(grant_type="client_credentials", scope=scope)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def test_the_grant_answers_as_entra_does_with_an_application_token(tenant):
    answer = tenant.token_request(grant_type="client_credentials", scope=GRAPH_DEFAULT)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"token_type", "expires_in", "ext_expires_in", "access_token"}  # no refresh or id token
    assert answer.headers["Cache-Control"] == "no-store"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["idtyp"] == "app"
    assert claims["roles"] == ["User.Read.All"]
    assert claims["oid"] == APP_SERVICE_PRINCIPAL_ID
    assert claims["appid"] == settings.LOCAL_TENANT_CLIENT_ID
    assert "scp" not in claims


@pytest.mark.parametrize(
    ("scope", "error", "code"),
    [
        ("User.Read.All", "invalid_scope", "AADSTS1002012"),
        ("https://graph.microsoft.com/User.Read.All", "invalid_scope", "AADSTS1002012"),
        (f"{GRAPH_DEFAULT} openid", "invalid_scope", "AADSTS1002012"),
        ("https://example.com/.default", "invalid_resource", "AADSTS500011"),
    ],
)
def test_only_a_default_scope_of_graph_may_be_asked_for(tenant, scope, error, code):
    answer = tenant.token_request(grant_type="client_credentials", scope=scope)
    assert answer.status_code == 400
    assert answer.json()["error"] == error
    assert answer.json()["error_description"].startswith(code)


def test_a_wrong_secret_is_refused(tenant):
    answer = tenant.token_request(grant_type="client_credentials", scope=GRAPH_DEFAULT, client_secret="wrong")
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_msal_acquires_an_application_token_and_reuses_it(tenant):
    app, transport = msal_app(tenant)
    first = app.acquire_token_for_client(scopes=[GRAPH_DEFAULT])
    assert "access_token" in first, first
    second = app.acquire_token_for_client(scopes=[GRAPH_DEFAULT])
    assert second["access_token"] == first["access_token"]
    assert second["token_source"] == "cache"
    assert transport.calls["POST /_tenant/login/oauth2/v2.0/token"] == 1


def test_an_application_reads_users_and_every_interest_of_anyone(tenant):
    ada = tenant.user("ada.okafor")
    hidden = Interest.objects.filter(profile__owner=ada).first()
    assert hidden is not None
    Interest.objects.filter(pk=hidden.pk).update(allowed_audiences="me")
    graph = tenant.graph_session(app_token(tenant))
    assert graph.get("users").status_code == 200
    assert graph.get(f"users/{ada.pk}").json()["id"] == str(ada.pk)
    listed = graph.get(f"users/{ada.pk}/profile/interests?$top=100").json()["value"]
    # An application is not a colleague: its permission is to the whole profile, "Only me" items included.
    assert str(hidden.pk) in {item["id"] for item in listed}


def test_me_is_refused_to_an_application(tenant):
    graph = tenant.graph_session(app_token(tenant))
    error = assert_graph_error(graph.get("me/profile/interests"), 400, "BadRequest")
    assert "delegated" in error["message"]
    assert_graph_error(graph.get("me"), 400, "BadRequest")


def test_without_consent_an_application_gets_a_token_without_roles_and_graph_refuses_it(tenant):
    tenant.control(app_permissions=[])
    token = app_token(tenant)
    assert "roles" not in jwt.decode(token, options={"verify_signature": False})
    graph = tenant.graph_session(token)
    ada = tenant.user("ada.okafor")
    for path in ("users", f"users/{ada.pk}", f"users/{ada.pk}/profile/interests", "users/delta"):
        assert_graph_error(graph.get(path), 403, "Authorization_RequestDenied")


def test_an_application_writes_only_with_read_write_all(tenant):
    ada = tenant.user("ada.okafor")
    before = Interest.objects.count()
    graph = tenant.graph_session(app_token(tenant))
    answer = graph.post(f"users/{ada.pk}/profile/interests", json={"displayName": "Sailing"})
    assert_graph_error(answer, 403, "Authorization_RequestDenied")
    assert Interest.objects.count() == before

    tenant.control(app_permissions=["User.ReadWrite.All"])
    graph = tenant.graph_session(app_token(tenant))
    created = graph.post(f"users/{ada.pk}/profile/interests", json={"displayName": "Sailing"})
    assert created.status_code == 201
    assert created.json()["createdBy"]["application"]["id"] == settings.LOCAL_TENANT_CLIENT_ID
    assert created.json()["createdBy"]["user"] is None


def test_a_batch_carries_the_application_token_to_its_items(tenant):
    people = [tenant.user("ada.okafor"), tenant.user("lukasz.wrobel")]
    graph = tenant.graph_session(app_token(tenant))
    requests = [
        {"id": str(n), "method": "GET", "url": f"/users/{person.pk}/profile/interests?$top=100"}
        for n, person in enumerate(people)
    ] + [{"id": "me", "method": "GET", "url": "/me"}]
    answers = {item["id"]: item for item in graph.post("$batch", json={"requests": requests}).json()["responses"]}
    assert answers["0"]["status"] == answers["1"]["status"] == 200
    assert answers["me"]["status"] == 400


def test_delegated_tokens_are_unchanged(tenant):
    graph = tenant.graph("ada.okafor")
    assert graph.get("me").status_code == 200
    assert graph.get("me/profile/interests").status_code == 200
