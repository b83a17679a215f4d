"""The OData query options this stand-in supports, compiled to ORM queries.

$filter grammar:  expr := term ("or" term)* ; term := factor ("and" factor)* ;
                  factor := "(" expr ")" | property "eq" literal | "startswith(" property "," string ")"
"""

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q

from .http import GraphRequest, bad_request

MAX_FILTER_LENGTH = 2000
# Offsets and page sizes beyond this are refused rather than sent to the database (a 32-bit signed integer).
MAX_INT_OPTION = 2**31 - 1

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<punct>[(),])|(?P<word>[A-Za-z_][A-Za-z0-9_./]*)|(?P<number>-?\d+(?:\.\d+)?))"
)


@dataclass(frozen=True)
class FilterField:
    """How a Graph property is filtered: the ORM lookup path, and whether string comparisons ignore case."""

    path: str
    case_insensitive: bool = False
    is_id: bool = False  # a GUID: compared only with `eq` and a GUID literal
    is_bool: bool = False  # compared only with `eq` and true or false


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise bad_request(f"Invalid filter clause: unexpected text at position {position}.")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _FilterParser:
    def __init__(self, text: str, fields: Mapping[str, FilterField], type_name: str) -> None:
        self.tokens = _tokens(text)
        self.position = 0
        self.fields = fields
        self.type_name = type_name

    def parse(self) -> Q:
        if not self.tokens:
            raise bad_request("Invalid filter clause: the filter is empty.")
        q = self._expr()
        if self.position != len(self.tokens):
            raise bad_request(f"Invalid filter clause: unexpected '{self.tokens[self.position][1]}'.")
        return q

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if token is None or (expected is not None and token[1].lower() != expected):
            raise bad_request(f"Invalid filter clause: expected '{expected or 'more'}'.")
        self.position += 1
        return token

    def _keyword(self, word: str) -> bool:
        token = self._peek()
        if token and token[0] == "word" and token[1].lower() == word:
            self.position += 1
            return True
        return False

    def _expr(self) -> Q:
        q = self._term()
        while self._keyword("or"):
            q |= self._term()
        return q

    def _term(self) -> Q:
        q = self._factor()
        while self._keyword("and"):
            q &= self._factor()
        return q

    def _field(self, name: str) -> FilterField:
        field = self.fields.get(name)
        if field is None:
            raise bad_request(
                f"Invalid filter clause: filtering on property '{name}' of type "
                f"'microsoft.graph.{self.type_name}' is not supported."
            )
        return field

    def _factor(self) -> Q:
        token = self._take()
        if token == ("punct", "("):
            q = self._expr()
            self._take(")")
            return q
        if token[0] != "word":
            raise bad_request(f"Invalid filter clause: unexpected '{token[1]}'.")
        if token[1].lower() == "startswith" and self._peek() == ("punct", "("):
            self._take("(")
            field = self._field(self._take()[1])
            self._take(",")
            value = self._literal()
            self._take(")")
            if not isinstance(value, str) or field.is_id:
                raise bad_request("Invalid filter clause: startswith takes a string property and a string.")
            return Q(**{f"{field.path}__istartswith": value})
        field = self._field(token[1])
        operator = self._take()[1].lower()
        if operator != "eq":
            raise bad_request(f"Invalid filter clause: operator '{operator}' is not supported; use 'eq'.")
        value = self._literal()
        if field.is_bool and not isinstance(value, bool):
            raise bad_request(f"Invalid filter clause: '{token[1]}' is compared with true or false.")
        if value is None:
            return Q(**{f"{field.path}__isnull": True})
        if field.is_id:
            try:
                value = uuid.UUID(str(value))
            except ValueError:
                raise bad_request(f"Invalid filter clause: '{value}' is not a valid id.") from None
        lookup = "iexact" if field.case_insensitive and isinstance(value, str) else "exact"
        return Q(**{f"{field.path}__{lookup}": value})

    def _literal(self) -> Any:
        kind, text = self._take()
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind == "word" and text.lower() in {"true", "false", "null"}:
            return {"true": True, "false": False, "null": None}[text.lower()]
        raise bad_request(f"Invalid filter clause: '{text}' is not a literal.")


def parse_filter(text: str, fields: Mapping[str, FilterField], type_name: str) -> Q:
    if len(text) > MAX_FILTER_LENGTH:
        raise bad_request(f"Invalid filter clause: longer than {MAX_FILTER_LENGTH} characters.")
    try:
        return _FilterParser(text, fields, type_name).parse()
    except RecursionError:
        raise bad_request("Invalid filter clause: nested too deeply.") from None


def parse_select(request: GraphRequest, properties: Iterable[str], type_name: str) -> list[str] | None:
    text = request.query.get("select")
    if text is None:
        return None
    known = {p.lower(): p for p in properties}
    selected = []
    for name in (part.strip() for part in text.split(",")):
        if name.lower() not in known:
            raise bad_request(f"Could not find a property named '{name}' on type 'microsoft.graph.{type_name}'.")
        selected.append(known[name.lower()])
    return selected


def parse_orderby(request: GraphRequest, fields: Mapping[str, str], default: list[str]) -> list[str]:
    text = request.query.get("orderby")
    if not text:
        return default
    known = {name.lower(): path for name, path in fields.items()}
    order = []
    for clause in text.split(","):
        parts = clause.split()
        if not parts or len(parts) > 2 or (len(parts) == 2 and parts[1].lower() not in {"asc", "desc"}):
            raise bad_request(f"Invalid $orderby clause '{clause.strip()}'.")
        path = known.get(parts[0].lower())
        if path is None:
            raise bad_request(f"Ordering by '{parts[0]}' is not supported.")
        order.append(("-" if len(parts) == 2 and parts[1].lower() == "desc" else "") + path)
    return order


def parse_int_option(request: GraphRequest, name: str, *, default: int, minimum: int) -> int:
    text = request.query.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise bad_request(f"Invalid value '{text}' for query option '${name}': an integer is expected.") from None
    if not minimum <= value <= MAX_INT_OPTION:
        raise bad_request(
            f"Invalid value '{text}' for query option '${name}': must be between {minimum} and {MAX_INT_OPTION}."
        )
    return value


def page_link(request: GraphRequest, **options: str | int) -> str:
    """The URL of another page of the same query: every option kept, the paging ones replaced."""
    query = {f"${name}": value for name, value in request.query.items()} | {
        f"${name}": str(value) for name, value in options.items()
    }
    return f"{request.base_url}/{request.path}?{urlencode(query, safe='$(),')}"


def select_properties(entity: dict[str, Any], selected: list[str] | None) -> dict[str, Any]:
    if selected is None:
        return entity
    keep = set(selected) | {"id", "@odata.type"}
    return {key: value for key, value in entity.items() if key in keep}
