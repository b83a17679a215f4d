import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .errors import STORE_OUTAGES

OUTAGE_MESSAGE = _("It can't reach its own database or session store right now. Please try again in a minute.")
ERROR_MESSAGE = _("The portal ran into a problem it did not expect. It has been logged. Please try again.")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a page (or, for htmx, an alert) that never touches the session, which may be what failed."""
    outage = isinstance(sys.exc_info()[1], STORE_OUTAGES)
    message = OUTAGE_MESSAGE if outage else ERROR_MESSAGE
    if request.headers.get("HX-Request"):
        body = loader.render_to_string("base.html#alert", {"error": message})
    else:
        body = loader.render_to_string("500.html", {"outage": outage, "message": message})
    response = HttpResponse(body, status=503 if outage else 500)
    if outage:
        response["Retry-After"] = "30"
    return response
