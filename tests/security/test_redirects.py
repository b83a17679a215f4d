"""Open redirects: no `next`, Referer or htmx header the portal is given sends a browser to another site."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client

from interests_portal.accounts import entra

OWN_HOST = "testserver"  # the Django test client's

TARGETS = [
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "///evil.example",
    "/\t/evil.example",
    " //evil.example",
    "https:evil.example",
    "//evil.example@testserver/",
]
# The same, as a browser could put them in the query string itself (unencoded, or encoded once more).
RAW_QUERIES = [
    *(urlencode({"next": target}) for target in TARGETS),
    "next=//evil.example",
    "next=%2F%2Fevil.example",
    "next=%252F%252Fevil.example",
    "next=/%5Cevil.example",
    "next=%5C%5Cevil.example",
    "next=javascript:alert(1)",
]


def off_site(location: str, own_host: str = OWN_HOST) -> bool:
    """Whether a browser following this Location leaves `own_host`. Browsers drop tabs and newlines from URLs, read
    a backslash as a slash, and skip leading spaces and control characters."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").lstrip("".join(map(chr, range(33))))
    url = urlsplit(cleaned)
    return url.scheme not in ("", "http", "https") or url.netloc not in ("", own_host)


@pytest.mark.parametrize("location", ["//evil.example", "/\t/evil.example", "\\\\evil.example", "javascript:x"])
def test_the_off_site_check_itself(location):
    assert off_site(location)
    assert not off_site("/interests/?tag=ableToMentor")


@pytest.mark.parametrize("query", RAW_QUERIES)
def test_signing_in_comes_back_to_this_site_only(sign_in, query):
    """The whole trip: the sign-in keeps only a local `next`, the callback sends the person there."""
    sign_in("ada.okafor", query=query, next_path="/")


def test_the_sign_in_sends_the_browser_to_the_identity_provider_only(portal, settings):
    start = Client().get(f"/auth/sign-in?{urlencode({'next': '//evil.example'})}")
    authority = urlsplit(entra.local_tenant_http(settings.ENTRA_AUTHORITY))
    location = urlsplit(start["Location"])
    assert (location.netloc, location.path) == (authority.netloc, f"{authority.path}/oauth2/v2.0/authorize")
    assert "evil" not in start["Location"]


def test_a_callback_never_sends_the_browser_away_whatever_the_session_holds(db):
    client = Client()
    session = client.session
    session[entra.SESSION_NEXT] = "//evil.example"  # as if a sign-in had kept it
    session.save()
    answer = client.get("/auth/callback?code=x&state=y")  # no sign-in started: the problem page, and a retry link
    assert answer.status_code == 400
    retry = re.search(r'href="(/auth/sign-in\?[^"]*)"', unescape(answer.content.decode()))
    assert retry is not None
    assert dict(parse_qsl(urlsplit(retry.group(1)).query))["next"] == "/"


def test_signing_out_goes_to_the_identity_provider_and_back_here_only(sign_in, settings):
    ada = sign_in("ada.okafor")
    token = ada.cookies["csrftoken"].value
    out = ada.post("/auth/sign-out?next=//evil.example", {"next": "//evil.example"}, headers={"X-CSRFToken": token})
    assert out.status_code == 302
    location = urlsplit(out["Location"])
    assert location.netloc == urlsplit(entra.local_tenant_http(settings.ENTRA_AUTHORITY)).netloc
    assert dict(parse_qsl(location.query))["post_logout_redirect_uri"] == f"http://{OWN_HOST}/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
def test_the_admin_login_sends_people_to_sign_in_and_back_to_the_admin_only(target):
    answer = Client().get(f"/admin/login/?{urlencode({'next': target})}")
    assert not off_site(answer["Location"])
    assert dict(parse_qsl(urlsplit(answer["Location"]).query))["next"] == "/admin/"


@pytest.mark.django_db
def test_a_sign_in_asked_for_by_htmx_returns_to_this_site_only():
    answer = Client().get("/interests/", headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/x"})
    assert dict(parse_qsl(urlsplit(answer["HX-Redirect"]).query))["next"] == "/"


@pytest.mark.django_db
def test_a_sign_in_asked_for_by_a_form_post_returns_to_this_site_only():
    answer = Client().post("/interests/new", {"displayName": "x"}, headers={"Referer": "https://evil.example/form"})
    assert answer.status_code == 302
    assert dict(parse_qsl(urlsplit(answer["Location"]).query))["next"] == "/"
