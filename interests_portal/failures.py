"""How every view answers when Graph fails: one helper for self-service and review alike.

For htmx the answer is the alert, put in the page's `aria-live` alert region, with whatever else has to change on
the page sent out of band (the row as Graph holds it, the message beside a form): nothing the person typed is
swapped away. Without JavaScript, the message goes on the page the person is sent back to.
"""

from typing import Protocol

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django_htmx.http import reswap, retarget

from .http import HtmxHttpRequest


class Failure(Protocol):
    """A typed Graph error, or a write-path error wrapping one: what to tell the person, and with what status."""

    @property
    def user_message(self) -> str: ...

    @property
    def http_status(self) -> int: ...


def failure_response(
    request: HtmxHttpRequest, failure: Failure, *, back_to: str, beside: str = "", message: str = ""
) -> HttpResponse:
    """The answer to a failed request. `beside` is HTML swapped out of band (htmx only); `back_to` is where a
    browser without JavaScript goes, with the message."""
    text = message or failure.user_message
    if request.htmx:
        response = render(request, "base.html#alert", {"error": text, "beside": beside}, status=failure.http_status)
        response["HX-Push-Url"] = "false"  # a filter that failed must not look applied in the address bar
        return reswap(retarget(response, "#alerts"), "innerHTML")
    messages.error(request, text)
    return HttpResponseRedirect(back_to)
