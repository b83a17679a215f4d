"""The audit log refuses UPDATE and DELETE in the database itself, as the app's own role (PostgreSQL only). The one
UPDATE it lets through fills in the search text of an entry that has none (audit/search_fill.py), changing nothing
else."""

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


@pytest.fixture
def unsearchable() -> AuditEntry:
    """An entry without a search text, as an instance of the release before the column appends one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_name, actor_oid, subject_name, subject_oid, action, interest_id,"
            " interest_name, before, reason, outcome, error_code, error_message, graph_request_id) VALUES (now(),"
            " 'Ana', 'a', 'Ana', 'a', 'create', '', 'Rust', '{\"id\": 1}', '', 'succeeded', '', '', '') RETURNING id"
        )
        (entry_id,) = cursor.fetchone()
    return AuditEntry.objects.get(pk=entry_id)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET interest_name = 'Forged' WHERE id = %s",
        "UPDATE audit_auditentry SET search = 'forged' WHERE id = %s",  # filled when saved: never changed again
        "UPDATE audit_auditentry SET search = '' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_update_and_delete_are_refused_for_the_apps_role(entry: AuditEntry, statement: str) -> None:
    _app_role_is_not_superuser()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.interest_name, stored.search) == ("Rust", "ana\nana")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET search = 'ana', interest_name = 'Forged' WHERE id = %s",
        "UPDATE audit_auditentry SET search = 'ana', before = '{\"id\": 2}' WHERE id = %s",
        "UPDATE audit_auditentry SET search = 'ana', before = NULL WHERE id = %s",
        "UPDATE audit_auditentry SET search = 'ana', at = at + interval '1 second' WHERE id = %s",
        "UPDATE audit_auditentry SET search = 'ana', actor_id = NULL, outcome = 'failed' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_filling_a_search_text_lets_nothing_else_change(unsearchable: AuditEntry, statement: str) -> None:
    _app_role_is_not_superuser()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [unsearchable.pk])
    stored = AuditEntry.objects.get(pk=unsearchable.pk)
    assert (stored.search, stored.interest_name, stored.before) == ("", "Rust", {"id": 1})


def test_the_apps_role_may_fill_an_empty_search_text_once(unsearchable: AuditEntry) -> None:
    _app_role_is_not_superuser()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET search = 'ana\nana' WHERE id = %s", [unsearchable.pk])
    assert AuditEntry.objects.get(pk=unsearchable.pk).search == "ana\nana"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET search = 'forged' WHERE id = %s", [unsearchable.pk])
    assert AuditEntry.objects.get(pk=unsearchable.pk).search == "ana\nana"


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
