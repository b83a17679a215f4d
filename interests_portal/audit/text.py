"""The one way the audit log compares names: accents, case and spacing set aside.

Stored beside each entry (AuditEntry.search) and applied to what a person types, so that "lukasz" finds "Łukasz"
with a plain LIKE that SQLite and PostgreSQL answer alike, and that PostgreSQL's trigram index serves. Database
functions (unaccent, ICU collations) would differ between the two, and unaccent is not immutable, so not indexable.
"""

import unicodedata

# Letters that are not a base letter plus a combining mark, so NFKD leaves them whole. Applied after casefold(),
# which already turns ß into ss and capitals into these lower-case forms.
_LETTERS = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ħ": "h", "ŧ": "t", "ĸ": "k",
    "ƒ": "f", "ə": "e",
    "\u0131": "i",  # dotless i (Turkish), which casefold() keeps
})  # fmt: skip


def folded(text: str) -> str:
    """`text` as the audit search compares it: compatibility-decomposed (NFKD), combining marks dropped, case-folded,
    the letters above spelled out in ASCII, runs of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().translate(_LETTERS).split())


def search_key(*names: str) -> str:
    """The stored search text of an entry: each name folded, one per line (a search never spans two names)."""
    return "\n".join(folded(name) for name in names)
