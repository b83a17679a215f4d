"""Graph requests and responses independent of Django, so `$batch` can dispatch its items like any request."""

import json
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from ..models import DirectoryObject

JSON_CONTENT_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

# Query options this stand-in understands; on beta the `$` prefix is optional.
KNOWN_QUERY_OPTIONS = {"top", "skip", "select", "orderby", "filter", "search", "skiptoken", "count", "deltatoken"}


class CaseInsensitiveHeaders(dict[str, str]):
    def __init__(self, headers: Mapping[str, str] | None = None) -> None:
        super().__init__((k.lower(), v) for k, v in (headers or {}).items())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


@dataclass(frozen=True)
class Caller:
    """Who the bearer token speaks for: a signed-in user (delegated permissions, `scopes`), or, with `user` None,
    the application itself (client credentials: application permissions, in `roles`)."""

    user: DirectoryObject | None
    scopes: frozenset[str]
    roles: tuple[str, ...]
    client_id: str

    @property
    def is_app(self) -> bool:
        return self.user is None


@dataclass
class GraphRequest:
    method: str
    path: str  # percent-decoded, relative to the version root, no leading slash: "me/profile/interests"
    query: dict[str, str]  # normalised option names without `$`: {"top": "5"}
    headers: CaseInsensitiveHeaders
    body: bytes
    base_url: str  # absolute URL of the version root, ".../_tenant/graph/beta"
    raw_query: str = ""
    caller: Caller | None = None
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def client_request_id(self) -> str:
        return self.headers.get("client-request-id") or self.request_id


def parse_query(raw_query: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for key, value in parse_qsl(raw_query, keep_blank_values=True):
        name = key[1:] if key.startswith("$") else key
        if name.lower() in KNOWN_QUERY_OPTIONS:
            options[name.lower()] = value
        elif key.startswith("$"):
            raise GraphError(400, "BadRequest", f"Query option '{key}' is not supported.")
    return options


@dataclass
class GraphResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encoded_body(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body, ensure_ascii=False).encode()


class GraphError(Exception):
    """An error answered with Graph's envelope: {"error": {"code", "message", "innerError": {...}}}."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        inner_code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.inner_code = inner_code
        self.headers = headers or {}

    def to_response(self, request: GraphRequest) -> GraphResponse:
        inner: dict[str, str] = {}
        if self.inner_code:
            inner["code"] = self.inner_code
        inner |= {
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "request-id": request.request_id,
            "client-request-id": request.client_request_id,
        }
        body = {"error": {"code": self.code, "message": self.message, "innerError": inner}}
        headers = {"request-id": request.request_id, "client-request-id": request.client_request_id}
        return GraphResponse(self.status, body, headers | self.headers)


def bad_request(message: str, *, code: str = "BadRequest", inner_code: str | None = None) -> GraphError:
    return GraphError(400, code, message, inner_code=inner_code)


def invalid_request(message: str, *, inner_code: str | None = None) -> GraphError:
    return GraphError(400, "invalidRequest", message, inner_code=inner_code)


def forbidden() -> GraphError:
    return GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")


def not_found(resource: str) -> GraphError:
    return GraphError(
        404,
        "Request_ResourceNotFound",
        f"Resource '{resource}' does not exist or one of its queried reference-property objects are not present.",
    )


def item_not_found() -> GraphError:
    return GraphError(404, "itemNotFound", "The requested item was not found.")


def format_timestamp(value: datetime) -> str:
    """Graph's DateTimeOffset: UTC with 7 fractional digits, or the sentinel of items synced from UPA."""
    value = value.astimezone(UTC)
    if value.year == 1:
        return "0001-01-01T00:00:00Z"
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def _refuse_literal(literal: str) -> None:
    raise ValueError(f"{literal} is not valid JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"{literal} is out of range")
    return value


def _storable_text(document: Any) -> bool:
    """No string may hold a NUL or a lone surrogate: no database stores them (walked without recursion)."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            if "\x00" in value:
                return False
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return True


def read_json_body(request: GraphRequest) -> Any:
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise GraphError(
            415, "UnsupportedMediaType", "The request body must be JSON, sent with Content-Type: application/json."
        )
    try:
        document = json.loads(request.body.decode("utf-8"), parse_constant=_refuse_literal, parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _unreadable_body() from None
    if not _storable_text(document):
        raise _unreadable_body()
    return document


def _unreadable_body() -> GraphError:
    return bad_request(
        "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of "
        "valid JSON format."
    )
