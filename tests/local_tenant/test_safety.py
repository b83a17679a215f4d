"""The local tenant signs anyone in as anyone: it must be impossible to leave on by accident."""

import importlib
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import clear_url_caches


def test_check_deploy_fails_while_the_local_tenant_is_on(settings):
    settings.LOCAL_TENANT_ENABLED = True
    with pytest.raises(SystemCheckError, match=r"local_tenant\.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_check_deploy_has_no_local_tenant_error_when_it_is_off(settings):
    settings.LOCAL_TENANT_ENABLED = False
    from interests_portal.local_tenant.checks import local_tenant_off_in_production

    assert local_tenant_off_in_production(None) == []


@pytest.fixture
def tenant_switched_off(settings):
    """The URLconf as the server built it (tenant on), then the setting turned off at run time."""
    import interests_portal.urls  # noqa: F401  (built before the switch, whatever the test order)

    settings.LOCAL_TENANT_ENABLED = False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/_tenant/",
        "/_tenant/control",
        "/_tenant/login/v2.0/.well-known/openid-configuration",
        "/_tenant/login/oauth2/v2.0/authorize",
        "/_tenant/graph/beta/me",
    ],
)
def test_every_tenant_view_answers_404_when_it_is_off(tenant_switched_off, url):
    assert Client().get(url).status_code == 404


def test_the_tenant_is_not_mounted_when_it_is_off(settings):
    import interests_portal.urls as urls

    try:
        settings.LOCAL_TENANT_ENABLED = False
        importlib.reload(urls)
        assert not any(str(pattern.pattern).startswith("_tenant") for pattern in urls.urlpatterns)
    finally:
        settings.LOCAL_TENANT_ENABLED = True
        importlib.reload(urls)
        clear_url_caches()
    assert any(str(pattern.pattern).startswith("_tenant") for pattern in urls.urlpatterns)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/_tenant/", "/_tenant/login/oauth2/v2.0/authorize?client_id=x"])
def test_pages_show_the_local_tenant_banner(demo_directory, url):
    page = Client().get(url)
    assert b"signs anyone in as anyone" in page.content


def check_deploy(**environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ENTRA_", "LOCAL_TENANT", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=settings.BASE_DIR,
        env=env | environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_manage_py_check_deploy_fails_in_the_default_local_mode():
    result = check_deploy()
    assert result.returncode == 1
    assert "local_tenant.E001" in result.stderr


# A complete Microsoft-mode configuration passing check --deploy: tests/production/test_settings.py.


def test_microsoft_mode_refuses_to_start_without_a_secret_key():
    result = check_deploy(ENTRA_CLIENT_ID="11111111-2222-3333-4444-555555555555")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
