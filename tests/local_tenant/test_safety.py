"""The local tenant signs anyone in as anyone: it must be impossible to leave on by accident."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client


def test_check_deploy_fails_while_the_local_tenant_is_on(settings):
    settings.LOCAL_TENANT_ENABLED = True
    with pytest.raises(SystemCheckError, match=r"local_tenant\.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_check_deploy_has_no_local_tenant_error_when_it_is_off(settings):
    settings.LOCAL_TENANT_ENABLED = False
    from interests_portal.local_tenant.checks import local_tenant_off_in_production

    assert local_tenant_off_in_production(None) == []


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
def test_every_tenant_url_answers_404_when_it_is_off(settings, url):
    settings.LOCAL_TENANT_ENABLED = False
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/_tenant/", "/_tenant/login/oauth2/v2.0/authorize?client_id=x"])
def test_pages_show_the_local_tenant_banner(demo_directory, url):
    page = Client().get(url)
    assert b"signs anyone in as anyone" in page.content
