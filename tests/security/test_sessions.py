"""Sessions: a new key at sign-in (no fixation), and cookies a script or another site cannot use."""

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

COOKIE_SETTINGS = (
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
)


def test_signing_in_replaces_the_session_key(portal, sign_in):
    """Step by step here; the `sign_in` fixture is asked for the redirect URI it sets up."""
    client = Client()
    start = client.get("/auth/sign-in?next=/interests/")
    before = start.cookies["sessionid"].value  # the session the sign-in began in (one an attacker could plant)
    assert SessionStore(session_key=before).exists(before)

    picked = portal.tenant.pick_account(start["Location"], "ada.okafor")
    callback = urlsplit(picked.headers["Location"])
    back = client.get(f"{callback.path}?{callback.query}")
    assert back.status_code == 302

    after = back.cookies["sessionid"].value
    assert after != before
    assert not SessionStore(session_key=before).exists(before)  # the old key is gone, not just unused
    assert SessionStore(session_key=after).get("_auth_user_id")
    planted = Client()
    planted.cookies["sessionid"] = before
    assert planted.get("/interests/").status_code == 302  # whoever holds the old key is not signed in
    assert client.get("/interests/").status_code == 200


def production_cookie_settings() -> dict[str, object]:
    """The cookie settings as settings.py makes them in Microsoft mode (DEBUG off), read in a fresh process."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ENTRA_", "LOCAL_TENANT", "DJANGO_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "interests_portal.settings",
        "ENTRA_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
        "ENTRA_CLIENT_SECRET": "not-a-real-secret",
        "ENTRA_TENANT_ID": "66666666-7777-8888-9999-000000000000",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    }
    env["COOKIE_SETTINGS"] = " ".join(COOKIE_SETTINGS)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, os; from django.conf import settings; "
            "print(json.dumps({name: getattr(settings, name) for name in os.environ['COOKIE_SETTINGS'].split()}))",
        ],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def production_cookies(settings) -> Callable[[str], None]:
    """Applies the production values of the settings whose names start with `prefix` (SESSION_, CSRF_)."""
    values = production_cookie_settings()

    def apply(prefix: str) -> None:
        for name, value in values.items():
            if name.startswith(prefix):
                setattr(settings, name, value)

    return apply


def test_production_settings_make_cookies_secure_httponly_and_lax():
    assert production_cookie_settings() == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
    }


def assert_secure_httponly_lax(cookie) -> None:
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_secure_httponly_and_lax(production_cookies, sign_in):
    # Only the session's: the local tenant's account picker, in this same process, is reached over plain http
    # and needs its CSRF cookie back.
    production_cookies("SESSION_")
    client = Client()
    assert_secure_httponly_lax(client.get("/auth/sign-in?next=/interests/").cookies["sessionid"])  # sign-in begun

    sign_in("ada.okafor", client)
    assert_secure_httponly_lax(client.cookies["sessionid"])  # the signed-in session's, set by the callback


def test_the_csrf_cookie_is_secure_and_lax(production_cookies, db):
    production_cookies("CSRF_")
    cookie = Client().get("/").cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
