"""Two portal instances on one PostgreSQL and Redis, as behind a load balancer: a sign-in begun on one completes
on the other, a session works on both, a write on one is seen on the other, a sign-out on one ends both."""

import re
import uuid

import pytest

from interests_portal.benchmarks.stack import Stack
from interests_portal.local_tenant.demo_directory import demo_user_id

HTMX = {"HX-Request": "true"}


def _page(session, url: str) -> str:
    response = session.get(url, timeout=20)
    assert response.status_code == 200, response.status_code
    return response.text


def test_a_sign_in_begun_on_one_instance_completes_on_the_other(stack: Stack) -> None:
    first, second = stack.portal_urls
    session = stack.browser()
    stack.sign_in(session, str(demo_user_id("priya.raman")), start=first, finish=second)
    for instance in (first, second):
        page = _page(session, f"{instance}/interests/")
        assert "My interests" in page
        stays = session.get(f"{instance}/interests/", allow_redirects=False, timeout=20)
        assert stays.status_code == 200  # not sent back to sign in


def test_a_write_on_one_instance_is_seen_on_the_other(stack: Stack) -> None:
    first, second = stack.portal_urls
    session = stack.browser()
    stack.sign_in(session, str(demo_user_id("omar.haddad")), start=first)
    _page(session, f"{first}/interests/")
    name = f"Instances {uuid.uuid4().hex[:8]}"
    created = session.post(
        f"{first}/interests/new",
        data={"display_name": name, "allowed_audiences": "organization"},
        headers=HTMX | stack.csrf_headers(session, f"{first}/interests/"),
        timeout=30,
    )
    assert created.status_code == 200, created.text[:500]
    assert name in _page(session, f"{second}/interests/")


def test_signing_out_on_one_instance_ends_the_session_on_both(stack: Stack) -> None:
    first, second = stack.portal_urls
    session = stack.browser()
    stack.sign_in(session, str(demo_user_id("zoe.angstrom")), start=second)
    assert "My interests" in _page(session, f"{first}/interests/")
    signed_out = session.post(
        f"{second}/auth/sign-out",
        headers=stack.csrf_headers(session, f"{second}/interests/"),
        allow_redirects=False,
        timeout=20,
    )
    assert signed_out.status_code == 302
    again = session.get(f"{first}/interests/", allow_redirects=False, timeout=20)
    assert again.status_code == 302
    assert re.search(r"/auth/sign-in", again.headers["Location"])


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_a_probe_by_ip_without_tls_headers(stack: Stack, path: str) -> None:
    """A load balancer probes each instance by address: no Host from ALLOWED_HOSTS, no X-Forwarded-Proto."""
    session = stack.browser()
    response = session.get(f"{stack.portal_url}{path}", headers={"Host": "10.0.0.7:8000"}, timeout=20)
    assert response.status_code == 200, response.text
    if path == "/readyz":
        assert response.json()["checks"].keys() == {"database", "cache"}
