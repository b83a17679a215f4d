"""No password login anywhere: Django's admin is reached through Entra ID sign-in only."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from asgiref.sync import async_to_sync
from django.contrib import admin
from django.contrib.auth import aauthenticate, authenticate
from django.contrib.auth.models import Group
from django.test import Client

from interests_portal.accounts.admin import admin_site
from interests_portal.accounts.models import User
from interests_portal.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"


@pytest.fixture
def user_with_a_password(db) -> User:
    """What a portal admin could once make in the admin: any account, given a password, staff and superuser."""
    user = User.objects.create(username="backdoor", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    assert user.has_usable_password()
    assert user.check_password(PASSWORD)
    return user


def sign_in_target(location: str) -> str | None:
    """The `next` of a redirect to the portal's sign-in, or None for any other redirect."""
    url = urlsplit(location)
    return dict(parse_qsl(url.query)).get("next") if url.path == "/auth/sign-in" and not url.netloc else None


def test_authenticate_accepts_no_password(user_with_a_password):
    assert authenticate(username="backdoor", password=PASSWORD) is None
    assert async_to_sync(aauthenticate)(username="backdoor", password=PASSWORD) is None


def test_the_admin_login_form_signs_no_one_in(user_with_a_password):
    client = Client()
    answer = client.post("/admin/login/", {"username": "backdoor", "password": PASSWORD, "next": "/admin/"})

    assert sign_in_target(answer["Location"]) == "/admin/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.get("/interests/").status_code == 302
    assert User.objects.get(pk=user_with_a_password.pk).last_login is None


@pytest.mark.django_db
def test_the_admin_login_page_has_no_form_but_sends_people_to_sign_in():
    answer = Client().get("/admin/login/?next=/admin/audit/auditentry/")
    assert answer.status_code == 302
    assert sign_in_target(answer["Location"]) == "/admin/audit/auditentry/"
    assert b"password" not in answer.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/"])
def test_the_admin_sends_anonymous_visitors_to_entra_sign_in_and_back(path):
    client = Client()
    to_login = client.get(path)
    assert to_login.status_code == 302
    to_sign_in = client.get(to_login["Location"])
    assert to_sign_in.status_code == 302
    assert sign_in_target(to_sign_in["Location"]) == path


def test_a_portal_admin_signed_in_with_entra_reaches_the_admin(sign_in):
    grace = sign_in("grace.obi", next_path="/admin/")
    index = grace.get("/admin/")
    assert index.status_code == 200
    assert b"Interests Portal administration" in index.content
    assert b"password" not in index.content.lower()  # no "Change password" link
    assert grace.get("/admin/login/")["Location"] == "/admin/"


def test_someone_signed_in_who_is_not_a_portal_admin_is_told_so_not_sent_round_again(sign_in):
    ada = sign_in("ada.okafor")
    to_login = ada.get("/admin/")
    assert to_login.status_code == 302
    refused = ada.get(to_login["Location"])
    assert refused.status_code == 403
    assert b"portal admin role" in refused.content


def test_the_password_views_are_gone(sign_in, user_with_a_password):
    grace = sign_in("grace.obi")
    assert grace.get("/admin/password_change/").status_code == 404
    assert grace.get("/admin/password_change/done/").status_code == 404
    # Django's UserAdmin had /admin/accounts/user/<id>/password/; the admin now reads that as an object id it does
    # not know, as it does any other: back to the index, "doesn't exist".
    answer = grace.get(f"/admin/accounts/user/{user_with_a_password.pk}/password/", follow=True)
    assert answer.redirect_chain[-1][0] == "/admin/"
    assert b'type="password"' not in answer.content


def test_the_user_admin_shows_no_password_and_cannot_make_accounts(sign_in, user_with_a_password):
    grace = sign_in("grace.obi")
    change = grace.get(f"/admin/accounts/user/{user_with_a_password.pk}/change/")
    assert change.status_code == 200
    assert b"password" not in change.content.lower()
    assert grace.get("/admin/accounts/user/add/").status_code == 403
    assert grace.get(f"/admin/accounts/user/{user_with_a_password.pk}/delete/").status_code == 403

    # What it can change: whether the account may be used. The role is Entra's, at every sign-in.
    token = grace.cookies["csrftoken"].value
    grace.post(
        f"/admin/accounts/user/{user_with_a_password.pk}/change/",
        {"is_active": "", "is_superuser": "on", "password": "new password"},
        headers={"X-CSRFToken": token},
    )
    user_with_a_password.refresh_from_db()
    assert not user_with_a_password.is_active
    assert user_with_a_password.check_password(PASSWORD)


def test_the_audit_log_is_read_only_in_the_admin(sign_in):
    grace = sign_in("grace.obi")
    entry = AuditEntry.objects.create(
        actor_name="Grace Obi",
        actor_oid="grace",
        subject_name="Ada Okafor",
        subject_oid="ada",
        action=AuditEntry.Action.RESTRICT,
        outcome=AuditEntry.Outcome.SUCCEEDED,
        reason="Mentions a colleague.",
    )
    token = grace.cookies["csrftoken"].value
    base = "/admin/audit/auditentry"

    listing = grace.get(f"{base}/")
    assert listing.status_code == 200
    assert b"delete_selected" not in listing.content
    page = grace.get(f"{base}/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert grace.get(f"{base}/add/").status_code == 403
    assert grace.post(f"{base}/add/", {}, headers={"X-CSRFToken": token}).status_code == 403
    changed = grace.post(f"{base}/{entry.pk}/change/", {"reason": "Edited."}, headers={"X-CSRFToken": token})
    assert changed.status_code == 403
    assert grace.post(f"{base}/{entry.pk}/delete/", {"post": "yes"}, headers={"X-CSRFToken": token}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Mentions a colleague."


def test_every_model_of_the_default_admin_site_is_on_the_portal_s():
    """The portal mounts its own admin site: a model registered on Django's default one would be missing from it.
    Only auth's Group stays off: permissions come from the Entra ID app role, not from groups."""
    left_out = set(admin.site._registry) - set(admin_site._registry)
    assert left_out <= {Group}
