from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect

from ..graph.errors import SignInRequired
from ..http import HtmxHttpRequest
from .navigation import return_path, sign_in_url
from .resume import keep_submission


class SignInRequiredMiddleware:
    """Turns SignInRequired, raised anywhere below a view, into a trip to sign in and back.

    An htmx request gets `HX-Redirect` (never a sign-in page inside a fragment). What a POST carried is kept for the
    page the person comes back to (resume.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HtmxHttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SignInRequired):
            return None
        keep_submission(request, consent=exception.moderation)
        url = sign_in_url(return_path(request), moderation=exception.moderation)
        return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)
