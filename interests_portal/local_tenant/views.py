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


@csrf_exempt
@require_http_methods(["GET", "POST"])
@local_tenant_only
def control_endpoint(request: HttpRequest) -> JsonResponse:
    """GET: the fault plan and request counters. POST (JSON): change the plan; `reset`, `reset_counters`."""
    if not is_loopback(request.META.get("REMOTE_ADDR")):
        return JsonResponse({"error": "The control endpoint answers only loopback clients."}, status=403)
    if request.method == "POST":
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
