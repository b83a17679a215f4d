"""The audit log refuses UPDATE and DELETE in the database itself, as the app's own role (PostgreSQL only)."""

import pytest
from django.db import DatabaseError, connection, transaction

from interests_portal.audit.models import AuditEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"),
]


@pytest.fixture
def entry() -> AuditEntry:
    return AuditEntry.objects.create(
        actor_oid="11111111-1111-1111-1111-111111111111",
        actor_name="Ana",
        action=AuditEntry.Action.CREATE,
        subject_oid="11111111-1111-1111-1111-111111111111",
        subject_name="Ana",
        interest_name="Rust",
        outcome=AuditEntry.Outcome.SUCCEEDED,
    )


def _app_role_is_not_superuser() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,), "the tests must run as an ordinary role, as the app does"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET interest_name = 'Forged' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_update_and_delete_are_refused_for_the_apps_role(entry: AuditEntry, statement: str) -> None:
    _app_role_is_not_superuser()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.interest_name == "Rust"


def test_appending_still_works(entry: AuditEntry) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_name, actor_oid, subject_name, subject_oid, action, interest_id,"
            " interest_name, reason, outcome, error_code, error_message, graph_request_id)"
            " SELECT now(), actor_name, actor_oid, subject_name, subject_oid, action, interest_id, interest_name,"
            " reason, outcome, error_code, error_message, graph_request_id FROM audit_auditentry WHERE id = %s",
            [entry.pk],
        )
    assert AuditEntry.objects.count() == 2
