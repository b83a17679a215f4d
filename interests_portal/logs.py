"""Production logging: who and which request every line is about, JSON lines, and no secrets at any level.

- `request_id` and `user_oid` are context variables, set by `RequestLogMiddleware` for the duration of a request;
  `ContextFilter` copies them onto every record (`-` outside a request, or for no one signed in). Threads that
  work for a request (the team page's concurrent `$batch` requests) run in a copy of the request's context.
- `JsonFormatter` writes one JSON object per line, with the structured fields a call passes through `extra=`
  (`graph_request_id`, `duration_ms`, ...).
- `RedactionFilter`, on every handler whatever the level, rewrites the final message (arguments merged in), the
  exception text and any string `extra` so that authorization codes, PKCE verifiers, client secrets and
  assertions, tokens, `Authorization` header values and anything shaped like a JWT never reach the output. MSAL
  logs the authorization code and the PKCE verifier at DEBUG; urllib3 and the dev server log URLs with their query
  strings (the sign-in callback's `?code=...`).
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

UNKNOWN = "-"

request_id: ContextVar[str] = ContextVar("request_id", default=UNKNOWN)
user_oid: ContextVar[str] = ContextVar("user_oid", default=UNKNOWN)

REDACTED = "[REDACTED]"

# --- Redaction ------------------------------------------------------------------------------------------------

# Names whose values are secrets, as query/form parameters, JSON keys or Python dict keys. "secret" is where
# MSAL's serialized token cache keeps each token.
SECRET_NAMES = (
    "code",
    "code_verifier",
    "client_secret",
    "client_assertion",
    "assertion",
    "refresh_token",
    "access_token",
    "id_token",
    "password",
    "secret",
)
_NAMES = "|".join(sorted(SECRET_NAMES, key=len, reverse=True))

_NOT_YET = r"(?!\[REDACTED\])"  # redacting twice changes nothing

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Anything shaped like a JWT (header.payload.signature, base64url; the signature may be empty), JWE included.
    (re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?"), REDACTED),
    # Authorization header values, the scheme kept: "Authorization: Bearer x", "'Authorization': 'Basic x'".
    (
        re.compile(
            r"(?i)(\bauthorization[\"']?\s*[:=]\s*[\"']?)(?!(?:[a-z]+\s+)?\[REDACTED\])"
            r"((?:bearer|basic|negotiate|pop)\s+)?[^\s\"',;}]+"
        ),
        r"\1\2" + REDACTED,
    ),
    # A bearer token anywhere else.
    (re.compile(rf"(?i)\b(bearer\s+){_NOT_YET}[A-Za-z0-9._~+/=-]+"), r"\1" + REDACTED),
    # JSON and Python reprs: "code": "...", 'refresh_token': '...', 'client_secret': b'...'.
    (
        re.compile(rf"""(?i)(["'](?:{_NAMES})["']\s*:\s*b?)(["'])(?:\\.|(?!\2).)*\2"""),
        r"\1\2" + REDACTED + r"\2",
    ),
    # Query strings and form bodies: code=..., &code_verifier=..., and percent-encoded inside another parameter
    # (next=%2Fx%3Fcode%3D...). Not error_code=, not code_challenge=.
    (
        re.compile(
            rf"(?i)(?:(?<![A-Za-z0-9_.%-])|(?<=%3F)|(?<=%26))((?:{_NAMES})(?:=|%3D)){_NOT_YET}"
            r"[^&\s\"'#;,)\]}]+"
        ),
        r"\1" + REDACTED,
    ),
    # Passwords in URLs: postgres://user:secret@host, redis://:secret@host.
    (re.compile(rf"(://[^/\s:@]*:){_NOT_YET}[^/\s@]+@"), r"\1" + REDACTED + "@"),
)


def redact(text: str) -> str:
    """`text` without the secrets it may carry (SECRET_NAMES' values, Authorization values, JWTs, URL passwords)."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


# The attributes every LogRecord has: anything else on a record came from `extra=` (or a filter).
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "user_oid",
    "taskName",
}


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _RECORD_ATTRIBUTES and not k.startswith("_")}


class RedactionFilter(logging.Filter):
    """Removes secrets from a record before any handler formats it. Idempotent, so several handlers may share it.

    The message is merged with its arguments first (a secret may be in either), the exception and stack text are
    rendered and redacted in advance (formatters reuse `exc_text`), and string extras are redacted too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the format: keep both, redacted, rather than fail later
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(str(message))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in _extras(record).items():
            if isinstance(value, str):
                setattr(record, key, redact(value))
        return True


# --- Context --------------------------------------------------------------------------------------------------


class ContextFilter(logging.Filter):
    """Puts the current `request_id` and `user_oid` on every record (`-` when there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(getattr(record, "request_id", None), str):
            record.request_id = request_id.get()
        if not isinstance(getattr(record, "user_oid", None), str):
            record.user_oid = user_oid.get()
        return True


# --- JSON lines -----------------------------------------------------------------------------------------------

_JSON_VALUES = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, request_id, user_oid, exception
    (when any), and every structured `extra` whose value is a plain JSON value (objects such as Django's `request`
    are left out: their reprs carry query strings)."""

    def format(self, record: logging.LogRecord) -> str:
        context_id = getattr(record, "request_id", UNKNOWN)
        oid = getattr(record, "user_oid", UNKNOWN)
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": None if context_id == UNKNOWN else context_id,
            "user_oid": None if oid == UNKNOWN else oid,
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in _extras(record).items():
            if key not in entry and isinstance(value, _JSON_VALUES):
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)


# --- One line per request -------------------------------------------------------------------------------------

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_logger = logging.getLogger("interests_portal.request")


def incoming_request_id(value: str | None) -> str:
    """The caller's request id when it is well-formed (at most 64 of A-Z a-z 0-9 . _ -), else a new one."""
    if value and _WELL_FORMED_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _oid_of(request: HttpRequest) -> str | None:
    """The signed-in user's Entra object id, or None. Never raises: logging must not fail a request (reading the
    user can need the database, which may be what just failed)."""
    try:
        user = getattr(request, "user", None)  # absent for requests answered before AuthenticationMiddleware
        if user is None or not user.is_authenticated:
            return None
        return getattr(user, "entra_object_id", "") or None
    except Exception:
        return None


class RequestLogMiddleware:
    """Gives every request an id (the caller's `X-Request-ID` when well-formed), sets the logging context for the
    request, echoes the id in the response's `X-Request-ID`, and logs one line per request at INFO: method, path
    (never the query string: the sign-in callback carries the authorization code), status and duration.

    It sits before SecurityMiddleware (after the health probes' middleware only), so https redirects and static
    files get a line too. The signed-in user is known once AuthenticationMiddleware has run: it is read in
    `process_view`, and again after the view (signing in changes it). The context is reset when the request ends.
    Django's own line about a 4xx/5xx answer is written inside the context too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        rid = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        rid_token = request_id.set(rid)
        oid_token = user_oid.set(UNKNOWN)
        try:
            response = self.get_response(request)
            if oid := _oid_of(request):
                user_oid.set(oid)
            if response.status_code >= 400:
                # Django's handler logs a 4xx/5xx answer after every middleware has returned, outside this context:
                # logged here, with the request id and the user, it is not logged again (log_response marks it).
                log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
            response[REQUEST_ID_HEADER] = rid
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            request_logger.info(
                "%s %s -> %s in %.0f ms", request.method, request.path, response.status_code, duration_ms,
                extra={"method": request.method, "path": request.path, "status": response.status_code,
                       "duration_ms": duration_ms},
            )  # fmt: skip
            return response
        finally:
            user_oid.reset(oid_token)
            request_id.reset(rid_token)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        if oid := _oid_of(request):
            user_oid.set(oid)
