"""The audit log's search column: both names folded (audit/text.py), filled for the entries already there.

The backfill is the one UPDATE the audit table ever gets. On PostgreSQL the append-only trigger (0003) refuses
UPDATE, so it is disabled around the statement and enabled again, inside this migration's transaction: no other
session sees it disabled (ALTER TABLE holds its lock until the commit, and writers to the table wait for it), and
if anything fails the whole step rolls back with the trigger in place. Disabling a trigger needs the table's owner,
which is who runs migrations (docs/deploy.md, §8). Adding the column is a change of the table's definition, not of
its rows (its default is constant), so no trigger is involved there.

Names repeat across entries, so each distinct pair of names is folded once, in Python (the database has no NFKD),
and the table is updated from a temporary table of those pairs in one statement.
"""

from django.db import migrations, models

from interests_portal.audit.text import search_key

TABLE = "audit_auditentry"
TRIGGER = "audit_auditentry_append_only"  # 0003's
PAIRS = "audit_search_backfill"


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    AuditEntry = apps.get_model("audit", "AuditEntry")
    names = AuditEntry.objects.using(connection.alias).values_list("actor_name", "subject_name").distinct()
    pairs = [(actor, subject, search_key(actor, subject)) for actor, subject in names.order_by().iterator()]
    if not pairs:
        return
    postgresql = connection.vendor == "postgresql"
    assert connection.in_atomic_block, "the trigger must never stay disabled: this runs in the migration's transaction"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {PAIRS} (actor_name varchar(256), subject_name varchar(256), search text)"
            + (" ON COMMIT DROP" if postgresql else "")
        )
        cursor.executemany(f"INSERT INTO {PAIRS} VALUES (%s, %s, %s)", pairs)
        cursor.execute(f"CREATE INDEX {PAIRS}_names ON {PAIRS} (actor_name, subject_name)")
        if postgresql:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass", [TRIGGER, TABLE])
            guarded = cursor.fetchone() is not None
            if guarded:
                cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
            cursor.execute(
                f"UPDATE {TABLE} AS entry SET search = pair.search FROM {PAIRS} AS pair"
                " WHERE entry.actor_name = pair.actor_name AND entry.subject_name = pair.subject_name"
            )
            if guarded:
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
        else:  # SQLite: a correlated subquery (UPDATE … FROM needs SQLite 3.33; Django 5.2 supports 3.31)
            cursor.execute(
                f"UPDATE {TABLE} SET search = (SELECT pair.search FROM {PAIRS} AS pair"
                f" WHERE pair.actor_name = {TABLE}.actor_name AND pair.subject_name = {TABLE}.subject_name)"
            )
            cursor.execute(f"DROP TABLE {PAIRS}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="search",
            field=models.TextField(blank=True, db_default="", editable=False),
        ),
        # Backwards there is nothing to undo: removing the column removes what was filled in.
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
