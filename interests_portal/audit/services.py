"""Recording writes. The write path (`interests_portal/interests/services.py`) calls `audit_record` once per write it
makes or tries to make, with what Graph answered: never with what a form posted."""

from typing import Any

from ..accounts.models import User
from ..graph.errors import GraphForbidden, GraphProblem
from .models import AuditEntry


def audit_record(
    *,
    actor: User,
    action: str,
    subject_oid: str,
    subject_name: str,
    interest_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    request_id: str = "",
    error: GraphProblem | None = None,
) -> AuditEntry:
    """Append one entry: who, whose profile, what, Graph's state before and after, and the outcome."""
    interest = after or before or {}
    if error is None:
        outcome = AuditEntry.Outcome.SUCCEEDED
    elif isinstance(error, GraphForbidden):
        outcome = AuditEntry.Outcome.REFUSED
    else:
        outcome = AuditEntry.Outcome.FAILED
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.display_name or actor.email,
        actor_oid=actor.entra_object_id,
        subject_name=subject_name[:256],
        subject_oid=subject_oid,
        action=action,
        interest_id=interest_id or str(interest.get("id", "")),
        interest_name=str(interest.get("displayName") or "")[:255],
        changes=changes,
        before=before,
        after=after,
        reason=reason,
        outcome=outcome,
        error_code=error.code if error else "",
        error_message=error.message[:2000] if error else "",
        graph_request_id=(error.request_id if error else request_id)[:128],
    )
