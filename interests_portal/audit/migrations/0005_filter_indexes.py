"""Indexes for the audit page's filters, each ending in (at, id), the page's newest-first order; the single-column
indexes on `at` and `subject_oid`, and 0001's on (action, at) and (actor_oid, at), give way to them. With the id in
the index, the page's capped count and its ids are read from the index alone (audit/paging.py).

On PostgreSQL, a trigram (pg_trgm) GIN index on the folded names serves the name filter, a LIKE '%…%' that no
B-tree index can answer. The extension must exist or be creatable by the migrating role (docs/deploy.md). It is
built here rather than declared in AuditEntry.Meta.indexes: SQLite cannot build it, and Django rebuilds a SQLite
table with every declared index when a later migration alters one of its columns.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
import django.utils.timezone
from django.db import migrations, models

TRIGRAM_INDEX = GinIndex(fields=["search"], name="audit_search_trgm_idx", opclasses=["gin_trgm_ops"])


class TrigramExtensionKept(TrigramExtension):
    """pg_trgm on PostgreSQL (CreateExtension does nothing on other databases). Kept when migrating back: something
    else may use it, the migrating role may not own it, and CreateExtension's own backwards step queries
    pg_extension whatever the database."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def _on_postgresql(method):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            getattr(schema_editor, method)(apps.get_model("audit", "AuditEntry"), TRIGRAM_INDEX)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_search")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="subject_oid",
            field=models.CharField(max_length=64),
        ),
        # 0001's indexes on (action, at) and (actor_oid, at) give way to ones that hold the id too.
        migrations.RemoveIndex(model_name="auditentry", name="audit_audit_action_89e0f9_idx"),
        migrations.RemoveIndex(model_name="auditentry", name="audit_audit_actor_o_1b9f6e_idx"),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["at", "id"], name="audit_at_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["action", "at", "id"], name="audit_action_at_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["actor_oid", "at", "id"], name="audit_actor_at_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["subject_oid", "at", "id"], name="audit_subject_at_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["outcome", "at", "id"], name="audit_outcome_at_id_idx"),
        ),
        TrigramExtensionKept(),
        migrations.RunPython(_on_postgresql("add_index"), _on_postgresql("remove_index")),
    ]
