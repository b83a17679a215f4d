import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
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
        """The outcome, and for a failure what kind of failure in the reader's words; Graph's own code and message
        (English, and its message may quote content) are on the entry's page."""
        outcome = str(self.entry.get_outcome_display())
        why = failure_kind(self.entry.error_code)
        return f"{outcome}: {why}" if why else outcome

    def content(self, value: Any) -> str:
        """A JSON column of the export: Graph's JSON as stored (json.loads gives it back), or why it is not there."""
        if not self.shown:
            return str(PRIVATE)
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


# Graph's error codes, by what they mean for the person reading the log (graph-contract.md lists them; the match is
# on the code's words, as Graph spells one kind of failure several ways: "serviceNotAvailable", "ServiceUnavailable").
FAILURE_KINDS = (
    (("toomanyrequests", "throttl", "activitylimitreached"), _("Microsoft 365 was busy (throttled)")),
    (("unavailable", "notavailable", "timeout", "generalexception", "internalservererror", "badgateway"),
     _("Microsoft 365 wasn't answering")),
    (("denied", "forbidden", "unauthorized", "authorization"), _("Microsoft 365 didn't allow it")),
    (("notfound",), _("Microsoft 365 no longer had it")),
    (("invalid", "badrequest", "unsupported"), _("Microsoft 365 refused it as invalid")),
)  # fmt: skip


def failure_kind(code: str) -> str:
    """A Graph error code in words; a code this portal doesn't know is shown as it is."""
    folded = code.casefold()
    for words, kind in FAILURE_KINDS:
        if any(word in folded for word in words):
            return str(kind)
    return code


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


def _invalid_filters(request: HttpRequest, form: AuditFilterForm) -> HttpResponse:
    """The page with each invalid filter's error beside it and what was typed kept, nothing looked up; 400 for the
    page and its CSV export alike (a filter the request got wrong)."""
    return render(request, "audit/log.html", {"form": form, "query": _query(request)}, status=400)


@require_GET
@portal_admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():  # nothing is looked up until the filters make sense
        return _invalid_filters(request, form)
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
        return _invalid_filters(request, form)
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
