"""The one way the portal compares names and searches text: accents, case and spacing set aside.

Used wherever two people's spellings must meet: the audit log's stored search column (audit/text.py) and the words
typed to search it, My interests' search and its same-name warning (interests/listing.py), and the team page's
grouping of interests across people (review/team.py). One function, so that a name the audit log finds is a name My
interests warns about and the team page groups ("Guðrún", "GUDRUN" and "Gudrun" alike everywhere).

Done in Python, not in the database: unaccent and ICU collations differ between SQLite and PostgreSQL, and unaccent
is not immutable, so it cannot be indexed. The local tenant folds differently on purpose: it imitates Graph's own
`$search` and `$filter`, not the portal.
"""

import unicodedata

# Letters NFKD leaves whole (they are not a base letter plus a combining mark), spelled as people type them on a
# keyboard without them. Applied after casefold(), which already makes capitals of these letters lower case (Ø → ø,
# Ə → ə) and ß (and ẞ) "ss"; ß is listed all the same, so the table reads as the whole list.
_LETTERS = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss", "ħ": "h", "ŧ": "t",
    "ĸ": "k", "ƒ": "f",
    "ə": "e", "ǝ": "e",  # Azerbaijani schwa, and the turned e of West African alphabets
    "\u0131": "i",  # dotless i (Turkish, Azerbaijani), which casefold() keeps
})  # fmt: skip
# Catalan's ŀ (as in "ŀl") would decompose to "l·", the middle dot being punctuation rather than a combining mark:
# read as the plain letter before decomposing. (A middle dot typed as such, "l·l", stays: punctuation is typed too.)
_BEFORE_DECOMPOSING = str.maketrans({"Ŀ": "L", "ŀ": "l"})


def folded(text: str) -> str:
    """`text` as the portal compares it: compatibility-decomposed (NFKD: full-width letters, ligatures), combining
    marks dropped, case-folded, the letters above spelled out, runs of white space made one space, ends trimmed.
    Punctuation stays ("O'Brien-Smith"): people type it too. Idempotent: folded(folded(x)) == folded(x), so text
    stored folded and text typed meet however often either was folded."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_BEFORE_DECOMPOSING))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().translate(_LETTERS).split())
