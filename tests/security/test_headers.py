"""Response headers: no framing, nothing personal stored by a cache, fragments and pages told apart by caches."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from interests_portal.headers import CacheHeadersMiddleware
from interests_portal.local_tenant.models import Interest


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def csp(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in ((d[0], d[1] if len(d) > 1 else "") for d in directives)}


@pytest.fixture
def ada(sign_in) -> Client:
    return sign_in("ada.okafor")


@pytest.fixture
def python_id(portal) -> str:
    return Interest.objects.get(profile__owner=portal.tenant.user("ada.okafor"), display_name="Python").pk


def assert_not_frameable(response) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert csp(response)["frame-ancestors"] == "'none'"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/no-such-page", "/_tenant/"])
def test_pages_anyone_can_load_may_not_be_framed(path):
    assert_not_frameable(Client().get(path))


def test_signed_in_pages_may_not_be_framed(ada, python_id):
    for path in ("/interests/", f"/interests/{python_id}/edit", "/team/"):
        answer = ada.get(path)
        assert answer.status_code == 200, path
        assert_not_frameable(answer)


def test_signed_in_pages_and_fragments_are_never_stored(ada, python_id):
    for path, headers in [
        ("/interests/", {}),
        ("/interests/", {"HX-Request": "true"}),
        (f"/interests/{python_id}/edit", {"HX-Request": "true"}),
        ("/team/export.csv", {}),
    ]:
        answer = ada.get(path, headers=headers)
        assert answer.status_code == 200, path
        assert {"private", "no-store"} <= cache_control(answer), (path, answer.get("Cache-Control"))


def test_a_response_that_sets_the_session_is_never_stored(portal):
    start = Client().get("/auth/sign-in?next=/interests/")  # anonymous, but the sign-in starts a session
    assert "sessionid" in start.cookies
    assert {"private", "no-store"} <= cache_control(start)


def test_the_edit_url_answers_a_fragment_or_a_page_and_says_it_varies_by_hx_request(ada, python_id):
    page = ada.get(f"/interests/{python_id}/edit")
    fragment = ada.get(f"/interests/{python_id}/edit", headers={"HX-Request": "true"})
    assert page.content.lstrip().startswith(b"<!doctype html>")
    assert not fragment.content.lstrip().startswith(b"<!doctype html>")
    assert "hx-request" in vary(page)
    assert "hx-request" in vary(fragment)


def test_static_files_are_left_alone(portal, ada):
    """Static files never reach the middleware (the dev and test servers serve them before it, WhiteNoise above
    it in production); if one did, it would still be left cacheable."""
    signed_in = {"Cookie": f"sessionid={ada.cookies['sessionid'].value}"}
    served = portal.browser().get(f"{portal.url}/static/css/portal.css", headers=signed_in, timeout=10)
    assert served.status_code == 200
    assert "no-store" not in served.headers.get("Cache-Control", "")

    def static_view(request):
        return HttpResponse("body{}", content_type="text/css")

    middleware = CacheHeadersMiddleware(static_view)
    request = RequestFactory().get("/static/css/portal.css", headers=signed_in)
    answer = middleware(request)
    assert "Cache-Control" not in answer
    assert "Vary" not in answer
