"""Reading the audit log: the entries a set of filters selects, newest first."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from .models import AuditEntry
from .text import folded


def object_id(text: str) -> str | None:
    """`text` as an Entra object id (a GUID, in any case, with or without braces or hyphens) in the lower-case form
    the log stores, or None if it is not one."""
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        return None


def _person(text: str) -> Q:
    """Entries by or about a person: an object id matches either party exactly (indexed with `at`); anything else
    is part of either name, compared folded (PostgreSQL's trigram index on `search` serves the LIKE)."""
    oid = object_id(text)
    if oid is None:
        # `contains`, not `icontains`: the column is folded already, and icontains would wrap it in UPPER(),
        # which no index on the column serves.
        return Q(search__contains=folded(text))
    return Q(actor_oid=oid) | Q(subject_oid=oid)


def audit_entry_list(
    *,
    person: str = "",
    action: str = "",
    outcome: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries matching every filter given, newest first, the id settling entries of the same instant (a stable
    order for paging). Dates are whole UTC days, `until` included."""
    entries = AuditEntry.objects.order_by("-at", "-id")
    if person.strip():
        entries = entries.filter(_person(person.strip()))
    if action:
        entries = entries.filter(action=action)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if since:
        entries = entries.filter(at__gte=datetime.combine(since, time.min, tzinfo=UTC))
    if until:
        entries = entries.filter(at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC))
    return entries
