"""The audit log's search column (both names folded, audit/text.py): added here, filled by 0005.

Adding a column whose default is a constant changes the table's definition, not its rows (PostgreSQL 11 and later):
ALTER TABLE holds the table's ACCESS EXCLUSIVE lock for milliseconds. What can take long is getting the lock: it
waits for any query already running on the table, and every audit write (so every portal write, which Graph has
already applied) queues behind it. `lock_timeout` bounds that: after 5 s the migration stops with "canceling
statement due to lock timeout", nothing changed, and `migrate` can simply be run again (docs/deploy.md §8).

Rewritten before its release. Its first version also filled the column, in this migration's transaction with the
append-only trigger disabled: the table was closed to writes for the whole backfill (a minute and a half for a
million entries). Only development and test databases ran it; there the column exists and is filled, this migration
stays recorded as applied, and 0005 and 0006 are written to find their work already done (see them).
"""

from django.db import migrations, models

LOCK_TIMEOUT = "5s"


def wait_for_the_table_at_most_a_moment(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # LOCAL: for this migration's transaction only.
        schema_editor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]

    operations = [
        # First forwards and last backwards: the bound applies to adding the column and to removing it.
        migrations.RunPython(wait_for_the_table_at_most_a_moment, migrations.RunPython.noop),
        migrations.AddField(
            model_name="auditentry",
            name="search",
            field=models.TextField(blank=True, db_default="", editable=False),
        ),
        migrations.RunPython(migrations.RunPython.noop, wait_for_the_table_at_most_a_moment),
    ]
