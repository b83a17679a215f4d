"""Indexes for the audit page's filters, each ending in (at, id), the page's newest-first order; the single-column
indexes on `at` and `subject_oid`, and 0001's on (action, at) and (actor_oid, at), give way to them. With the id in
the index, the page's capped count and its ids are read from the index alone (audit/paging.py).

On PostgreSQL, a trigram (pg_trgm) GIN index on the folded names serves the name filter, a LIKE '%…%' that no
B-tree index can answer. The extension must exist or be creatable by the migrating role (docs/deploy.md §8). It is
built here rather than declared in AuditEntry.Meta.indexes: SQLite cannot build it, and Django rebuilds a SQLite
table with every declared index when a later migration alters one of its columns.

On PostgreSQL every index is built and dropped CONCURRENTLY (outside a transaction: atomic = False), which takes a
lock that lets the portal read and append entries meanwhile; the new indexes first, then the old ones go, so each
filter has an index throughout. SQLite, the offline default, builds and drops them one by one as usual, each briefly
holding the database's write lock. Neither copies the table: dropping `db_index` is dropping its index, not the
AlterField that SQLite would carry out by rebuilding the whole table.

Django's AddIndexConcurrently and RemoveIndexConcurrently are not used as they are: an interrupted CREATE INDEX
CONCURRENTLY leaves an invalid index of that name behind, on which running migrate again fails; the indexes of
`db_index=True` are not in the migration state they look names up in; and SQLite has no CONCURRENTLY. BuildIndex
and DropIndex below are safe to run again, on either database.

This replaces a 0005_filter_indexes that was never released, which built and dropped the same indexes in one
transaction holding the table (with the first 0004, closed to writes for a minute and a half at a million entries).
Only development and test databases ran it; they have these indexes already, valid: this migration finds nothing to
build and nothing to drop there, and the database ends up the same whichever way it came (tests/audit/
test_migrations.py).
"""

import django.utils.timezone
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import NotInTransactionMixin, TrigramExtension
from django.db import migrations, models
from django.db.migrations.operations.base import Operation

MODEL = "auditentry"
NEW_INDEXES = [
    models.Index(fields=["at", "id"], name="audit_at_id_idx"),
    models.Index(fields=["action", "at", "id"], name="audit_action_at_id_idx"),
    models.Index(fields=["actor_oid", "at", "id"], name="audit_actor_at_id_idx"),
    models.Index(fields=["subject_oid", "at", "id"], name="audit_subject_at_id_idx"),
    models.Index(fields=["outcome", "at", "id"], name="audit_outcome_at_id_idx"),
]
TRIGRAM_INDEX = GinIndex(fields=["search"], name="audit_search_trgm_idx", opclasses=["gin_trgm_ops"])
# 0001's, by the names Django gave them (db_index=True made the last two; on PostgreSQL, the CharField's has a
# second index, for LIKE 'prefix%').
OLD_INDEXES = [
    models.Index(fields=["action", "at"], name="audit_audit_action_89e0f9_idx"),
    models.Index(fields=["actor_oid", "at"], name="audit_audit_actor_o_1b9f6e_idx"),
    models.Index(fields=["at"], name="audit_auditentry_at_09f867ec"),
    models.Index(fields=["subject_oid"], name="audit_auditentry_subject_oid_c6d3b7c8"),
]
OLD_LIKE_INDEX = models.Index(
    fields=["subject_oid"], name="audit_auditentry_subject_oid_c6d3b7c8_like", opclasses=["varchar_pattern_ops"]
)

# The model's state: what the database holds afterwards, on either database.
STATE_CHANGES = [
    migrations.AlterField(
        model_name=MODEL,
        name="at",
        field=models.DateTimeField(default=django.utils.timezone.now),
    ),
    migrations.AlterField(
        model_name=MODEL,
        name="subject_oid",
        field=models.CharField(max_length=64),
    ),
    migrations.RemoveIndex(model_name=MODEL, name="audit_audit_action_89e0f9_idx"),
    migrations.RemoveIndex(model_name=MODEL, name="audit_audit_actor_o_1b9f6e_idx"),
    *(migrations.AddIndex(model_name=MODEL, index=index) for index in NEW_INDEXES),
]


class TrigramExtensionKept(TrigramExtension):
    """pg_trgm on PostgreSQL (CreateExtension does nothing on other databases). Kept when migrating back: something
    else may use it, the migrating role may not own it, and CreateExtension's own backwards step queries
    pg_extension whatever the database."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class IndexStep(NotInTransactionMixin, Operation):
    """Build one index of the audit table (BuildIndex), or drop it (DropIndex), and the opposite backwards. On
    PostgreSQL CONCURRENTLY; elsewhere as usual, or not at all if `postgresql_only`. Safe to run again: an index of
    that name is kept when building (rebuilt if an interrupted build left it invalid), and dropped only if there.
    No state of its own: the indexes' state is STATE_CHANGES."""

    build: bool
    reversible = True
    reduces_to_sql = False

    def __init__(self, index: models.Index, *, postgresql_only: bool = False) -> None:
        self.index = index
        self.postgresql_only = postgresql_only

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._apply(schema_editor, to_state.apps.get_model(app_label, MODEL), build=self.build)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._apply(schema_editor, to_state.apps.get_model(app_label, MODEL), build=not self.build)

    def _apply(self, schema_editor, model, *, build: bool) -> None:
        connection = schema_editor.connection
        postgresql = connection.vendor == "postgresql"
        if self.postgresql_only and not postgresql:
            return
        with connection.cursor() as cursor:
            if postgresql:
                self._ensure_not_in_transaction(schema_editor)
                cursor.execute(
                    "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)",
                    [schema_editor.quote_name(self.index.name)],
                )
                found = cursor.fetchone()
            else:
                names = connection.introspection.get_constraints(cursor, model._meta.db_table)
                found = (True,) if self.index.name in names else None
        if (found is None and not build) or (found == (True,) and build):  # nothing to do
            return
        concurrently = {"concurrently": True} if postgresql else {}
        if found is not None:
            schema_editor.remove_index(model, self.index, **concurrently)
        if build:
            schema_editor.add_index(model, self.index, **concurrently)

    def describe(self):
        where = "on PostgreSQL only" if self.postgresql_only else "CONCURRENTLY on PostgreSQL"
        return f"{'Build' if self.build else 'Drop'} index {self.index.name} ({where})"


class BuildIndex(IndexStep):
    build = True


class DropIndex(IndexStep):
    build = False


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0005_search_backfill")]

    operations = [
        TrigramExtensionKept(),
        migrations.SeparateDatabaseAndState(
            state_operations=STATE_CHANGES,
            database_operations=[
                *(BuildIndex(index) for index in NEW_INDEXES),
                BuildIndex(TRIGRAM_INDEX, postgresql_only=True),
                *(DropIndex(index) for index in OLD_INDEXES),
                DropIndex(OLD_LIKE_INDEX, postgresql_only=True),
            ],
        ),
    ]
