"""Routes Graph requests (from HTTP or from a `$batch`) to their handlers: auth, faults, errors in one place."""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from ..control import control
from . import batch, delta, directory, profile
from .auth import authenticate
from .http import GraphError, GraphRequest, GraphResponse, bad_request, parse_query

logger = logging.getLogger(__name__)

_USER = r"(?:users/(?P<user>[^/]+?)|users\('(?P<quoted>[^/]+?)'\))"
_OWNER = rf"(?:me|{_USER})"


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    handlers: dict[str, Callable[..., GraphResponse]]

    def operation(self, method: str, match: re.Match[str]) -> str:
        """A label for counting and fault matching, ids replaced: "GET /users/{id}/profile/interests"."""
        path = match.string
        named = [name for name in ("interest", "user", "quoted") if name in self.pattern.groupindex]
        for start, end in sorted((match.span(name) for name in named if match.group(name)), reverse=True):
            path = path[:start] + "{id}" + path[end:]
        return f"{method} /{path}"


def _route(pattern: str, **handlers: Callable[..., GraphResponse]) -> Route:
    return Route(re.compile(pattern, re.IGNORECASE), handlers)


def _batch(request: GraphRequest) -> GraphResponse:
    return batch.run_batch(request, dispatch)


ROUTES = [
    _route(rf"{_OWNER}/profile/interests", GET=profile.list_interests, POST=profile.create_interest),
    _route(
        rf"{_OWNER}/profile/interests/(?P<interest>[^/]+)",
        GET=profile.get_interest,
        PATCH=profile.update_interest,
        DELETE=profile.delete_interest,
    ),
    _route(rf"{_OWNER}/profile", GET=profile.get_profile, POST=profile.create_profile),
    _route(rf"{_OWNER}/directReports", GET=directory.list_direct_reports),
    _route(r"me", GET=directory.get_me),
    _route(r"users", GET=directory.list_users),
    _route(r"users/delta(?:\(\))?", GET=delta.users_delta),
    _route(_USER, GET=directory.get_user),
    _route(r"\$batch", POST=_batch),
]


def _resolve(request: GraphRequest) -> tuple[Route, dict[str, str | None], str]:
    for route in ROUTES:
        match = route.pattern.fullmatch(request.path)
        if match:
            params = match.groupdict()
            if "quoted" in params:
                quoted = params.pop("quoted")
                params["user"] = params["user"] or quoted
            return route, params, route.operation(request.method, match)
    segment = request.path.split("/")[-1] or request.path
    raise bad_request(f"Resource not found for the segment '{segment}'.")


def dispatch(request: GraphRequest, *, in_batch: bool = False) -> GraphResponse:
    try:
        route, params, operation = _resolve(request)
        control.count(operation, in_batch=in_batch)
        handler = route.handlers.get(request.method)
        if handler is None:
            raise GraphError(405, "MethodNotAllowed", f"The {request.method} method is not allowed on this resource.")
        is_batch = handler is _batch
        if is_batch and in_batch:
            raise bad_request("A batch request cannot contain another batch request.")
        request.query = parse_query(request.raw_query)
        # A batch's items carry the batch's own token, already checked (request.caller is set by batch.py).
        request.caller = request.caller or authenticate(request)
        fault = None if is_batch else control.draw_fault(operation)
        if fault:
            headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
            raise GraphError(fault.status, fault.code, fault.message, headers=headers)
        if is_batch:
            response = handler(request)
        elif request.method == "GET":
            response = handler(request, **params)  # reads need no transaction (one less BEGIN/COMMIT each)
        else:
            with transaction.atomic():
                response = handler(request, **params)
    except GraphError as error:
        response = error.to_response(request)
    except Exception:
        logger.exception("local tenant: %s /%s failed", request.method, request.path)
        response = GraphError(500, "InternalServerError", "An internal server error occurred.").to_response(request)
    response.headers.setdefault("request-id", request.request_id)
    response.headers.setdefault("client-request-id", request.client_request_id)
    return response
