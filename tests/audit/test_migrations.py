"""The search column's backfill (0004) and the filter indexes (0005), migrated for real on the test database: on
PostgreSQL through the append-only trigger, which must be back in force afterwards."""

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from interests_portal.audit.models import AuditEntry

BEFORE_SEARCH = [("audit", "0003_append_only_trigger")]
TRIGGER = "audit_auditentry_append_only"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigger and index")


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.fixture
def before_the_search_column(transactional_db):
    """The audit app as it was before 0004, with entries in it; every app at its latest again afterwards."""
    executor = migrate(BEFORE_SEARCH)
    OldEntry = executor.loader.project_state(BEFORE_SEARCH).apps.get_model("audit", "AuditEntry")
    for actor, subject in [("Łukasz Wróbel", "Zoë Ørsted"), ("Łukasz Wróbel", "Zoë Ørsted"), ("Ada", "Straße")]:
        OldEntry.objects.create(
            at=datetime(2026, 1, 1, tzinfo=UTC), actor_name=actor, actor_oid="a", subject_name=subject, subject_oid="s",
            action="update", outcome="succeeded",
        )  # fmt: skip
    yield
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(latest)


def test_entries_made_before_the_search_column_are_found_by_folded_names(before_the_search_column):
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit"))
    assert sorted(AuditEntry.objects.values_list("search", flat=True)) == [
        "ada\nstrasse",
        "lukasz wrobel\nzoe orsted",
        "lukasz wrobel\nzoe orsted",
    ]


@postgresql_only
def test_after_the_backfill_the_append_only_trigger_is_in_force_again(before_the_search_column):
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [TRIGGER])
        assert cursor.fetchall() == [("O",)]  # enabled ("origin"), not "D"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET search = 'forged'")
    assert "forged" not in AuditEntry.objects.values_list("search", flat=True)


@postgresql_only
def test_a_backfill_failing_with_the_trigger_disabled_rolls_back_with_the_trigger_in_force(before_the_search_column):
    with connection.cursor() as cursor:  # refuses the backfill's UPDATE: it fails after the trigger was disabled
        cursor.execute(
            "CREATE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION 'refused by the test'; END; $$"
        )
        cursor.execute("CREATE TRIGGER audit_test_refuse BEFORE UPDATE ON audit_auditentry"
                       " FOR EACH ROW EXECUTE FUNCTION audit_test_refuse()")  # fmt: skip
    try:
        with pytest.raises(DatabaseError, match="refused by the test"):
            migrate([("audit", "0004_search")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [TRIGGER])
            assert cursor.fetchall() == [("O",)]
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns"
                " WHERE table_name = 'audit_auditentry' AND column_name = 'search'"
            )
            assert cursor.fetchone() == (0,)  # the whole migration rolled back
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER audit_test_refuse ON audit_auditentry")
            cursor.execute("DROP FUNCTION audit_test_refuse()")
