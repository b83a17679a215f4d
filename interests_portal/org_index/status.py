"""The organisation index as portal admins see it: whether it is built, the last runs' figures, the progress of a
running one, and a way to start a sync now (docs/org-index.md)."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from ..http import HtmxHttpRequest
from ..review.views import portal_admin_required
from . import tasks
from .models import IndexedInterest, IndexedPerson, SyncRun, SyncState
from .views import index_enabled

STATUS = "org_index/status.html"


@require_GET
@portal_admin_required
@index_enabled
def sync_status(request: HtmxHttpRequest) -> HttpResponse:
    runs = list(SyncRun.objects.all()[:10])
    running = next((run for run in runs if run.status == SyncRun.Status.RUNNING), None)
    context = {
        "state": SyncState.current(),
        "runs": runs,
        "running": running,
        "pending": tasks.pending(),
        "people": IndexedPerson.objects.count(),
        "interests": IndexedInterest.objects.count(),
    }
    template = f"{STATUS}#progress" if request.htmx and request.htmx.target == "sync-progress" else STATUS
    return render(request, template, context)


@require_POST
@portal_admin_required
@index_enabled
def sync_now(request: HtmxHttpRequest) -> HttpResponseRedirect:
    if tasks.ensure_scheduled(now=True):
        messages.success(request, gettext("A sync is queued: a worker starts it within seconds."))
    else:
        messages.info(request, gettext("A sync is already waiting or running: nothing more was queued."))
    return HttpResponseRedirect(reverse("org_index:status"))
