"""What views share about HTTP: the request type (what the middleware adds to Django's HttpRequest, as django-htmx
recommends) and how a result is announced to the person."""

from django.http import HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

from .accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """A request to a view behind `sign_in_required`: `htmx` from django-htmx's middleware, a signed-in `user`."""

    htmx: HtmxDetails
    user: User


def swap_into(response: HttpResponse, target: str, swap: str) -> HttpResponse:
    """django-htmx's retarget and reswap in one, for any swap style (its reswap knows htmx's own styles, not an
    extension's such as "morph")."""
    response["HX-Retarget"] = target
    response["HX-Reswap"] = swap
    return response


def announce(response: HttpResponse, message: str, focus: str = "", *, tone: str = "done") -> HttpResponse:
    """Tell the person (the status line, read by screen readers) what happened — `tone` "done" or "problem" — and
    move focus if asked, once the swap has settled (so the element to focus exists). portal.js handles "status"."""
    details = {"message": message, "focus": focus} | ({"tone": tone} if tone != "done" else {})
    return trigger_client_event(response, "status", details, after="settle")
