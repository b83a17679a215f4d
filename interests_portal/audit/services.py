"""Recording writes: every write the portal makes to Graph goes through `audited_write`."""

from collections.abc import Callable, Mapping
from typing import Any

from ..accounts.models import User
from ..graph.errors import GraphError, GraphForbidden
from ..graph.interests import InterestWrite
from .models import AuditEntry


def audited_write(
    *,
    actor: User,
    subject_oid: str,
    subject_name: str,
    action: str,
    perform: Callable[[], InterestWrite],
    interest_id: str = "",
    interest_name: str = "",
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
) -> InterestWrite:
    """Run the write and record it, whether Graph accepted, refused (403) or failed; errors are re-raised."""
    entry = AuditEntry(
        actor=actor,
        actor_name=actor.display_name or actor.email,
        actor_oid=actor.entra_object_id,
        subject_name=subject_name,
        subject_oid=subject_oid,
        action=action,
        interest_id=interest_id,
        interest_name=interest_name[:255],
        changes=dict(changes) if changes is not None else None,
        reason=reason,
    )
    try:
        written = perform()
    except GraphError as error:
        entry.outcome = AuditEntry.Outcome.REFUSED if isinstance(error, GraphForbidden) else AuditEntry.Outcome.FAILED
        entry.error_code = error.code
        entry.error_message = error.message[:2000]
        entry.graph_request_id = error.request_id
        entry.save()
        raise
    interest = written.after or written.before or {}
    entry.interest_id = entry.interest_id or str(interest.get("id", ""))
    # Graph's name for it, not the one the form posted.
    entry.interest_name = str(interest.get("displayName") or entry.interest_name)[:255]
    entry.before, entry.after = written.before, written.after
    entry.outcome = AuditEntry.Outcome.SUCCEEDED
    entry.graph_request_id = written.request_id
    entry.save()
    return written
