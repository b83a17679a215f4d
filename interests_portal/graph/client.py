"""HTTP to Microsoft Graph: the only place that does it (docs/architecture.md, "The Graph service module").

- One pooled `requests.Session` per process; connect and read timeouts on every call.
- 429 and 503 are retried after `Retry-After` (seconds, fractions allowed), or after an exponential backoff with
  jitter when it is absent, within a bounded total wait. Connection failures are retried for requests that are safe
  to repeat. A POST is retried only after a 429 (Graph says it did not process it), so a retry never duplicates.
- Every answer becomes a dict or a typed error (errors.py); `request-id` / `client-request-id` are logged.
"""

import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

from .errors import (
    GraphForbidden,
    GraphInvalid,
    GraphNotFound,
    GraphProblem,
    GraphThrottled,
    GraphUnavailable,
    SignInRequired,
)

logger = logging.getLogger(__name__)

# Safe to send again after a connection failure. Our PATCH bodies set absolute values, so repeating one is harmless.
REPEATABLE_AFTER_CONNECTION_FAILURE = {"GET", "DELETE", "PATCH"}
BACKOFF_BASE_SECONDS = 0.5

_session = requests.Session()
# Team pages send several $batch requests at once: keep enough pooled connections for them.
_session.mount("https://", requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=16))
_session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=16))


@dataclass(frozen=True)
class GraphResponse:
    status: int
    body: Any
    request_id: str


MAX_BATCH = 20


@dataclass(frozen=True)
class BatchRequest:
    id: str
    method: str
    url: str  # relative to the version root: "users/{id}/profile/interests"
    body: Any = None
    depends_on: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {"id": self.id, "method": self.method, "url": "/" + self.url.lstrip("/")}
        if self.body is not None:
            item["body"] = self.body
            item["headers"] = {"Content-Type": "application/json"}
        if self.depends_on:
            item["dependsOn"] = list(self.depends_on)
        return item


@dataclass(frozen=True)
class BatchResult:
    id: str
    status: int
    body: Any
    request_id: str
    retry_after: float | None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def error(self) -> GraphProblem:
        error = self.body.get("error", {}) if isinstance(self.body, dict) else {}
        return error_for(
            self.status, str(error.get("code", "")), str(error.get("message", "")),
            request_id=self.request_id, retry_after=self.retry_after,
        )  # fmt: skip


def _seconds(value: str | None) -> float | None:
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and seconds >= 0 else None


def _retry_after(response: requests.Response) -> float | None:
    return _seconds(response.headers.get("Retry-After"))


def error_for(
    status: int, code: str, message: str, *, request_id: str = "", retry_after: float | None = None
) -> GraphProblem:
    """The typed error for a failed answer, plain or inside a $batch."""
    details = {"status": status, "code": code, "request_id": request_id}
    if status == 429:
        return GraphThrottled(message, retry_after=retry_after, **details)
    error_type: type[GraphProblem]
    if status == 401:
        error_type = SignInRequired
    elif status == 403:
        error_type = GraphForbidden
    elif status == 404:
        error_type = GraphNotFound
    elif status in (400, 409, 413, 415, 422):
        error_type = GraphInvalid
    else:
        error_type = GraphUnavailable
    return error_type(message, **details)


def _error_details(response: requests.Response) -> tuple[str, str]:
    """Graph's error code and message, read tolerantly (the envelope's key case varies)."""
    try:
        error = response.json().get("error", {})
        return str(error.get("code", "")), str(error.get("message", ""))
    except (ValueError, AttributeError):
        return "", response.text[:200]


class GraphClient:
    def __init__(
        self,
        token: Callable[[], str],
        *,
        base_url: str | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._token = token
        self.base_url = (base_url or settings.GRAPH_BASE_URL).rstrip("/")
        self._session = session or _session
        self._sleep = sleep

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"

    def request(self, method: str, path: str, *, params: dict | None = None, json_body: Any = None) -> GraphResponse:
        url = self.url(path)
        client_request_id = str(uuid.uuid4())
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                response = self._session.request(
                    method,
                    url,
                    params=params,
                    json=json_body,
                    headers={"Authorization": f"Bearer {self._token()}", "client-request-id": client_request_id},
                    timeout=(settings.GRAPH_CONNECT_TIMEOUT, settings.GRAPH_READ_TIMEOUT),
                )
            except (requests.ConnectionError, requests.Timeout) as error:
                delay = self._backoff(attempt)
                if method in REPEATABLE_AFTER_CONNECTION_FAILURE and self._may_wait(attempt, waited, delay):
                    logger.warning("graph %s %s: %s; retrying in %.2fs", method, url, error.__class__.__name__, delay)
                    self._sleep(delay)
                    waited += delay
                    continue
                logger.warning("graph %s %s failed: %s (client-request-id %s)", method, url, error, client_request_id)
                raise GraphUnavailable(str(error)) from error

            request_id = response.headers.get("request-id", "")
            logger.info(
                "graph %s %s -> %s in %.0f ms (request-id %s, client-request-id %s, attempt %d)",
                method, url, response.status_code, (time.monotonic() - started) * 1000, request_id,
                response.headers.get("client-request-id", client_request_id), attempt,
            )  # fmt: skip
            if response.status_code in (429, 503):
                retryable = response.status_code == 429 or method != "POST"
                delay = _retry_after(response)
                delay = self._backoff(attempt) if delay is None else delay
                if retryable and self._may_wait(attempt, waited, delay):
                    self._sleep(delay)
                    waited += delay
                    continue
            return self._result(response, request_id)

    def pause(self, seconds: float) -> None:
        self._sleep(seconds)

    def _backoff(self, attempt: int) -> float:
        # Full jitter: spreads the retries of many clients that were throttled together.
        return random.uniform(0, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))  # noqa: S311  (not for security)

    def _may_wait(self, attempt: int, waited: float, delay: float) -> bool:
        return attempt <= settings.GRAPH_MAX_RETRIES and waited + delay <= settings.GRAPH_MAX_RETRY_WAIT

    def _result(self, response: requests.Response, request_id: str) -> GraphResponse:
        status = response.status_code
        if 200 <= status < 300:
            if status == 204 or not response.content:
                return GraphResponse(status, None, request_id)
            try:
                return GraphResponse(status, response.json(), request_id)
            except ValueError as error:
                raise GraphUnavailable(
                    "Graph answered with something that is not JSON.", status=status, request_id=request_id
                ) from error
        code, message = _error_details(response)
        raise error_for(status, code, message, request_id=request_id, retry_after=_retry_after(response))

    def get(self, path: str, *, params: dict | None = None) -> dict:
        return self.request("GET", path, params=params).body

    def get_all(self, path: str, *, params: dict | None = None) -> Iterator[dict]:
        """Every item of a collection, following `@odata.nextLink` verbatim."""
        page = self.get(path, params=params)
        while True:
            yield from page.get("value", [])
            next_link = page.get("@odata.nextLink")
            if not next_link:
                return
            page = self.get(next_link)

    def batch(self, items: list["BatchRequest"]) -> dict[str, "BatchResult"]:
        """One `POST /$batch` (at most 20 items): each item's answer by id. The batch's own failures raise."""
        if not 1 <= len(items) <= MAX_BATCH:
            raise ValueError(f"a batch holds 1 to {MAX_BATCH} requests")
        answer = self.post("$batch", {"requests": [item.as_json() for item in items]})
        results = {}
        for raw in (answer.body or {}).get("responses", []):
            headers = {str(k).lower(): str(v) for k, v in (raw.get("headers") or {}).items()}
            results[str(raw.get("id"))] = BatchResult(
                id=str(raw.get("id")),
                status=int(raw.get("status", 0)),
                body=raw.get("body"),
                request_id=headers.get("request-id", answer.request_id),
                retry_after=_seconds(headers.get("retry-after")),
            )
        missing = [item.id for item in items if item.id not in results]
        if missing:
            raise GraphUnavailable(f"Graph's batch answer left out {', '.join(missing)}.", request_id=answer.request_id)
        return results

    def post(self, path: str, body: Any) -> GraphResponse:
        return self.request("POST", path, json_body=body)

    def patch(self, path: str, body: Any) -> GraphResponse:
        return self.request("PATCH", path, json_body=body)

    def delete(self, path: str) -> GraphResponse:
        return self.request("DELETE", path)
