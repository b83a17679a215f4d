"""`$search` on directory collections, answered as Graph answers it (docs/local-tenant.md, "`$search`").

Syntax (Microsoft's "Use the $search query parameter", directory objects): clauses in double quotes, each
`"property:text"`, joined by upper-case `AND` / `OR` outside the quotes, with parentheses; `"` and `\\` inside a
clause are escaped with a backslash. AND binds tighter than OR.

Matching: on the tokenised properties (`displayName`) the text is split into words, and every word must be the
start of some word of the property, in any order ("oka" and "Okafor" find "Ada Okafor"). Both sides are split at
spaces, symbols, digits and lower-to-upper case changes, and the parts of one word are also matched joined, so
"mcgowan" finds "McGowan" and "hello.world" finds "HelloWorld". Any other property is matched from its start, as
Graph does. Case and accents are ignored ("lukasz" finds "Łukasz").
"""

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .http import GraphError, bad_request

MAX_SEARCH_LENGTH = 2000

Record = Mapping[str, str]
Predicate = Callable[[Record], bool]

# Letters that carry their accent in the letter itself, so Unicode decomposition does not take it off.
_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H"}
    | {"\u0131": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH"}  # \u0131: dotless i
)


def fold(text: str) -> str:
    """`text` without case and accents: "Łukasz Wróbel" -> "lukasz wrobel"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _parts(run: str) -> list[str]:
    """One whitespace-free run split as Graph's tokeniser splits it: letters (and a new part where lower case turns
    to upper case), digits, and each symbol on its own."""
    parts: list[str] = []
    kind_of_last = ""
    for char in run:
        if char.isalpha() or unicodedata.category(char).startswith("M"):
            kind = "letter"
        elif char.isdigit():
            kind = "digit"
        else:
            kind = "symbol"
        case_change = kind == "letter" == kind_of_last and char.isupper() and parts[-1][-1:].islower()
        if kind == "symbol" or kind != kind_of_last or case_change:
            parts.append(char)
        else:
            parts[-1] += char
        kind_of_last = kind
    return parts


def tokens(value: str) -> set[str]:
    """The words of a property value, folded: its parts, and each run's letters and digits joined."""
    found: set[str] = set()
    for run in unicodedata.normalize("NFC", value).split():
        parts = _parts(run)
        found.update(fold(part) for part in parts)
        joined = "".join(part for part in parts if part[0].isalnum())
        if joined and len(parts) > 1:
            found.add(fold(joined))
    return found


def _needles(text: str) -> list[str]:
    """What each word of the searched text must be the start of: its letters and digits joined (only its symbols
    when it has nothing else), folded."""
    needles = []
    for run in unicodedata.normalize("NFC", text).split():
        letters_and_digits = "".join(char for char in run if char.isalnum())
        needles.append(fold(letters_and_digits or run))
    return needles


def _tokenised_match(prop: str, text: str) -> Predicate:
    needles = _needles(text)

    def matches(record: Record) -> bool:
        words = tokens(record.get(prop) or "")
        return all(any(word.startswith(needle) for word in words) for needle in needles)

    return matches


def _prefix_match(prop: str, text: str) -> Predicate:
    prefix = fold(text.strip())
    return lambda record: fold(record.get(prop) or "").startswith(prefix)


@dataclass(frozen=True)
class SearchableProperty:
    name: str  # as Graph spells it
    tokenised: bool = False


@dataclass(frozen=True)
class Search:
    """A parsed `$search`: `matches` a record holding the values of `properties` (Graph's names)."""

    matches: Predicate
    properties: frozenset[str]


def _syntax_error(text: str, position: int) -> GraphError:
    if position >= len(text):
        return bad_request(f"Syntax error: '{text}' ends where more is expected (position {position}).")
    return bad_request(f"Syntax error: character '{text[position]}' is not valid at position {position} in '{text}'.")


class _Parser:
    def __init__(self, text: str, searchable: Mapping[str, SearchableProperty], type_name: str) -> None:
        self.text = text
        self.position = 0
        self.searchable = {name.lower(): prop for name, prop in searchable.items()}
        self.type_name = type_name
        self.used: set[str] = set()

    def parse(self) -> Search:
        self._skip_spaces()
        if self.position == len(self.text):
            raise bad_request("The $search query option is empty.")
        predicate = self._expr()
        if self.position != len(self.text):
            raise _syntax_error(self.text, self.position)
        return Search(predicate, frozenset(self.used))

    def _skip_spaces(self) -> None:
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def _keyword(self, word: str) -> bool:
        """`AND` / `OR`, upper case as Graph requires, followed by a space, a quote or a parenthesis."""
        self._skip_spaces()
        end = self.position + len(word)
        if self.text.startswith(word, self.position) and (end == len(self.text) or self.text[end] in ' \t"('):
            self.position = end
            return True
        return False

    def _expr(self) -> Predicate:
        alternatives = [self._term()]
        while self._keyword("OR"):
            alternatives.append(self._term())
        if len(alternatives) == 1:
            return alternatives[0]
        return lambda record: any(alternative(record) for alternative in alternatives)

    def _term(self) -> Predicate:
        required = [self._factor()]
        while self._keyword("AND"):
            required.append(self._factor())
        if len(required) == 1:
            return required[0]
        return lambda record: all(predicate(record) for predicate in required)

    def _factor(self) -> Predicate:
        self._skip_spaces()
        if self.text.startswith("(", self.position):
            self.position += 1
            predicate = self._expr()
            self._skip_spaces()
            if not self.text.startswith(")", self.position):
                raise _syntax_error(self.text, self.position)
            self.position += 1
            return predicate
        if self.text.startswith('"', self.position):
            return self._clause(self._quoted())
        raise _syntax_error(self.text, self.position)

    def _quoted(self) -> str:
        """The clause between double quotes, its `\\"` and `\\\\` escapes undone."""
        self.position += 1
        clause: list[str] = []
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == '"':
                self.position += 1
                return "".join(clause)
            if char == "\\":
                following = self.text[self.position + 1 : self.position + 2]
                if following not in ('"', "\\"):
                    raise _syntax_error(self.text, self.position)
                clause.append(following)
                self.position += 2
                continue
            clause.append(char)
            self.position += 1
        raise _syntax_error(self.text, self.position)

    def _clause(self, clause: str) -> Predicate:
        name, colon, text = clause.partition(":")
        if not colon:
            raise bad_request(
                f'The $search clause \'"{clause}"\' names no property: write it as "property:text".',
                code="Request_UnsupportedQuery",
            )
        prop = self.searchable.get(name.strip().lower())
        if prop is None:
            raise bad_request(
                f"Property '{name.strip()}' is not supported in $search on type 'microsoft.graph.{self.type_name}'.",
                code="Request_UnsupportedQuery",
            )
        if not text.strip():
            raise bad_request(f"The $search clause '\"{clause}\"' has no text to search for.")
        self.used.add(prop.name)
        return _tokenised_match(prop.name, text) if prop.tokenised else _prefix_match(prop.name, text)


def parse_search(text: str, searchable: Mapping[str, SearchableProperty], type_name: str) -> Search:
    if len(text) > MAX_SEARCH_LENGTH:
        raise bad_request(f"The $search query option is longer than {MAX_SEARCH_LENGTH} characters.")
    try:
        return _Parser(text, searchable, type_name).parse()
    except RecursionError:
        raise bad_request("The $search query option is nested too deeply.") from None
