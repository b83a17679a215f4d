"""The organisation index's search indexes on PostgreSQL: trigram (pg_trgm) GIN indexes on interest names and
people's folded names, for typo-tolerant and substring matches (`%>`, LIKE '%…%'), and a full-text GIN index on
the expression search.py's SearchVector compiles to (PostgreSQL uses an expression index only for the identical
expression). SQLite, the local default, has neither and searches without them (search.py).

Built here, not in the models' Meta.indexes: SQLite can't build them, and it rebuilds a table with every declared
index when a later migration alters a column. The tables are new: plain CREATE INDEX, inside the migration."""

from django.db import migrations

INDEXES = {
    "org_index_interest_name_trgm": "org_index_indexedinterest USING gin (normalised_name gin_trgm_ops)",
    "org_index_person_name_trgm": "org_index_indexedperson USING gin (name_folded gin_trgm_ops)",
    # Character for character what SearchVector("normalised_name", "description", config="simple") compiles to.
    "org_index_interest_document": (
        "org_index_indexedinterest USING gin (to_tsvector('simple'::regconfig, "
        "((COALESCE(normalised_name, ''::character varying))::text || ' '::text) || COALESCE(description, ''::text)))"
    ),
}


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # Shared with the audit log's name search: created if missing, never dropped by going back (docs/deploy.md §8).
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("org_index", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
