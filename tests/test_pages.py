import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_start_page_renders_and_explains_the_local_tenant():
    page = Client().get("/")
    assert page.status_code == 200
    assert b"Keep your interests current" in page.content
    assert b"/_tenant/" in page.content
    scripts = re.findall(r"<script[^>]*>", page.content.decode())
    assert scripts  # htmx and portal.js
    assert all(" src=" in tag for tag in scripts)  # none inline: the CSP forbids them


@pytest.mark.django_db
def test_the_tenant_index_lists_the_directory_and_endpoints(demo_directory):
    page = Client().get("/_tenant/").content.decode()
    assert "Grace Obi" in page
    assert "no profile" in page  # Eero Virtanen
    assert "/_tenant/login/v2.0/.well-known/openid-configuration" in page


def test_not_found_and_not_allowed_are_the_portals_own_pages(client, django_user_model):
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404
    assert "There's nothing at this address" in missing.content.decode()
    assert 'class="site-header"' in missing.content.decode()

    admin = django_user_model.objects.create(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    refused = client.get("/admin/audit/auditentry/add/")
    assert refused.status_code == 403
    assert "That isn't something you can do here" in refused.content.decode()
