"""The audit log is append-only in the database, not only in the ORM (AuditEntry.save/delete refuse changes).

On PostgreSQL a trigger refuses UPDATE and DELETE of any row, whoever asks: the app's own role, a shell, a script.
Removing entries (retention) is an operator's deliberate act: docs/deploy.md shows how, as the table's owner.
SQLite, the offline default, keeps the ORM's guard only. (RunPython rather than RunSQL, to run on PostgreSQL only;
`sqlmigrate` therefore shows nothing: the SQL is CREATE below.)
"""

from django.db import migrations

FUNCTION = "audit_auditentry_append_only"
TRIGGER = "audit_auditentry_append_only"

CREATE = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % of an entry refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

DROP = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON audit_auditentry;
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the % in RAISE is not a placeholder

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_actor_protect")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
