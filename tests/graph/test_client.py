"""The Graph service module against crafted responses: retries, typed errors, paging, timeouts."""

import json
import logging
from urllib.parse import quote

import pytest
import requests

from interests_portal.graph.client import BatchRequest
from interests_portal.graph.errors import (
    GraphForbidden,
    GraphInvalid,
    GraphNotFound,
    GraphThrottled,
    GraphUnavailable,
    SignInRequired,
)
from interests_portal.graph.interests import (
    LIST_FIELDS,
    WriteNotDone,
    interest_list,
    patch_interest,
    post_interest,
    read_then_write,
)
from tests.graph.scripted import error, scripted_client

CHELSEA = {"id": "0fb4c1e3", "displayName": "Chelsea FC", "allowedAudiences": "organization"}


@pytest.fixture(autouse=True)
def retry_policy(settings):
    settings.GRAPH_MAX_RETRIES = 3
    settings.GRAPH_MAX_RETRY_WAIT = 8
    settings.GRAPH_CONNECT_TIMEOUT = 3.05
    settings.GRAPH_READ_TIMEOUT = 20


def test_a_call_carries_the_token_a_client_request_id_and_timeouts():
    graph, adapter, _ = scripted_client((200, {}, {"value": []}))
    graph.get("me/profile/interests")
    sent = adapter.sent[0]
    assert sent.url == "https://graph.test/beta/me/profile/interests"
    assert sent.headers["Authorization"] == "Bearer token-123"
    assert len(sent.headers["client-request-id"]) == 36
    assert adapter.timeouts == [(3.05, 20)]


def test_429_then_success_waits_the_fractional_retry_after():
    graph, adapter, sleeps = scripted_client(
        (429, {"Retry-After": "2.128"}, error("TooManyRequests", "Please retry again later.")),
        (200, {}, CHELSEA),
    )
    assert graph.get("me/profile/interests/0fb4c1e3") == CHELSEA
    assert sleeps == [2.128]
    # The retry is the same logical call.
    assert adapter.sent[0].headers["client-request-id"] == adapter.sent[1].headers["client-request-id"]


def test_without_retry_after_the_backoff_is_exponential_with_jitter():
    graph, _, sleeps = scripted_client(
        (503, {}, error("serviceNotAvailable", "x")),
        (503, {}, error("serviceNotAvailable", "x")),
        (503, {}, error("serviceNotAvailable", "x")),
        (200, {}, {"value": []}),
    )
    graph.get("me/profile/interests")
    assert len(sleeps) == 3
    for attempt, delay in enumerate(sleeps, start=1):
        assert 0 <= delay <= 0.5 * 2 ** (attempt - 1)


def test_503_past_the_retries_raises_unavailable_with_graphs_request_id():
    graph, adapter, sleeps = scripted_client(
        *[(503, {"Retry-After": "1"}, error("serviceNotAvailable", "Service unavailable."))] * 4
    )
    with pytest.raises(GraphUnavailable) as raised:
        graph.get("me/profile/interests")
    assert len(adapter.sent) == 4
    assert sleeps == [1.0, 1.0, 1.0]
    assert raised.value.status == 503
    assert raised.value.request_id == "req-4"


def test_a_retry_after_beyond_the_wait_budget_gives_up_at_once(settings):
    graph, adapter, sleeps = scripted_client((429, {"Retry-After": "30"}, error("TooManyRequests", "busy")))
    with pytest.raises(GraphThrottled) as raised:
        graph.get("me/profile/interests")
    assert sleeps == []
    assert raised.value.retry_after == 30.0
    assert len(adapter.sent) == 1


def test_the_total_wait_is_bounded(settings):
    settings.GRAPH_MAX_RETRY_WAIT = 5
    graph, _, sleeps = scripted_client(*[(429, {"Retry-After": "2"}, error("TooManyRequests", "busy"))] * 4)
    with pytest.raises(GraphThrottled):
        graph.get("me")
    assert sleeps == [2.0, 2.0]
    assert sum(sleeps) <= 5


def test_a_post_is_retried_after_429_but_never_after_503():
    graph, adapter, sleeps = scripted_client(
        (429, {"Retry-After": "0.1"}, error("TooManyRequests", "busy")), (201, {}, CHELSEA)
    )
    assert graph.post("me/profile/interests", {"displayName": "Chelsea FC"}).body == CHELSEA
    assert len(adapter.sent) == 2

    graph, adapter, sleeps = scripted_client((503, {"Retry-After": "0.1"}, error("serviceNotAvailable", "x")))
    with pytest.raises(GraphUnavailable):
        graph.post("me/profile/interests", {"displayName": "Chelsea FC"})
    assert len(adapter.sent) == 1
    assert sleeps == []


def test_connection_failures_are_retried_only_for_requests_safe_to_repeat():
    graph, adapter, sleeps = scripted_client(requests.ConnectionError("reset"), (200, {}, {"value": []}))
    assert graph.get("me/profile/interests") == {"value": []}
    assert len(sleeps) == 1

    graph, adapter, sleeps = scripted_client(requests.ConnectionError("reset"))
    with pytest.raises(GraphUnavailable):
        graph.post("me/profile/interests", {"displayName": "x"})
    assert len(adapter.sent) == 1

    graph, adapter, _ = scripted_client(requests.ReadTimeout("slow"))
    with pytest.raises(GraphUnavailable):
        graph.post("me/profile/interests", {"displayName": "x"})
    assert len(adapter.sent) == 1


@pytest.mark.parametrize(
    ("status", "body", "error_type"),
    [
        (401, error("InvalidAuthenticationToken", "Access token has expired."), SignInRequired),
        (
            403,
            error("Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
            GraphForbidden,
        ),
        (404, error("itemNotFound", "The requested item was not found."), GraphNotFound),
        (400, error("invalidRequest", "displayName is required."), GraphInvalid),
        (409, error("nameAlreadyExists", "exists"), GraphInvalid),
        (500, error("InternalServerError", "boom"), GraphUnavailable),
        (502, "<html>Bad gateway</html>", GraphUnavailable),
    ],
)
def test_each_error_status_becomes_a_typed_error_with_graphs_words(status, body, error_type):
    graph, _, _ = scripted_client(*[(status, {}, body)] * 4)  # 502-504 are retried first
    with pytest.raises(error_type) as raised:
        graph.get("me/profile/interests")
    assert raised.value.status == status
    if isinstance(body, dict):
        assert raised.value.code == body["error"]["code"]
        assert raised.value.message == body["error"]["message"]


def test_graph_invalid_shows_graphs_message_to_the_user():
    graph, _, _ = scripted_client((400, {}, error("invalidRequest", "webUrl must be an absolute http or https URL")))
    with pytest.raises(GraphInvalid) as raised:
        graph.post("me/profile/interests", {"displayName": "x"})
    assert "webUrl must be an absolute" in raised.value.user_message


def test_malformed_json_in_a_success_is_a_typed_error():
    graph, _, _ = scripted_client((200, {"Content-Type": "application/json"}, b'{"value": ['))
    with pytest.raises(GraphUnavailable, match="not JSON"):
        graph.get("me/profile/interests")


def test_request_ids_are_logged(caplog):
    graph, _, _ = scripted_client((200, {"request-id": "graph-req-1", "client-request-id": "c-1"}, {"value": []}))
    with caplog.at_level(logging.INFO, logger="interests_portal.graph.client"):
        graph.get("me/profile/interests")
    assert "graph-req-1" in caplog.text
    assert "c-1" in caplog.text


def test_listing_follows_next_links_verbatim():
    next_link = "https://graph.test/beta/me/profile/interests?$top=100&$skip=100&$skiptoken=opaque"
    graph, adapter, _ = scripted_client(
        (200, {}, {"value": [CHELSEA], "@odata.nextLink": next_link}),
        (200, {}, {"value": [CHELSEA | {"id": "2"}]}),
    )
    assert [i.id for i in interest_list(graph)] == ["0fb4c1e3", "2"]
    assert adapter.sent[0].url.endswith("/me/profile/interests?%24top=100&%24select=" + quote(LIST_FIELDS, safe=""))
    assert adapter.sent[1].url == next_link


def test_a_missing_profile_lists_as_empty_and_is_created_before_the_first_interest():
    missing = error("Request_ResourceNotFound", "Resource 'profile' does not exist or one of its queried …")
    graph, _, _ = scripted_client((404, {}, missing))
    assert interest_list(graph) == []

    graph, adapter, _ = scripted_client((404, {}, missing), (201, {}, {"id": "p"}), (201, {}, CHELSEA))
    created = post_interest(graph, fields={"displayName": "Chelsea FC"}, owner_id="oid-1")
    assert created.after == CHELSEA
    assert created.before is None
    assert [(r.method, r.url.split("/beta/")[1]) for r in adapter.sent] == [
        ("POST", "me/profile/interests"),
        ("POST", "users/oid-1/profile"),
        ("POST", "me/profile/interests"),
    ]


def batch_answer(*items: tuple[str, int, object], headers: dict | None = None) -> tuple[int, dict, dict]:
    return (
        200,
        {},
        {"responses": [{"id": i, "status": st, "headers": headers or {}, "body": b} for i, st, b in items]},
    )


def sent_batch(adapter, index: int = 0) -> list[dict]:
    return json.loads(adapter.sent[index].body)["requests"]


def test_a_delete_reads_then_deletes_in_one_batch_and_keeps_the_state_before():
    graph, adapter, _ = scripted_client(batch_answer(("before", 200, CHELSEA), ("write", 204, None)))
    written = read_then_write(graph, interest_id="0fb4c1e3", method="DELETE")
    assert (written.before, written.after) == (CHELSEA, None)
    items = sent_batch(adapter)
    assert [(i["id"], i["method"], i["url"]) for i in items] == [
        ("before", "GET", "/me/profile/interests/0fb4c1e3"),
        ("write", "DELETE", "/me/profile/interests/0fb4c1e3"),
    ]
    assert items[1]["dependsOn"] == ["before"]


def test_a_patch_answered_204_is_read_back():
    graph, adapter, _ = scripted_client((204, {}, None), (200, {}, CHELSEA | {"allowedAudiences": "me"}))
    written = patch_interest(graph, interest_id="0fb4c1e3", changes={"allowedAudiences": "me"}, before=CHELSEA)
    assert written.after["allowedAudiences"] == "me"
    assert [r.method for r in adapter.sent] == ["PATCH", "GET"]
    assert json.loads(adapter.sent[0].body) == {"allowedAudiences": "me"}


def test_a_write_throttled_inside_the_batch_is_sent_again_alone_after_its_retry_after():
    throttled = batch_answer(
        ("before", 200, CHELSEA), ("write", 429, error("TooManyRequests", "busy")), headers={"Retry-After": "1.5"}
    )
    graph, adapter, sleeps = scripted_client(throttled, batch_answer(("write", 204, None)))
    written = read_then_write(graph, interest_id="0fb4c1e3", method="DELETE")
    assert sleeps == [1.5]
    assert [i["id"] for i in sent_batch(adapter, 1)] == ["write"]
    assert "dependsOn" not in sent_batch(adapter, 1)[0]  # what it waited for already succeeded
    assert (written.before, written.after) == (CHELSEA, None)


def test_a_throttled_read_inside_a_batch_is_sent_again_with_the_write_that_waited_for_it():
    throttled = batch_answer(
        ("before", 429, error("TooManyRequests", "busy")),
        ("write", 424, error("FailedDependency", "dependency failed")),
        headers={"Retry-After": "0.1"},
    )
    graph, adapter, sleeps = scripted_client(throttled, batch_answer(("before", 200, CHELSEA), ("write", 204, None)))
    written = read_then_write(graph, interest_id="0fb4c1e3", method="DELETE")
    assert sleeps == [0.1]
    retried = sent_batch(adapter, 1)
    assert [(i["id"], i.get("dependsOn")) for i in retried] == [("before", None), ("write", ["before"])]
    assert written.before == CHELSEA


def test_batch_items_are_retried_at_most_the_attempt_cap_even_with_retry_after_zero(settings):
    settings.GRAPH_MAX_RETRIES = 3
    zero = batch_answer(("a", 429, error("TooManyRequests", "busy")), headers={"Retry-After": "0"})
    graph, adapter, sleeps = scripted_client(*[zero] * 10)
    results = graph.batch([BatchRequest("a", "GET", "me/profile/interests")])
    assert results["a"].status == 429
    assert len(adapter.sent) == 4  # the first send and three retries, however short the wait
    assert sleeps == [0.0, 0.0, 0.0]


def test_plain_requests_are_retried_at_most_the_attempt_cap_even_with_retry_after_zero(settings):
    settings.GRAPH_MAX_RETRIES = 2
    graph, adapter, _ = scripted_client(*[(429, {"Retry-After": "0"}, error("TooManyRequests", "busy"))] * 10)
    with pytest.raises(GraphThrottled):
        graph.get("me/profile/interests")
    assert len(adapter.sent) == 3


def test_batch_items_share_the_total_wait_budget(settings):
    settings.GRAPH_MAX_RETRY_WAIT = 5
    busy = batch_answer(("a", 429, error("TooManyRequests", "busy")), headers={"Retry-After": "2"})
    graph, adapter, sleeps = scripted_client(*[busy] * 10)
    graph.batch([BatchRequest("a", "GET", "me/profile/interests")])
    assert sleeps == [2.0, 2.0]
    assert len(adapter.sent) == 3


def test_a_post_inside_a_batch_is_sent_again_only_after_429():
    graph, adapter, _ = scripted_client(
        batch_answer(("new", 503, error("serviceNotAvailable", "x")), headers={"Retry-After": "0"})
    )
    results = graph.batch([BatchRequest("new", "POST", "me/profile/interests", {"displayName": "x"})])
    assert results["new"].status == 503
    assert len(adapter.sent) == 1  # Graph may have created it: never sent twice

    graph, adapter, _ = scripted_client(
        batch_answer(("new", 429, error("TooManyRequests", "busy")), headers={"Retry-After": "0"}),
        batch_answer(("new", 201, CHELSEA)),
    )
    results = graph.batch([BatchRequest("new", "POST", "me/profile/interests", {"displayName": "x"})])
    assert results["new"].status == 201
    assert len(adapter.sent) == 2


def test_a_batch_with_a_post_is_not_sent_again_after_its_own_503():
    graph, adapter, _ = scripted_client((503, {"Retry-After": "0"}, error("serviceNotAvailable", "x")))
    with pytest.raises(GraphUnavailable):
        graph.batch([BatchRequest("new", "POST", "me/profile/interests", {"displayName": "x"})])
    assert len(adapter.sent) == 1

    graph, adapter, _ = scripted_client(
        (503, {"Retry-After": "0"}, error("serviceNotAvailable", "x")), batch_answer(("read", 200, {"value": []}))
    )
    assert graph.batch([BatchRequest("read", "GET", "me/profile/interests")])["read"].ok  # reads are safe to repeat


def test_a_post_whose_connection_was_never_made_is_sent_again():
    graph, adapter, _ = scripted_client(requests.ConnectTimeout("no route"), (201, {}, CHELSEA))
    assert graph.post("me/profile/interests", {"displayName": "Chelsea FC"}).body == CHELSEA
    assert len(adapter.sent) == 2


def test_a_write_to_something_missing_is_not_found_and_its_write_never_runs():
    missing = batch_answer(
        ("before", 404, error("itemNotFound", "gone")), ("write", 424, error("FailedDependency", "dependency failed"))
    )
    graph, _, _ = scripted_client(missing)
    with pytest.raises(GraphNotFound):
        read_then_write(graph, interest_id="0fb4c1e3", method="DELETE")


def test_a_refused_write_keeps_graphs_request_id_and_the_state_the_read_found():
    refused = (200, {}, {"responses": [
        {"id": "before", "status": 200, "body": CHELSEA},
        {"id": "owner", "status": 200, "body": {"id": "someone", "displayName": "Ada Okafor"}},
        {"id": "write", "status": 403, "headers": {"request-id": "inner-403"},
         "body": error("Authorization_RequestDenied", "Insufficient privileges to complete the operation.")},
    ]})  # fmt: skip
    graph, _, _ = scripted_client(refused)
    with pytest.raises(WriteNotDone) as raised:
        read_then_write(graph, owner_id="someone", interest_id="0fb4c1e3", method="PATCH", body={"x": 1})
    assert isinstance(raised.value.error, GraphForbidden)
    assert raised.value.error.request_id == "inner-403"
    assert raised.value.before == CHELSEA
    assert raised.value.owner == {"id": "someone", "displayName": "Ada Okafor"}


def test_ids_are_encoded_into_one_path_segment():
    graph, adapter, _ = scripted_client(
        batch_answer(("before", 200, CHELSEA), ("write", 204, None)),
        batch_answer(("before", 200, CHELSEA), ("write", 204, None), ("owner", 200, {})),
    )
    read_then_write(graph, interest_id="../../users/someone", method="DELETE")
    read_then_write(graph, owner_id="a/b", interest_id="a?b#c", method="DELETE")
    assert sent_batch(adapter, 0)[0]["url"] == "/me/profile/interests/..%2F..%2Fusers%2Fsomeone"
    assert sent_batch(adapter, 1)[1]["url"] == "/users/a%2Fb/profile/interests/a%3Fb%23c"
    assert sent_batch(adapter, 1)[2]["url"] == "/users/a%2Fb?$select=id,displayName"
