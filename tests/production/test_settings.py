"""What `manage.py check --deploy` says of a Microsoft-mode configuration, run as an operator would run it."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "ENTRA_CLIENT_ID": "00000000-0000-0000-0000-0000000000aa",
    "ENTRA_CLIENT_SECRET": "not-a-real-secret",
    "ENTRA_TENANT_ID": "00000000-0000-0000-0000-0000000000bb",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "portal.example.com",
    "DATABASE_URL": "postgres://portal:password@db.example.com:5432/portal",
    "REDIS_URL": "redis://cache.example.com:6379/0",
    "DJANGO_BEHIND_TLS_PROXY": "1",
}


def run_production(command: list[str], **changes: str | None) -> subprocess.CompletedProcess:
    """`command` in this checkout with the production environment, `changes` applied (None unsets)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ENTRA_", "DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "LOCAL_TENANT"))
    }
    env |= PRODUCTION
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603


def check_deploy(**changes: str | None) -> subprocess.CompletedProcess:
    return run_production([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **changes)


def gunicorn(**changes: str | None) -> subprocess.CompletedProcess:
    return run_production([sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0"], **changes)


def test_a_complete_production_configuration_passes_the_deploy_check() -> None:
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"DATABASE_URL": None}, "portal.E001"),
        ({"DATABASE_URL": "sqlite:////tmp/portal.sqlite3"}, "portal.E002"),
        ({"DJANGO_SESSION_ENGINE": "django.contrib.sessions.backends.cache", "REDIS_URL": None}, "portal.E003"),
        ({"DJANGO_SESSION_ENGINE": "django.contrib.sessions.backends.cached_db", "REDIS_URL": None}, "portal.E003"),
        ({"LOCAL_TENANT": "1"}, "local_tenant.E001"),
        ({"LOCAL_TENANT": "0", "ENTRA_CLIENT_ID": None}, "portal.E004"),
        ({"ENTRA_TENANT_ID": "organizations"}, "portal.E005"),
        ({"ENTRA_TENANT_ID": None}, "portal.E005"),  # its default, "organizations"
        ({"DJANGO_SESSION_ENGINE": "django.contrib.sessions.backends.signed_cookies"}, "portal.E006"),
    ],
)
def test_configurations_that_fail_across_instances_are_refused(changes: dict, error: str) -> None:
    result = check_deploy(**changes)
    assert result.returncode != 0
    assert error in result.stderr


def test_cache_sessions_on_a_shared_redis_are_accepted() -> None:
    result = check_deploy(DJANGO_SESSION_ENGINE="django.contrib.sessions.backends.cache")
    assert result.returncode == 0, result.stderr


def test_gunicorn_refuses_to_serve_a_configuration_the_checks_reject() -> None:
    """gunicorn does not run Django's checks itself: gunicorn.conf.py's on_starting does, before binding."""
    result = gunicorn(DATABASE_URL=None)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr
    assert "Listening at" not in result.stderr


@pytest.mark.parametrize(
    "changes",
    [
        {"ENTRA_CLIENT_ID": None, "ENTRA_CLIENT_SECRET": None},  # a failed secret injection: no app registration
        {"DJANGO_DEBUG": "1"},
    ],
)
def test_gunicorn_never_serves_the_local_tenant_or_debug(changes: dict) -> None:
    result = gunicorn(**changes)
    assert result.returncode != 0
    assert "the local tenant (no ENTRA_CLIENT_ID, or LOCAL_TENANT=1) and DEBUG are refused" in result.stderr
    assert "Listening at" not in result.stderr
