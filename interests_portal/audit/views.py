import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
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


PRIVATE = "(private: shared only with its owner)"


@dataclass(frozen=True)
class Row:
    """An entry as one reader may see it: an interest its owner did not share with colleagues keeps its who, when,
    what kind of change and Graph's request-id, not its content (AuditEntry.content_visible_to)."""

    entry: AuditEntry
    shown: bool

    @property
    def interest(self) -> str:
        return (self.entry.interest_name or "—") if self.shown else PRIVATE

    @property
    def change(self) -> str:
        fields = self.entry.changed_fields
        return f"{self.entry.get_action_display()}{': ' + ', '.join(fields) if fields else ''}"

    @property
    def outcome(self) -> str:
        outcome = self.entry.get_outcome_display()
        if not self.entry.error_code and not self.entry.error_message:
            return outcome
        detail = self.entry.error_message if self.shown else self.entry.error_code  # Graph's words may quote content
        return f"{outcome}: {detail}" if detail else outcome

    def content(self, value: Any) -> str:
        if not self.shown:
            return PRIVATE
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _rows(entries: Iterable[AuditEntry], reader: Any) -> Iterator[Row]:
    for entry in entries:
        yield Row(entry, entry.content_visible_to(reader))


@require_GET
@portal_admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page = Paginator(form.entries(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": list(_rows(page, request.user)), "query": query.urlencode()}
    return render(request, "audit/log.html", context)


@require_GET
@portal_admin_required
def audit_export(request: HttpRequest) -> HttpResponseBase:
    entries = AuditFilterForm(request.GET or None).entries()
    header = ["When (UTC)", "Who", "Who (object id)", "Whose profile", "Whose (object id)", "Action", "Interest",
              "Reason", "Outcome", "Graph request-id", "Before (JSON)", "After (JSON)"]  # fmt: skip
    rows = (
        [r.entry.at.isoformat(), r.entry.actor_name, r.entry.actor_oid, r.entry.subject_name, r.entry.subject_oid,
         r.change, r.interest, r.entry.reason, r.outcome, r.entry.graph_request_id, r.content(r.entry.before),
         r.content(r.entry.after)]
        for r in _rows(entries.iterator(chunk_size=500), request.user)
    )  # fmt: skip
    return csv_response("audit-log.csv", header, rows)
