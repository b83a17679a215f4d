from urllib.parse import urlencode, urlsplit, urlunsplit

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ..http import HtmxHttpRequest


def local_path(candidate: str | None, default: str = "/") -> str:
    """`candidate` if it is a path on this site ("/interests/?tag=x"), else `default`: no open redirects."""
    if (
        not candidate
        or not candidate.startswith("/")
        or candidate.startswith("//")
        or "\\" in candidate
        or any(ord(c) < 32 for c in candidate)
        or not url_has_allowed_host_and_scheme(candidate, allowed_hosts=None)
    ):
        return default
    return candidate


def sign_in_url(next_path: str, *, moderation: bool = False) -> str:
    query = {"next": next_path} | ({"moderation": "1"} if moderation else {})
    return f"{reverse('accounts:sign-in')}?{urlencode(query)}"


# The regions an htmx GET of a page's own URL fills (a filter or view change): coming back, the person wants the page
# as they asked for it, not as it was.
PAGE_REGIONS = frozenset({"interest-list", "team-results", "search-results"})


def return_path(request: HtmxHttpRequest) -> str:
    """The page to come back to after signing in: for htmx, the page the fragment belongs to; for a form posted
    without JavaScript, the page it was posted from (when that is on this site)."""
    if request.htmx and request.method == "GET" and request.htmx.target in PAGE_REGIONS:
        return local_path(request.get_full_path())  # a filter or view change: the page it asked for
    if request.htmx:
        return local_path(request.htmx.current_url_abs_path)
    if request.method == "GET":
        return local_path(request.get_full_path())
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host():
        return local_path(urlunsplit(("", "", referer.path, referer.query, "")))
    return "/"
