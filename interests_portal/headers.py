"""Response headers about caching that every portal response needs (settings.MIDDLEWARE)."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


class CacheHeadersMiddleware:
    """`Cache-Control: private, no-store` on everything personal, `Vary: HX-Request` on every HTML response.

    Placed above SessionMiddleware, so it sees the session cookie that middleware sets; in production WhiteNoise sits
    above it and answers static files before they get here (the dev and test servers serve them before any
    middleware), and the path check below keeps it that way whatever the order.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_path = urlsplit(settings.STATIC_URL or "/static/").path

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.static_path):
            return response

        # Personal: a signed-in person always carries the session cookie, and anyone in the middle of signing in
        # carries one too. A response that sets a cookie (the session's, or the CSRF token, which every page
        # also holds in its body) must never come out of a shared cache for someone else either. Checking the
        # cookie rather than request.user costs no session read on anonymous requests.
        if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
            patch_cache_control(response, private=True, no_store=True)

        # Vary: HX-Request for every HTML response, rather than `vary_on_headers("HX-Request")` on each view:
        # almost every portal view answers a fragment to htmx and a whole page (or a redirect) otherwise — lists,
        # rows, …/edit, …/delete, create, the team and review pages, moderation — and any view can look at
        # request.htmx (HtmxMiddleware), so a per-view decorator would be one more thing to forget on the next
        # view, and a forgotten one lets a browser's cache show a fragment as a page (Back, reopening a tab).
        # On a response that does not vary by it the header costs nothing: personal pages are not stored at all,
        # and the few anonymous ones are small. JSON, CSV and the local tenant's APIs do not get it.
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ("HX-Request",))
        return response
