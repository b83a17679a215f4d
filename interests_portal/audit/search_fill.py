"""Filling in the search text (AuditEntry.search) of entries that have none, in short batches.

An entry saved by the portal has its search text from the start (AuditEntry.save). Entries without one ('' by the
column's default) were made before the column existed, or written by an instance of the release before it while
an upgrade rolled out, or appended by SQL. Migration 0005 runs this once for the log as it stands; `manage.py
audit_fill_search` runs it again after the old instances are gone (docs/deploy.md §8), and at any time: an entry
already filled is left alone.

Each batch is a range of ids, written in a short transaction of its own, so the audit log stays open to the
portal's writes and reads throughout: an UPDATE locks only the rows it changes, and new entries are other rows. On
PostgreSQL the append-only trigger lets exactly this UPDATE through (from '' to the folded names, nothing else
changed: migration 0005), so nothing is disabled meanwhile. Stopped half-way, it goes on where it stopped.
"""

from collections.abc import Callable
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from .text import search_key

TABLE = "audit_auditentry"
BATCH = 5_000  # ids per transaction: about a third of a second on PostgreSQL (docs/audit.md)


def audit_search_fill(
    *, using: str = DEFAULT_DB_ALIAS, batch: int | None = None, say: Callable[[str], None] | None = None
) -> int:
    """Give every entry without a search text its folded names, `batch` ids (BATCH) per transaction; return how many
    were filled. The whole id range is walked, then whatever was appended meanwhile, until nothing newer is left."""
    batch = batch or BATCH
    connection = connections[using]
    # Names repeat across entries: each pair is folded once (a bounded cache, for a log of many people).
    key = lru_cache(maxsize=100_000)(search_key)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {TABLE}")  # noqa: S608 - a constant table name
        low, last = cursor.fetchone()
    if low is None:
        return 0
    filled = batches = 0
    while True:
        while low <= last:
            filled += _fill(connection, low, low + batch, key)
            low, batches = low + batch, batches + 1
            if say and batches % 100 == 0:
                say(f"  search text: up to id {low - 1:,} of {last:,}, {filled:,} filled")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {TABLE}")  # noqa: S608
            (newest,) = cursor.fetchone()
        if newest <= last:  # nothing appended meanwhile (the log is append-only: ids only grow)
            return filled
        last = newest


def _fill(connection: BaseDatabaseWrapper, low: int, high: int, key: Callable[[str, str], str]) -> int:
    """Fill the entries of ids low ≤ id < high that have no search text: read, then written in a transaction of
    their own that starts with its write (on SQLite, a transaction that read first and then waits to write can be
    refused outright when another connection writes meanwhile)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, actor_name, subject_name FROM {TABLE} WHERE id >= %s AND id < %s AND search = ''",  # noqa: S608
            [low, high],
        )
        found = [(entry_id, key(actor, subject)) for entry_id, actor, subject in cursor.fetchall()]
    if not found:
        return 0
    # `search = ''` again: an entry filled meanwhile (by another run) keeps what it was given.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {TABLE} AS entry SET search = fill.search"  # noqa: S608
                " FROM unnest(%s::bigint[], %s::text[]) AS fill (id, search)"
                " WHERE entry.id = fill.id AND entry.search = ''",
                [[entry_id for entry_id, _search in found], [search for _entry_id, search in found]],
            )
        else:
            cursor.executemany(
                f"UPDATE {TABLE} SET search = %s WHERE id = %s AND search = ''",  # noqa: S608
                [(search, entry_id) for entry_id, search in found],
            )
        return cursor.rowcount
