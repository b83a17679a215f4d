"""The local tenant's own pages: an index for developers, and the control endpoint for tests and benchmarks."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..loopback import is_loopback
from .control import control
from .guard import local_tenant_only
from .login.oauth import Endpoints
from .models import DirectoryObject
from .request_log import request_log


@require_GET
@local_tenant_only
def index(request: HttpRequest) -> HttpResponse:
    people = (
        DirectoryObject.objects.select_related("manager", "profile")
        .prefetch_related("profile__interests")
        .order_by("display_name")[:200]
    )
    context = {
        "endpoints": Endpoints.for_request(request),
        "discovery_url": request.build_absolute_uri(reverse("local_tenant:discovery")),
        "graph_url": request.build_absolute_uri(reverse("local_tenant:graph-root")),
        "client_id": settings.LOCAL_TENANT_CLIENT_ID,
        "admin_role": settings.PORTAL_ADMIN_ROLE,
        "people": people,
        "people_total": DirectoryObject.objects.count(),
    }
    return render(request, "local_tenant/index.html", context)


def _cross_site(request: HttpRequest) -> bool:
    """True when a browser says the request comes from another site's page (Fetch Metadata), or, from a browser
    that does not send Fetch Metadata, from another origin. Tools (tests, benchmarks, curl) send neither header.

    `same-site` is refused too: every port on localhost is the same site, and a page served from another one is
    not this server."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    return origin is not None and origin != f"{request.scheme}://{request.get_host()}"


def _not_loopback() -> JsonResponse:
    return JsonResponse({"error": "The control endpoint answers only loopback clients."}, status=403)


# Not Django's CSRF check: the callers are tools without a CSRF cookie. Instead a change must be JSON, which a page
# of another site cannot send without a CORS preflight this endpoint never grants, and must not come from another
# site's page.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@local_tenant_only
def control_endpoint(request: HttpRequest) -> JsonResponse:
    """GET: the fault plan and request counters. POST (JSON): change the plan; `reset`, `reset_counters`."""
    if not is_loopback(request.META.get("REMOTE_ADDR")):
        return _not_loopback()
    if request.method == "POST":
        if _cross_site(request):
            return JsonResponse({"error": "The control endpoint refuses requests from other sites."}, status=403)
        if request.content_type != "application/json":
            return JsonResponse({"error": "Send the changes as Content-Type: application/json."}, status=415)
        try:
            changes = json.loads(request.body or b"{}")
            if not isinstance(changes, dict):
                raise ValueError("the body must be a JSON object")
            if changes.pop("reset", False):
                control.reset()
            if changes.pop("reset_counters", False):
                control.reset_counters()
            control.configure(changes)
        except (ValueError, TypeError) as error:
            return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(control.snapshot())


@require_GET
@local_tenant_only
def requests_endpoint(request: HttpRequest) -> JsonResponse:
    """The request log (request_log.py) after `?after=<seq>` (default 0: all of it), and the highest seq so far.
    The control endpoint's guard: loopback clients only, and not from another site's page (which could not read
    the answer anyway, no CORS header being sent, but has no business asking)."""
    if not is_loopback(request.META.get("REMOTE_ADDR")):
        return _not_loopback()
    if _cross_site(request):
        return JsonResponse({"error": "The control endpoint refuses requests from other sites."}, status=403)
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        return JsonResponse({"error": "after must be a whole number (a seq)."}, status=400)
    entries, last = request_log.after(after)
    return JsonResponse({"requests": entries, "last": last})
