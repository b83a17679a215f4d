"""JSON batching: POST /$batch with up to 20 requests, `dependsOn` and 424 for failed dependencies."""

import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from . import prefetch
from .http import CaseInsensitiveHeaders, GraphError, GraphRequest, GraphResponse, bad_request, read_json_body

MAX_REQUESTS = 20
METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}
# Inner responses carry only the headers a client acts on.
FORWARDED_HEADERS = ("Location", "Retry-After", "request-id", "client-request-id")


@dataclass
class BatchItem:
    id: str
    method: str
    url: str
    headers: dict[str, str]
    body: object
    has_body: bool
    depends_on: list[str]


def _malformed(message: str) -> GraphError:
    return bad_request(f"Invalid batch payload format: {message}")


def _parse_item(index: int, raw: object) -> BatchItem:
    if not isinstance(raw, dict):
        raise _malformed(f"request {index} is not an object.")
    item_id, method, url = raw.get("id"), raw.get("method"), raw.get("url")
    if not isinstance(item_id, str) or not item_id:
        raise _malformed(f"request {index} has no 'id'.")
    if not isinstance(method, str) or method.upper() not in METHODS:
        raise _malformed(f"request '{item_id}' has no valid 'method'.")
    if not isinstance(url, str) or not url:
        raise _malformed(f"request '{item_id}' has no 'url'.")
    if urlsplit(url).scheme or url.startswith("//"):
        raise _malformed(f"request '{item_id}' must use a relative url, not '{url}'.")
    headers = raw.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise _malformed(f"request '{item_id}' has headers that are not an object of strings.")
    depends_on = raw.get("dependsOn") or []
    if not isinstance(depends_on, list) or not all(isinstance(d, str) for d in depends_on):
        raise _malformed(f"request '{item_id}' has a 'dependsOn' that is not a list of ids.")
    return BatchItem(item_id, method.upper(), url, headers, raw.get("body"), "body" in raw, depends_on)


def _execution_order(items: list[BatchItem]) -> list[BatchItem]:
    by_key = {item.id.lower(): item for item in items}
    if len(by_key) != len(items):
        raise _malformed("request ids must be unique (compared without case).")
    for item in items:
        for dependency in item.depends_on:
            if dependency.lower() not in by_key or dependency.lower() == item.id.lower():
                raise _malformed(f"request '{item.id}' depends on unknown request '{dependency}'.")
    ordered: list[BatchItem] = []
    placed: set[str] = set()
    remaining = list(items)
    while remaining:
        ready = [i for i in remaining if all(d.lower() in placed for d in i.depends_on)]
        if not ready:
            raise _malformed("the dependsOn references form a cycle.")
        for item in ready:
            ordered.append(item)
            placed.add(item.id.lower())
            remaining.remove(item)
    return ordered


def _sub_request(outer: GraphRequest, item: BatchItem) -> GraphRequest:
    parts = urlsplit(item.url)
    headers = CaseInsensitiveHeaders(item.headers)
    headers["authorization"] = outer.headers.get("authorization", "")
    body = json.dumps(item.body).encode() if item.has_body and item.body is not None else b""
    return GraphRequest(
        method=item.method,
        path=unquote(parts.path).strip("/"),
        query={},
        raw_query=parts.query,
        headers=headers,
        body=body,
        base_url=outer.base_url,
        caller=outer.caller,
    )


def _inner_response(item: BatchItem, response: GraphResponse) -> dict:
    headers = {name: response.headers[name] for name in FORWARDED_HEADERS if name in response.headers}
    if response.body is not None:
        headers["Content-Type"] = "application/json"
    return {"id": item.id, "status": response.status, "headers": headers, "body": response.body}


def run_batch(request: GraphRequest, dispatch: Callable[..., GraphResponse]) -> GraphResponse:
    payload = read_json_body(request)
    requests = payload.get("requests") if isinstance(payload, dict) else None
    if not isinstance(requests, list):
        raise _malformed("a 'requests' array is required.")
    if not 1 <= len(requests) <= MAX_REQUESTS:
        raise _malformed(f"a batch holds 1 to {MAX_REQUESTS} requests, not {len(requests)}.")
    items = [_parse_item(index, raw) for index, raw in enumerate(requests)]
    ordered = [(item, _sub_request(request, item)) for item in _execution_order(items)]
    # Reads only: what they address is loaded for all of them up front (a few queries, not two per item). A batch
    # that writes is answered item by item from the database, so each item sees the changes of those before it.
    read_only = all(item.method == "GET" for item in items)
    with prefetch.prefetching([sub.path for _, sub in ordered]) if read_only else nullcontext():
        results = _run_items(ordered, dispatch)
    return GraphResponse(200, {"responses": [_inner_response(item, results[item.id.lower()]) for item in items]})


def _run_items(
    ordered: list[tuple[BatchItem, GraphRequest]], dispatch: Callable[..., GraphResponse]
) -> dict[str, GraphResponse]:
    results: dict[str, GraphResponse] = {}
    for item, sub in ordered:
        failed = [d for d in item.depends_on if not 200 <= results[d.lower()].status < 300]
        if failed:
            error = GraphError(424, "FailedDependency", f"The request depends on '{failed[0]}', which failed.")
            response = error.to_response(sub)
        elif item.has_body and item.body is not None and "content-type" not in sub.headers:
            response = bad_request("A request with a body must give its Content-Type header.").to_response(sub)
        else:
            response = dispatch(sub, in_batch=True)
        results[item.id.lower()] = response
    return results
