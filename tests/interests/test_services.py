"""The write path against crafted Graph answers: what the local tenant cannot do — a write Graph stored whose answer
was lost — and the decisions made on it."""

import uuid
from datetime import UTC, datetime

import pytest

from interests_portal.accounts.models import User
from interests_portal.audit.models import AuditEntry
from interests_portal.interests.models import CreateRequest
from interests_portal.interests.services import (
    WriteFailed,
    interest_audience_set,
    interest_create,
    interest_delete,
)
from tests.graph.scripted import error, scripted_client

NOW = datetime.now(UTC).isoformat().replace("+00:00", "Z")
CREATED = {"id": "i-1", "displayName": "Rust", "allowedAudiences": "organization", "createdDateTime": NOW}
UNAVAILABLE = (503, {"Retry-After": "0"}, error("serviceNotAvailable", "Service unavailable."))


@pytest.fixture
def ada(db, settings):
    settings.GRAPH_MAX_RETRIES = 1
    return User.objects.create(username="ada", entra_object_id="oid-ada", display_name="Ada Okafor")


def add(user, graph, key):
    return interest_create(user=user, graph=graph, fields={"displayName": "Rust", "allowedAudiences": "organization"},
                           key=key)  # fmt: skip


def test_a_create_whose_answer_was_lost_is_looked_up_before_anything_is_sent_again(ada):
    key = uuid.uuid4()
    graph, adapter, _ = scripted_client(UNAVAILABLE)  # stored by Graph, but the answer never arrived
    with pytest.raises(WriteFailed) as failed:
        add(ada, graph, key)
    assert "won't be added twice" in failed.value.user_message
    assert CreateRequest.objects.get(key=key).state == "uncertain"

    graph, adapter, _ = scripted_client((200, {}, {"value": [CREATED]}))
    again = add(ada, graph, key)
    assert (again.interest.id, again.repeated) == ("i-1", True)
    assert [request.method for request in adapter.sent] == ["GET"]  # looked for it; never posted
    assert "displayName+eq+%27Rust%27" in adapter.sent[0].url
    assert CreateRequest.objects.get(key=key).state == "done"


def test_when_graph_cannot_say_whether_an_earlier_create_happened_nothing_is_sent(ada):
    key = uuid.uuid4()
    graph, _, _ = scripted_client(UNAVAILABLE)
    with pytest.raises(WriteFailed):
        add(ada, graph, key)

    graph, adapter, _ = scripted_client(UNAVAILABLE, UNAVAILABLE)
    with pytest.raises(WriteFailed) as failed:
        add(ada, graph, key)
    assert "couldn't say whether" in failed.value.user_message
    assert {request.method for request in adapter.sent} == {"GET"}
    assert CreateRequest.objects.get(key=key).state == "uncertain"


def test_a_form_sent_again_after_it_succeeded_never_adds_twice_even_when_graph_is_busy(ada):
    key = uuid.uuid4()
    graph, _, _ = scripted_client((201, {}, CREATED))
    assert add(ada, graph, key).interest.id == "i-1"

    graph, adapter, _ = scripted_client(UNAVAILABLE, UNAVAILABLE)
    with pytest.raises(WriteFailed) as failed:
        add(ada, graph, key)
    assert "was already added" in failed.value.user_message
    assert {request.method for request in adapter.sent} == {"GET"}


def test_a_throttled_create_is_certainly_not_done_and_is_sent_again(ada):
    key = uuid.uuid4()
    throttled = (429, {"Retry-After": "0"}, error("TooManyRequests", "busy"))
    graph, _, _ = scripted_client(throttled, throttled)
    with pytest.raises(WriteFailed):
        add(ada, graph, key)
    assert CreateRequest.objects.get(key=key).state == "failed"
    graph, adapter, _ = scripted_client((201, {}, CREATED))
    assert add(ada, graph, key).repeated is False
    assert [request.method for request in adapter.sent] == ["POST"]


def test_a_change_stored_but_unanswered_is_a_success_found_by_looking_again(ada):
    before = CREATED | {"lastModifiedDateTime": NOW}
    graph, adapter, _ = scripted_client(
        (200, {}, before), UNAVAILABLE, UNAVAILABLE, (200, {}, before | {"allowedAudiences": "me"})
    )
    changed = interest_audience_set(user=ada, graph=graph, interest_id="i-1", audience="me")
    assert changed.interest.audience == "me"
    assert [request.method for request in adapter.sent] == ["GET", "PATCH", "PATCH", "GET"]
    entry = AuditEntry.objects.get()
    assert (entry.outcome, entry.after["allowedAudiences"]) == ("succeeded", "me")


def test_a_change_not_stored_and_then_unreadable_is_said_to_be_unknown(ada):
    graph, _, _ = scripted_client((200, {}, CREATED), UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE)
    with pytest.raises(WriteFailed) as failed:
        interest_audience_set(user=ada, graph=graph, interest_id="i-1", audience="me")
    assert (failed.value.known, failed.value.stored) == (False, None)
    assert "didn't confirm" in failed.value.user_message
    assert AuditEntry.objects.get().outcome == "failed"


def test_a_throttled_change_leaves_what_graph_held_and_says_so_without_asking_again(ada):
    throttled = (429, {"Retry-After": "0"}, error("TooManyRequests", "busy"))
    graph, adapter, _ = scripted_client((200, {}, CREATED), throttled, throttled)
    with pytest.raises(WriteFailed) as failed:
        interest_audience_set(user=ada, graph=graph, interest_id="i-1", audience="me")
    assert failed.value.stored.audience == "organization"
    assert len(adapter.sent) == 3


def test_a_delete_whose_batch_answer_was_lost_is_a_success_once_the_interest_is_gone(ada):
    missing = (404, {}, error("itemNotFound", "The requested item was not found."))
    graph, adapter, _ = scripted_client(UNAVAILABLE, UNAVAILABLE, missing)
    deleted = interest_delete(user=ada, graph=graph, interest_id="i-1")
    assert deleted.interest.id == "i-1"
    assert [request.method for request in adapter.sent] == ["POST", "POST", "GET"]
    assert AuditEntry.objects.get().outcome == "succeeded"
