"""This release's audit migrations (the search column 0004, its backfill 0005, the filter indexes 0006), migrated for
real on the test database from the release before: the backfill fills every entry in batches that leave the log
open to writes; on PostgreSQL the append-only trigger stays in force throughout (tests/production has what it
refuses), and the indexes are built concurrently and can be built again after an interruption."""

import threading
import time
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from interests_portal.audit import search_fill
from interests_portal.audit.models import AuditEntry
from interests_portal.audit.search_fill import audit_search_fill

BEFORE_SEARCH = [("audit", "0003_append_only_trigger")]
TRIGGER = "audit_auditentry_append_only"
NAMES = [("Łukasz Wróbel", "Zoë Ørsted"), ("Łukasz Wróbel", "Zoë Ørsted"), ("Ada", "Straße")]
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigger and indexes")


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def append_as_the_release_before(actor: str, subject: str) -> None:
    """An entry as an instance of the release before writes one: its columns only, so `search` is ''."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_name, actor_oid, subject_name, subject_oid, action, interest_id,"
            " interest_name, reason, outcome, error_code, error_message, graph_request_id)"
            " VALUES (%s, %s, 'a', %s, 's', 'update', '', '', '', 'succeeded', '', '', '')",
            [datetime(2026, 1, 1, tzinfo=UTC), actor, subject],
        )


@pytest.fixture
def before_the_search_column(transactional_db):
    """The audit app as it was before 0004, with entries in it; every app at its latest again afterwards."""
    migrate(BEFORE_SEARCH)
    for actor, subject in NAMES:
        append_as_the_release_before(actor, subject)
    yield
    migrate(latest())


def test_entries_made_before_the_search_column_are_found_by_folded_names(before_the_search_column):
    migrate(latest())
    assert sorted(AuditEntry.objects.values_list("search", flat=True)) == [
        "ada\nstrasse",
        "lukasz wrobel\nzoe orsted",
        "lukasz wrobel\nzoe orsted",
    ]


def test_the_backfill_fills_batch_by_batch_and_leaves_filled_entries_alone(before_the_search_column, monkeypatch):
    migrate(latest())
    upgraded = AuditEntry.objects.count()
    for actor, subject in NAMES:  # appended by the release before while the upgrade rolls out
        append_as_the_release_before(actor, subject)
    folds = []
    monkeypatch.setattr(search_fill, "search_key", lambda *names: folds.append(names) or "folded\n" + names[0])
    with connection.cursor() as cursor:  # one entry filled already (as by an earlier, interrupted run)
        cursor.execute("UPDATE audit_auditentry SET search = 'kept' WHERE actor_name = 'Ada' AND search = ''")
    assert audit_search_fill(batch=1) == 2
    assert folds == [NAMES[0]]  # the same names are folded once
    appended = AuditEntry.objects.order_by("id")[upgraded:]
    assert [entry.search for entry in appended] == ["folded\nŁukasz Wróbel", "folded\nŁukasz Wróbel", "kept"]
    assert audit_search_fill() == 0  # nothing left: safe to run again


def test_audit_writes_proceed_while_the_upgrade_runs(before_the_search_column, monkeypatch):
    """Another connection appends entries throughout the upgrade, each allowed to wait for the table 1 s at most:
    no migration holds a lock that refuses writes (ALTER TABLE ... DISABLE TRIGGER, or a backfill in the same
    transaction as ADD COLUMN, would hold one for the whole backfill, slowed here to seconds)."""
    for number in range(12):
        append_as_the_release_before(f"Person {number}", "Ada")
    fold = search_fill.search_key

    def slow_fold(*names: str) -> str:
        time.sleep(0.1)
        return fold(*names)

    monkeypatch.setattr(search_fill, "search_key", slow_fold)
    monkeypatch.setattr(search_fill, "BATCH", 2)  # 8 batches, each a transaction of its own
    appended, refused, done = [], [], threading.Event()

    def portal() -> None:
        own = connections["default"]  # this thread's own connection
        try:
            with own.cursor() as cursor:
                if own.vendor == "postgresql":
                    cursor.execute("SET lock_timeout = '1s'")
            while not done.is_set():
                try:
                    append_as_the_release_before("Writer", "Ada")
                    appended.append(time.monotonic())
                except DatabaseError as error:
                    refused.append(error)
                time.sleep(0.02)
        finally:
            own.close()

    writer = threading.Thread(target=portal)
    writer.start()
    started = time.monotonic()
    try:
        migrate(latest())
    finally:
        done.set()
        writer.join()
    assert time.monotonic() - started > 1  # the test means something: the backfill alone took over a second
    assert refused == []
    assert len(appended) >= 10  # the writer kept writing throughout
    audit_search_fill()  # after the roll: what the release before appended after the backfill passed
    assert not AuditEntry.objects.filter(search="").exists()
    assert AuditEntry.objects.filter(search="writer\nada").count() == len(appended)


@postgresql_only
def test_the_append_only_trigger_is_never_disabled_and_refuses_all_but_filling_search(before_the_search_column):
    migrate(latest())
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [TRIGGER])
        assert cursor.fetchall() == [("O",)]  # enabled ("origin"), not "D"
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET search = 'forged'")  # filled already: refused
    assert "forged" not in AuditEntry.objects.values_list("search", flat=True)


@postgresql_only
def test_an_interrupted_backfill_goes_on_where_it_stopped(before_the_search_column, monkeypatch):
    monkeypatch.setattr(search_fill, "BATCH", 1)
    with connection.cursor() as cursor:  # refuses to fill Ada's entry, the third: the first two are filled by then
        cursor.execute(
            "CREATE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN IF NEW.actor_name = 'Ada' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END; $$"
        )
        cursor.execute("CREATE TRIGGER audit_test_refuse BEFORE UPDATE ON audit_auditentry"
                       " FOR EACH ROW EXECUTE FUNCTION audit_test_refuse()")  # fmt: skip
    try:
        with pytest.raises(DatabaseError, match="refused by the test"):
            migrate(latest())
        assert sorted(AuditEntry.objects.values_list("search", flat=True)) == [
            "", "lukasz wrobel\nzoe orsted", "lukasz wrobel\nzoe orsted"
        ]  # fmt: skip
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER audit_test_refuse ON audit_auditentry")
            cursor.execute("DROP FUNCTION audit_test_refuse()")
    migrate(latest())
    assert "ada\nstrasse" in AuditEntry.objects.values_list("search", flat=True)


def indexes() -> dict[str, tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "audit_auditentry")
    return {name: tuple(found[name]["columns"]) for name in found if found[name]["index"]}


@postgresql_only
def test_an_index_an_interrupted_build_left_invalid_is_built_again(before_the_search_column):
    migrate([("audit", "0005_search_backfill")])
    with pytest.raises(DatabaseError), connection.cursor() as cursor:  # as CREATE INDEX CONCURRENTLY interrupted
        cursor.execute("CREATE UNIQUE INDEX CONCURRENTLY audit_at_id_idx ON audit_auditentry (actor_name)")
    migrate(latest())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid, indisunique, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indexrelid = 'audit_at_id_idx'::regclass"
        )
        assert cursor.fetchall() == [
            (True, False, "CREATE INDEX audit_at_id_idx ON public.audit_auditentry USING btree (at, id)")
        ]


def test_a_database_that_ran_the_unreleased_0005_filter_indexes_ends_up_the_same(before_the_search_column):
    """Development databases ran an earlier 0004 and a 0005_filter_indexes (never released) that left the column
    filled and the indexes built, with the trigger's first function. Running this release's migrations there finds
    their work done and ends with the same database as a fresh upgrade."""
    migrate(latest())
    upgraded = indexes()
    recorder = MigrationRecorder(connection)
    newer = [name for app, name in recorder.applied_migrations() if app == "audit" and name > "0004_search"]
    for name in newer:
        recorder.record_unapplied("audit", name)
    recorder.record_applied("audit", "0005_filter_indexes")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the function that earlier 0005 left: 0003's
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$"
                " BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$"
            )
    try:
        migrate(latest())
    finally:
        recorder.record_unapplied("audit", "0005_filter_indexes")
    assert indexes() == upgraded
    assert "audit_at_id_idx" in upgraded
    assert "audit_audit_action_89e0f9_idx" not in upgraded
    if connection.vendor == "postgresql":
        assert upgraded["audit_search_trgm_idx"] == ("search",)
        with connection.cursor() as cursor:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [TRIGGER])
            assert "jsonb_populate_record" in cursor.fetchone()[0]
