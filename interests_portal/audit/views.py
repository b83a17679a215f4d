import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from ..csv_export import csv_response
from ..review.views import portal_admin_required
from .changes import side_by_side, states
from .forms import AuditFilterForm
from .models import PRIVATE, AuditEntry
from .paging import CappedPaginator
from .selectors import audit_entry_list

PAGE_SIZE = 50
PAGED_AT_MOST = 10_000  # entries; older ones are reached by narrowing the filters (paging.CappedPaginator)


@dataclass(frozen=True)
class Row:
    """An entry as one reader may see it: an interest its owner did not share with colleagues keeps its who, when,
    what kind of change and Graph's request-id, not its content (AuditEntry.content_visible_to)."""

    entry: AuditEntry
    shown: bool

    @property
    def interest(self) -> str:
        return (self.entry.interest_name or "—") if self.shown else str(PRIVATE)

    @property
    def change(self) -> str:
        """The action and the fields it touched, without their content."""
        fields = self.entry.changed_fields
        action = self.entry.get_action_display()
        return f"{action}: {', '.join(fields)}" if fields else str(action)

    @property
    def heading(self) -> str:
        """Above the lines in words when they may be shown; else the change without content."""
        return str(self.entry.get_action_display()) if self.shown else self.change

    @property
    def lines(self) -> list[str]:
        return self.entry.what_changed if self.shown else []

    @property
    def outcome(self) -> str:
        outcome = str(self.entry.get_outcome_display())
        if not self.entry.error_code and not self.entry.error_message:
            return outcome
        detail = self.entry.error_message if self.shown else self.entry.error_code  # Graph's words may quote content
        return f"{outcome}: {detail}" if detail else outcome

    def content(self, value: Any) -> str:
        """A JSON column of the export: Graph's JSON as stored (json.loads gives it back), or why it is not there."""
        if not self.shown:
            return str(PRIVATE)
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _rows(entries: Iterable[AuditEntry], reader: Any) -> Iterator[Row]:
    for entry in entries:
        yield Row(entry, entry.content_visible_to(reader))


def _query(request: HttpRequest, *, without: str = "") -> str:
    """The filters as the person gave them, for links that keep them (to other pages, to an entry and back). The
    fields left empty are left out: the form sends them all."""
    query = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key != without and any(values):
            query.setlist(key, values)
    return query.urlencode()


@require_GET
@portal_admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():  # nothing is looked up until the filters make sense
        return render(request, "audit/log.html", {"form": form, "query": _query(request)})
    paginator = CappedPaginator(audit_entry_list(**form.filters()), PAGE_SIZE, cap=PAGED_AT_MOST)
    page = paginator.get_page(request.GET.get("page"))
    filters = _query(request, without="page")
    context = {
        "form": form,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": list(_rows(page, request.user)),
        "filters": filters,
        "page_link": f"?{filters}&page=" if filters else "?page=",
        "query": _query(request),
    }
    return render(request, "audit/log.html", context)


@require_GET
@portal_admin_required
def audit_entry(request: HttpRequest, object_id: int) -> HttpResponse:
    entry = get_object_or_404(AuditEntry, pk=object_id)
    row = Row(entry, entry.content_visible_to(request.user))
    known = states(before=entry.before, after=entry.after, changes=entry.changes) if row.shown else []
    context = {
        "row": row,
        "entry": entry,
        "state_labels": [label for label, _state in known],
        "fields": side_by_side(known),
        "query": _query(request),
    }
    return render(request, "audit/entry.html", context)


@require_GET
@portal_admin_required
def audit_export(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "query": _query(request)}, status=400)
    header = [gettext("When (UTC)"), gettext("Who"), gettext("Who (object id)"), gettext("Whose profile"),
              gettext("Whose (object id)"), gettext("Action"), gettext("Interest"), gettext("Reason"),
              gettext("Outcome"), gettext("Graph request-id"), gettext("Changes"), gettext("Before (JSON)"),
              gettext("After (JSON)")]  # fmt: skip
    rows = (
        [r.entry.at.isoformat(), r.entry.actor_name, r.entry.actor_oid, r.entry.subject_name, r.entry.subject_oid,
         r.change, r.interest, r.entry.reason, r.outcome, r.entry.graph_request_id,
         "\n".join(r.lines) if r.shown else str(PRIVATE), r.content(r.entry.before), r.content(r.entry.after)]
        for r in _rows(audit_entry_list(**form.filters()).iterator(chunk_size=500), request.user)
    )  # fmt: skip
    return csv_response("audit-log.csv", header, rows)
