import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_start_page_renders_and_explains_the_local_tenant():
    page = Client().get("/")
    assert page.status_code == 200
    assert b"Keep your interests current" in page.content
    assert b"/_tenant/" in page.content
    assert b"<script" not in page.content.lower()


@pytest.mark.django_db
def test_the_tenant_index_lists_the_directory_and_endpoints(demo_directory):
    page = Client().get("/_tenant/").content.decode()
    assert "Grace Obi" in page
    assert "no profile" in page  # Eero Virtanen
    assert "/_tenant/login/v2.0/.well-known/openid-configuration" in page
