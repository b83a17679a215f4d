from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..csv_export import csv_response
from ..review.views import portal_admin_required
from .models import AuditEntry

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    person = forms.CharField(required=False, max_length=100, label="Person (who or whose)")
    action = forms.ChoiceField(choices=[("", "Any"), *AuditEntry.Action.choices], required=False)
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def entries(self) -> QuerySet[AuditEntry]:
        entries = AuditEntry.objects.all()
        if not self.is_valid():
            return entries.none() if self.is_bound else entries
        data = self.cleaned_data
        if data["person"]:
            text = data["person"].strip()
            entries = entries.filter(
                Q(actor_name__icontains=text) | Q(subject_name__icontains=text) | Q(actor_oid=text)
                | Q(subject_oid=text)
            )  # fmt: skip
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(at__gte=timezone.make_aware(datetime.combine(data["since"], time.min)))
        if data["until"]:
            entries = entries.filter(at__lte=timezone.make_aware(datetime.combine(data["until"], time.max)))
        return entries


@require_GET
@portal_admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page = Paginator(form.entries(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@portal_admin_required
def audit_export(request: HttpRequest) -> HttpResponse:
    entries = AuditFilterForm(request.GET or None).entries()
    header = ["When (UTC)", "Who", "Who (object id)", "Whose profile", "Whose (object id)", "Action", "Interest",
              "Reason", "Outcome", "Error", "Graph request-id", "Before", "After"]  # fmt: skip
    rows = (
        [e.at.isoformat(), e.actor_name, e.actor_oid, e.subject_name, e.subject_oid, e.get_action_display(),
         e.interest_name, e.reason, e.get_outcome_display(), e.error_message, e.graph_request_id, e.before, e.after]
        for e in entries.iterator(chunk_size=500)
    )  # fmt: skip
    return csv_response("audit-log.csv", header, rows)
