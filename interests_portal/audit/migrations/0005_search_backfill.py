"""The search text of the entries made before 0004, filled in batches while the portal keeps writing.

On PostgreSQL the append-only trigger (0003) is not disabled for this: its function now lets through the one UPDATE
the table may have, an entry's empty search text filled in with nothing else changed, and refuses every other UPDATE,
and every DELETE, as before, whoever asks. That stays so (audit_fill_search fills what instances of the release
before this one append while the upgrade rolls out, docs/deploy.md §8): filling an empty search text changes no
fact the entry records, only whether a name search finds it. Replacing a function takes no lock on the table.

Not atomic: audit_search_fill (audit/search_fill.py) commits each batch of 5,000 ids on its own, each transaction
locking only the rows it fills, so audit writes and reads proceed throughout (a million entries: 73 s, while another
connection's appends waited 175 ms at most, docs/audit.md). Interrupted, the migration is not recorded; run again,
it fills what is still empty.

Added before its release, with 0004 rewritten and 0005_filter_indexes replaced by 0006: a development database that
ran that earlier 0005 has every entry filled (the backfill finds nothing) and gains only the trigger's new function;
the row "audit 0005_filter_indexes" left in its django_migrations names no migration any more and is ignored.
"""

from django.db import migrations

from interests_portal.audit.search_fill import audit_search_fill

FUNCTION = "audit_auditentry_append_only"  # 0003's, called by its trigger before each UPDATE and DELETE of an entry

REFUSE = """RAISE EXCEPTION 'the audit log is append-only: % of an entry refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';"""
# NEW must be OLD with only its search text replaced, compared column by column with each type's own equality.
# Not by assigning to a variable of the table's row type: PostgreSQL 15.18 crashes (signal 11) assigning a field of
# one copied from OLD when the row predates a column added with a default (as `search` was, by 0004).
ALLOW_FILLING_SEARCH = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.search = ''
            AND NEW IS NOT DISTINCT FROM jsonb_populate_record(OLD, jsonb_build_object('search', NEW.search)) THEN
        RETURN NEW;
    END IF;
    {REFUSE}
END;
$$;
"""
APPEND_ONLY = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {REFUSE}
END;
$$;
"""  # 0003's


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the % in RAISE is not a placeholder

    return run


def fill(apps, schema_editor):
    audit_search_fill(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0004_search")]

    operations = [
        migrations.RunPython(_on_postgresql(ALLOW_FILLING_SEARCH), _on_postgresql(APPEND_ONLY)),
        # Backwards there is nothing to undo: 0004 backwards removes the column and what was filled in.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
