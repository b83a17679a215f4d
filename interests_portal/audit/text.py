"""The audit log's search text: both names of an entry folded the portal's one way (portal/text.py).

Stored beside each entry (AuditEntry.search) and compared with what a person types, folded alike, so that "lukasz"
finds "Łukasz" with a plain LIKE that SQLite and PostgreSQL answer alike, and that PostgreSQL's trigram index serves.
`folded` is named here too, for the audit code that folds what people type (selectors, admin, the timing command).
"""

from ..portal.text import folded

__all__ = ["folded", "search_key"]


def search_key(*names: str) -> str:
    """The stored search text of an entry: each name folded, one per line (a search never spans two names).

    Migration 0004 imports it to fill the column for the entries made before it: entries keep the key they were
    saved with, so a change to folding finds old entries only after they are folded again."""
    return "\n".join(folded(name) for name in names)
