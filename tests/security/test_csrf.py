"""CSRF: every URL of the project refuses a state-changing request that carries no CSRF token, signed in or not.

The URLs are enumerated from the resolver, so a view added later is covered without touching this file, unless it
takes a URL parameter this file has no sample value for (then the test fails and says which), or it is csrf_exempt
without being listed below with its reason.
"""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# The only views without Django's CSRF check, why, and what a forged cross-site request (the signed-in person's
# cookies, a form body) gets from them instead.
NOT_CSRF_PROTECTED = {
    "_tenant/graph/beta": (
        "the local tenant's Graph API: authenticated by a bearer token in the Authorization header, which a "
        "browser never adds by itself; a cookie authenticates nothing there",
        400,  # the root names no resource to POST to
    ),
    "_tenant/graph/beta/<path:path>": ("the local tenant's Graph API (as above)", 401),
    "_tenant/login/oauth2/v2.0/token": (
        "the local tenant's OAuth token endpoint: MSAL calls it server to server, the client authenticated by its "
        "secret in the body (RFC 6749 2.3); a browser's cookies authenticate nothing there",
        401,
    ),
    "_tenant/control": (
        "the local tenant's control endpoint for test tools, which carry no CSRF cookie: it refuses any body but "
        "JSON (which another site's page cannot send without a CORS preflight) and cross-site requests instead "
        "(test_control_endpoint.py)",
        415,
    ),
}

# A value for every URL parameter, so that every route can be called.
SAMPLE_ARGUMENTS = {
    "interest_id": "AAMkADk0ZjU",
    "user_id": "0b5f7c2e-1d3a-4e6b-9c8d-7a6b5c4d3e2f",
    "object_id": "1",
    "content_type_id": "1",
    "app_label": "accounts",
    "url": "no-such-page/",
    "path": "me/profile/interests",
}

# Views that change something: the enumeration must find each of them, or it is not looking where it should.
KNOWN_STATE_CHANGING = {
    "auth/sign-out",
    "interests/new",
    "interests/<graph_id:interest_id>/edit",
    "interests/<graph_id:interest_id>/audience",
    "interests/<graph_id:interest_id>/tags",
    "interests/<graph_id:interest_id>/delete",
    "review/people/<graph_id:user_id>/interests/<graph_id:interest_id>/moderate",
    "admin/logout/",
    "admin/accounts/user/<path:object_id>/change/",
    "_tenant/login/oauth2/v2.0/authorize",
}

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern with its whole route, joined as ResolverMatch.route joins them."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern).removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        else:
            yield route, pattern


def sample_url(route: str) -> str:
    def argument(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name not in SAMPLE_ARGUMENTS:
            raise LookupError(f"{route}: no sample value for the URL parameter {name!r}: add one to SAMPLE_ARGUMENTS")
        return SAMPLE_ARGUMENTS[name]

    return "/" + PARAMETER.sub(argument, route).removesuffix("$")


def csrf_refused(response) -> bool:
    return response.status_code == 403 and b"CSRF verification failed" in response.content


@pytest.fixture
def signed_in_admin(sign_in) -> Client:
    """A portal admin, signed in through Entra: every view, the admin's included, is open to them."""
    return sign_in("grace.obi", Client(enforce_csrf_checks=True))


def test_every_url_refuses_unsafe_methods_without_a_csrf_token(signed_in_admin):
    all_routes = list(routes())
    problems = []
    for route, pattern in all_routes:
        exempt = getattr(pattern.callback, "csrf_exempt", False)
        if route in NOT_CSRF_PROTECTED:
            if not exempt:
                problems.append(f"{route}: listed as not CSRF-protected, but it is: take it off the list")
            continue
        if exempt:
            problems.append(f"{route}: csrf_exempt, but not in NOT_CSRF_PROTECTED with a reason")
            continue
        try:
            url = sample_url(route)
        except LookupError as error:
            problems.append(str(error))
            continue
        if resolve(url).route != route:
            problems.append(f"{route}: the sample URL {url} reaches {resolve(url).route} instead")
            continue
        for method in UNSAFE_METHODS:
            response = signed_in_admin.generic(method, url, b"x=1", content_type="application/x-www-form-urlencoded")
            if not csrf_refused(response):
                problems.append(f"{method} {url}: {response.status_code}, not refused for want of a CSRF token")

    assert not problems, "\n".join(problems)
    found = {route for route, _ in all_routes}
    assert not KNOWN_STATE_CHANGING - found, "the enumeration misses these"
    assert not set(NOT_CSRF_PROTECTED) - found, "listed as exempt, but no longer a URL of the project"


def test_the_refusals_are_for_the_missing_token(signed_in_admin):
    """The same request with the token gets past the check: the 403s above are CSRF's, not the views'."""
    token = signed_in_admin.get("/").cookies["csrftoken"].value
    # A POST to the admin's user list without an action: a harmless request that needs the token.
    answer = signed_in_admin.post("/admin/accounts/user/", {}, headers={"X-CSRFToken": token})
    assert answer.status_code in (200, 302)
    assert not csrf_refused(answer)


@pytest.mark.parametrize(("route", "exemption"), NOT_CSRF_PROTECTED.items())
def test_the_views_without_csrf_checks_refuse_a_forged_request_anyway(signed_in_admin, route, exemption):
    _reason, refusal = exemption
    # What another site's page can make a browser send: a form post, with the signed-in person's cookies.
    forged = signed_in_admin.post(
        sample_url(route), "fail_next=5&grant_type=refresh_token", content_type="application/x-www-form-urlencoded"
    )
    assert forged.status_code == refusal, forged.content
