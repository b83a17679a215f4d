"""HTTP to Microsoft Graph: the only place that does it (docs/architecture.md, "The Graph service module").

- One pooled `requests.Session` per process; connect and read timeouts on every call.
- One retry policy (`RetryBudget`), for plain requests and for the items inside a `$batch` alike: a throttled (429)
  or unavailable (502/503/504) answer is asked again after its `Retry-After` (seconds, fractions allowed), or after
  an exponential backoff with jitter when there is none; at most GRAPH_MAX_RETRIES times and GRAPH_MAX_RETRY_WAIT
  seconds in all per logical call. A POST is sent again only when Graph cannot have processed it (429, or a
  connection never made), so a retry never creates twice.
- Every answer becomes a dict or a typed error (errors.py); `request-id` / `client-request-id` are logged.
"""

import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import requests
from django.conf import settings

from ..timing import record_outbound
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

# Answers worth asking again, for a request that is safe to repeat; 429 is worth it for any request.
UNAVAILABLE_STATUSES = frozenset({502, 503, 504})
BACKOFF_BASE_SECONDS = 0.5

_session = requests.Session()
# Team pages send up to GRAPH_BATCH_CONCURRENCY $batch requests at once: keep that many pooled connections, and some
# for the other requests of the process, so a big team page does not open and throw away connections each time.
_POOL_SIZE = settings.GRAPH_BATCH_CONCURRENCY + 16
_session.mount("https://", requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=_POOL_SIZE))
_session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=_POOL_SIZE))


def is_repeatable(method: str) -> bool:
    """Whether sending a request twice does no more than sending it once. The portal's PATCH bodies set absolute
    values and DELETE is idempotent; a POST creates."""
    return method.upper() != "POST"


def worth_retrying(status: int, *, repeatable: bool) -> bool:
    # 429: Graph did not process the request. 502-504: it may have, so only what is safe to repeat is sent again.
    return status == 429 or (repeatable and status in UNAVAILABLE_STATUSES)


def backoff(retry: int) -> float:
    """Full jitter: spreads the retries of many clients that were throttled together."""
    return random.uniform(0, BACKOFF_BASE_SECONDS * 2 ** (retry - 1))  # noqa: S311  (not for security)


@dataclass
class RetryBudget:
    """What one logical call may still spend on retries: GRAPH_MAX_RETRIES sends and GRAPH_MAX_RETRY_WAIT seconds of
    waiting, whichever runs out first. A `$batch` and all its items share one budget."""

    retries: int = 0
    waited: float = 0.0

    single_attempt: bool = False

    @classmethod
    def one_attempt(cls) -> "RetryBudget":
        """No retries: for a call whose answer is nice to have, where waiting would cost more than not knowing."""
        return cls(single_attempt=True)

    def delay(self, retry_after: float | None) -> float:
        return backoff(self.retries + 1) if retry_after is None else retry_after

    def allows(self, delay: float) -> bool:
        if self.single_attempt:
            return False
        return self.retries < settings.GRAPH_MAX_RETRIES and self.waited + delay <= settings.GRAPH_MAX_RETRY_WAIT

    def spend(self, delay: float) -> None:
        self.retries += 1
        self.waited += delay


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

    def retry(self, *, keep: set[str]) -> "BatchRequest":
        """This item for a batch holding only the items in `keep`."""
        return replace(self, depends_on=tuple(d for d in self.depends_on if d in keep))

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
    if status == 429:
        return GraphThrottled(message, retry_after=retry_after, status=status, code=code, request_id=request_id)
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
    return error_type(message, status=status, code=code, request_id=request_id)


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
        before_send: Callable[[], None] | None = None,
    ) -> None:
        self._token = token
        self.base_url = (base_url or settings.GRAPH_BASE_URL).rstrip("/")
        self._session = session or _session
        self._sleep = sleep
        # Called before every HTTP exchange, retries included: a long job's request budget counts (and stops) here.
        self._before_send = before_send

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict | None = None,
        json_body: Any = None,
        repeatable: bool | None = None,
        budget: RetryBudget | None = None,
        headers: dict[str, str] | None = None,
        read_timeout: float | None = None,
    ) -> GraphResponse:
        """One logical call: sent again under the retry policy, then a GraphResponse or a typed error. `headers` are
        added to each attempt (e.g. `ConsistencyLevel: eventual` for an advanced directory query)."""
        url = self.url(path)
        repeatable = is_repeatable(method) if repeatable is None else repeatable
        budget = budget or RetryBudget()
        client_request_id = str(uuid.uuid4())
        while True:
            sent = {
                **(headers or {}),
                "Authorization": f"Bearer {self._token()}",
                "client-request-id": client_request_id,
            }
            started = time.monotonic()
            try:
                response = self._send(
                    method,
                    url,
                    params=params,
                    json=json_body,
                    headers=sent,
                    timeout=(settings.GRAPH_CONNECT_TIMEOUT, read_timeout or settings.GRAPH_READ_TIMEOUT),
                )
            except (requests.ConnectionError, requests.Timeout) as error:
                # A connection never made (ConnectTimeout) cannot have reached Graph; anything else might have.
                fields = _log_fields(method, client_request_id, budget, started) | {"error": type(error).__name__}
                delay = budget.delay(None)
                if (repeatable or isinstance(error, requests.ConnectTimeout)) and budget.allows(delay):
                    logger.warning("graph %s %s: %s; retrying in %.2fs", method, url, error.__class__.__name__, delay,
                                   extra=fields | {"retry_in_s": round(delay, 2)})  # fmt: skip
                    self._wait(budget, delay)
                    continue
                logger.warning("graph %s %s failed: %s (client-request-id %s)", method, url, error, client_request_id,
                               extra=fields)  # fmt: skip
                raise GraphUnavailable(str(error)) from error

            request_id = response.headers.get("request-id", "")
            fields = _log_fields(
                method, response.headers.get("client-request-id", client_request_id), budget, started
            ) | {"graph_request_id": request_id, "status": response.status_code}
            logger.info(
                "graph %s %s -> %s in %.0f ms (request-id %s, client-request-id %s, retry %d)",
                method, url, response.status_code, fields["duration_ms"], request_id, fields["client_request_id"],
                budget.retries, extra=fields,
            )  # fmt: skip
            if worth_retrying(response.status_code, repeatable=repeatable):
                delay = budget.delay(_retry_after(response))
                if budget.allows(delay):
                    self._wait(budget, delay)
                    continue
            return self._result(response, request_id)

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One HTTP exchange with Graph, recorded for the request's Server-Timing (timing.py): each retry is one."""
        if self._before_send is not None:
            self._before_send()
        started = time.perf_counter()
        try:
            return self._session.request(method, url, **kwargs)
        finally:
            record_outbound(started)

    def _wait(self, budget: RetryBudget, delay: float) -> None:
        self._sleep(delay)
        budget.spend(delay)

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

    def get(self, path: str, *, params: dict | None = None, headers: dict[str, str] | None = None) -> dict:
        return self.request("GET", path, params=params, headers=headers).body

    def get_all(self, path: str, *, params: dict | None = None) -> Iterator[dict]:
        """Every item of a collection, following `@odata.nextLink` verbatim."""
        page = self.get(path, params=params)
        while True:
            yield from page.get("value", [])
            next_link = page.get("@odata.nextLink")
            if not next_link:
                return
            page = self.get(next_link)

    def batch(self, items: list[BatchRequest]) -> dict[str, BatchResult]:
        """One logical `$batch` of at most 20 items: each item's final answer by id.

        Items answered 429 (or 502-504, when safe to repeat) are sent again, together with the items that failed
        only because they depend on them (424), after the longest `Retry-After` among them; under one budget with
        the batch request itself. What is still failing when the budget runs out is returned as it was answered.
        The batch's own failures raise."""
        if not 1 <= len(items) <= MAX_BATCH:
            raise ValueError(f"a batch holds 1 to {MAX_BATCH} requests")
        budget = RetryBudget()
        repeatable = all(is_repeatable(item.method) for item in items)
        results: dict[str, BatchResult] = {}
        pending = items
        while True:
            results |= self._send_batch(pending, repeatable=repeatable, budget=budget)
            again = {
                item.id
                for item in pending
                if worth_retrying(results[item.id].status, repeatable=is_repeatable(item.method))
            }
            if not again:
                return results
            delay = max(budget.delay(results[key].retry_after) for key in again)
            again |= _dependents(pending, again, results)
            if not budget.allows(delay):
                return results
            self._wait(budget, delay)
            # Dependencies that already succeeded are not sent again: the retried items no longer wait for them.
            pending = [item.retry(keep=again) for item in pending if item.id in again]

    def _send_batch(
        self, items: list[BatchRequest], *, repeatable: bool, budget: RetryBudget
    ) -> dict[str, BatchResult]:
        answer = self.request(
            "POST", "$batch", json_body={"requests": [item.as_json() for item in items]},
            repeatable=repeatable, budget=budget,
        )  # fmt: skip
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


def _log_fields(method: str, client_request_id: str, budget: RetryBudget, started: float) -> dict[str, Any]:
    """The structured fields of a Graph call's log line (logs.JsonFormatter writes them as JSON)."""
    return {
        "method": method,
        "client_request_id": client_request_id,
        "retries": budget.retries,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }


def _dependents(items: list[BatchRequest], failed: set[str], results: dict[str, BatchResult]) -> set[str]:
    """The items answered 424 because something in `failed` (directly or through a chain) failed."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for item in items:
            if item.id not in found and results[item.id].status == 424 and set(item.depends_on) & (failed | found):
                found.add(item.id)
                changed = True
    return found
