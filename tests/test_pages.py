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
