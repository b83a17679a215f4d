"""Fault and latency injection, run-time overrides and request counters for tests and benchmarks (and, in
request_log.py, the log of requests answered, which `reset` and `reset_counters` clear too).

The state lives in the serving process (the local tenant runs as one process: runserver or a test's live
server). Settings give the start values; `POST /_tenant/control` changes them while the server runs: a JSON body
(`Content-Type: application/json`, else 415) from a loopback client and not from another site's page (else 403;
views.control_endpoint).
"""

import random
import re
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.conf import settings

from .request_log import note_latency, request_log

# The Graph application permissions the local tenant knows (docs/local-tenant.md, "Application identity").
APPLICATION_PERMISSIONS = ("User.Read.All", "User.ReadWrite.All", "Directory.Read.All")

FAULT_STATUSES = {
    429: ("TooManyRequests", "Please retry again later."),
    503: ("serviceNotAvailable", "Service unavailable."),
}


@dataclass
class Plan:
    latency_ms: int = 0
    fail_next: int = 0  # answer the next N matching operations with `status`
    fail_rate: float = 0.0  # or this fraction of them, drawn from random.Random(seed)
    status: int = 429
    # Or each fault's status drawn from these with the same random.Random(seed), e.g. [429, 503]; None uses `status`.
    statuses: list[int] | None = None
    retry_after: float | None = 1.0  # seconds; None sends no Retry-After header
    seed: int = 0
    match: str = ""  # regex searched in "METHOD /path" of the operation; empty matches all
    access_token_lifetime: int | None = None  # seconds; None uses the setting
    write_others: str | None = None  # "admins" | "denied"; None uses the setting
    # The application permissions the tenant's admin consented for the portal's app (its client-credentials token's
    # `roles`); None uses the setting. [] withdraws consent: the token then has no roles and Graph answers 403.
    app_permissions: list[str] | None = None

    def validate(self) -> None:
        if self.latency_ms < 0 or self.latency_ms > 60_000:
            raise ValueError("latency_ms must be between 0 and 60000")
        if self.fail_next < 0:
            raise ValueError("fail_next must not be negative")
        if not 0.0 <= self.fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1")
        if self.status not in FAULT_STATUSES:
            raise ValueError("status must be 429 or 503")
        if self.statuses is not None and (
            not isinstance(self.statuses, list)
            or not self.statuses
            # bool is an int: `true` must not pass for a status
            or any(type(status) is not int or status not in FAULT_STATUSES for status in self.statuses)
        ):
            raise ValueError("statuses must be null or a non-empty list of 429 and 503")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError("retry_after must not be negative")
        if self.access_token_lifetime is not None and self.access_token_lifetime < 1:
            raise ValueError("access_token_lifetime must be at least 1 second")
        if self.write_others not in (None, "admins", "denied"):
            raise ValueError("write_others must be 'admins' or 'denied'")
        if self.app_permissions is not None and (
            not isinstance(self.app_permissions, list)
            or any(name not in APPLICATION_PERMISSIONS for name in self.app_permissions)
        ):
            raise ValueError(f"app_permissions must be null or a list of {', '.join(APPLICATION_PERMISSIONS)}")
        try:
            re.compile(self.match)
        except re.error as error:
            raise ValueError(f"match is not a valid regular expression: {error}") from None


@dataclass(frozen=True)
class Fault:
    status: int
    code: str
    message: str
    retry_after: float | None


class TenantControl:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._plan = Plan(latency_ms=settings.LOCAL_TENANT_LATENCY_MS)
            self._random = random.Random(self._plan.seed)  # noqa: S311  (fault injection, not security)
            self._requests: Counter[str] = Counter()
            self._batch_items: Counter[str] = Counter()
            self._faults: Counter[int] = Counter()
        request_log.clear()

    def configure(self, changes: dict[str, Any]) -> None:
        names = {f.name for f in fields(Plan)}
        unknown = set(changes) - names
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        with self._lock:
            candidate = Plan(**(asdict(self._plan) | changes))
            candidate.validate()
            self._plan = candidate
            if {"seed", "fail_rate", "statuses"} & set(changes):
                self._random = random.Random(candidate.seed)  # noqa: S311

    def reset_counters(self) -> None:
        with self._lock:
            self._requests.clear()
            self._batch_items.clear()
            self._faults.clear()
        request_log.clear()

    @property
    def access_token_lifetime(self) -> int:
        return self._plan.access_token_lifetime or settings.LOCAL_TENANT_ACCESS_TOKEN_LIFETIME

    @property
    def write_others(self) -> str:
        return self._plan.write_others or settings.LOCAL_TENANT_WRITE_OTHERS

    @property
    def app_permissions(self) -> list[str]:
        consented = self._plan.app_permissions
        return list(settings.LOCAL_TENANT_APP_PERMISSIONS if consented is None else consented)

    def delay(self) -> None:
        if self._plan.latency_ms:
            started = time.perf_counter()
            time.sleep(self._plan.latency_ms / 1000)
            # What was actually slept (a sleep overshoots a little): the request log subtracts it from the time
            # the request took, leaving the tenant's own.
            note_latency((time.perf_counter() - started) * 1000)

    def count(self, operation: str, *, in_batch: bool) -> None:
        with self._lock:
            (self._batch_items if in_batch else self._requests)[operation] += 1

    def draw_fault(self, operation: str) -> Fault | None:
        """Decide whether this operation ("GET /me/profile/interests") is answered with an injected fault."""
        with self._lock:
            plan = self._plan
            if not (plan.fail_next or plan.fail_rate) or not re.search(plan.match, operation):
                return None
            if plan.fail_next:
                plan.fail_next -= 1
            elif self._random.random() >= plan.fail_rate:
                return None
            status = self._random.choice(plan.statuses) if plan.statuses else plan.status
            self._faults[status] += 1
            code, message = FAULT_STATUSES[status]
            return Fault(status, code, message, plan.retry_after)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "plan": asdict(self._plan),
                "effective": {
                    "access_token_lifetime": self.access_token_lifetime,
                    "write_others": self.write_others,
                    "app_permissions": self.app_permissions,
                },
                "requests": {"total": sum(self._requests.values()), "by_operation": dict(self._requests)},
                "batch_items": {
                    "total": sum(self._batch_items.values()),
                    "by_operation": dict(self._batch_items),
                },
                "faults": {
                    "total": sum(self._faults.values()),
                    "by_status": {str(status): count for status, count in sorted(self._faults.items())},
                },
            }


control = TenantControl()
