"""Direct reports and many people's interests through concurrent $batch requests (crafted responses)."""

import json
import threading

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from interests_portal.graph.client import GraphClient
from interests_portal.graph.errors import GraphForbidden, GraphThrottled, SignInRequired
from interests_portal.graph.people import Person, direct_reports, interests_of_people
from tests.graph.scripted import error, scripted_client


class FakeBatchGraph(BaseAdapter):
    """Answers each $batch item by person id: interests, or an error status (thread-safe, records batches)."""

    def __init__(self, answers: dict[str, list]) -> None:
        super().__init__()
        self.answers = answers  # person id -> list of (status, body, headers) used one per request
        self.batches: list[list[dict]] = []
        self.lock = threading.Lock()

    def send(self, request, **kwargs):
        items = json.loads(request.body)["requests"]
        with self.lock:
            self.batches.append(items)
            responses = []
            for item in items:
                person = item["url"].split("/")[2]
                status, body, headers = self.answers[person].pop(0)
                responses.append({"id": item["id"], "status": status, "headers": headers, "body": body})
        response = requests.Response()
        response.status_code = 200
        response.headers = CaseInsensitiveDict({"request-id": "outer"})
        response._content = json.dumps({"responses": responses}).encode()
        response.request = request
        return response

    def close(self) -> None:
        pass


def client_for(adapter: BaseAdapter) -> tuple[GraphClient, list[float]]:
    session = requests.Session()
    session.mount("https://", adapter)
    sleeps: list[float] = []
    return GraphClient(lambda: "t", base_url="https://graph.test/beta", session=session, sleep=sleeps.append), sleeps


def interest(name: str) -> dict:
    return {"id": name, "displayName": name, "allowedAudiences": "organization"}


@pytest.fixture(autouse=True)
def budget(settings):
    settings.GRAPH_MAX_RETRY_WAIT = 8


def test_direct_reports_are_users_only_and_paged():
    page_two = "https://graph.test/beta/me/directReports?$skiptoken=x"
    graph, adapter, _ = scripted_client(
        (200, {}, {"value": [{"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Ada"},
                             {"@odata.type": "#microsoft.graph.orgContact", "id": "c1", "displayName": "Contractor"}],
                   "@odata.nextLink": page_two}),
        (200, {}, {"value": [{"@odata.type": "#microsoft.graph.user", "id": "u2", "displayName": "Lars"}]}),
    )  # fmt: skip
    assert [p.display_name for p in direct_reports(graph)] == ["Ada", "Lars"]
    assert adapter.sent[1].url == page_two


def test_more_than_twenty_people_go_in_batches_of_twenty_sent_together():
    people = [Person(f"p{n}", f"Person {n}") for n in range(45)]
    adapter = FakeBatchGraph({p.id: [(200, {"value": [interest(f"topic-{p.id}")]}, {})] for p in people})
    graph, _ = client_for(adapter)
    loaded = interests_of_people(graph, people)
    assert sorted(len(batch) for batch in adapter.batches) == [5, 20, 20]
    assert [entry.person.id for entry in loaded] == [p.id for p in people]  # order kept
    assert all(entry.interests[0].display_name == f"topic-{entry.person.id}" for entry in loaded)


def test_a_throttled_item_inside_a_batch_is_asked_again_after_its_retry_after():
    people = [Person("a", "A"), Person("b", "B"), Person("c", "C")]
    adapter = FakeBatchGraph({
        "a": [(200, {"value": [interest("x")]}, {})],
        "b": [(429, error("TooManyRequests", "busy"), {"Retry-After": "2"}), (200, {"value": [interest("y")]}, {})],
        "c": [(200, {"value": []}, {})],
    })  # fmt: skip
    graph, sleeps = client_for(adapter)
    loaded = interests_of_people(graph, people)
    assert sleeps == [2.0]
    assert [len(batch) for batch in adapter.batches] == [3, 1]
    assert [i.display_name for i in loaded[1].interests] == ["y"]
    assert all(entry.error is None for entry in loaded)


def test_a_person_whose_interests_fail_is_marked_not_dropped():
    people = [Person("a", "A"), Person("b", "B"), Person("c", "C")]
    adapter = FakeBatchGraph({
        "a": [(200, {"value": [interest("x")]}, {})],
        "b": [(403, error("Authorization_RequestDenied", "no"), {})],
        "c": [(404, error("Request_ResourceNotFound", "Resource 'profile' does not exist"), {})],
    })  # fmt: skip
    graph, _ = client_for(adapter)
    loaded = interests_of_people(graph, people)
    assert isinstance(loaded[1].error, GraphForbidden)
    assert loaded[1].interests == []
    assert loaded[2].error is None  # no profile: no interests, not a failure
    assert loaded[0].interests[0].display_name == "x"


def test_an_auth_failure_for_one_person_is_their_error_not_an_empty_list():
    people = [Person("a", "A"), Person("b", "B")]
    adapter = FakeBatchGraph({
        "a": [(401, error("InvalidAuthenticationToken", "Access token has expired."), {})],
        "b": [(200, {"value": [interest("x")]}, {})],
    })  # fmt: skip
    graph, _ = client_for(adapter)
    loaded = interests_of_people(graph, people)
    assert isinstance(loaded[0].error, SignInRequired)
    assert loaded[0].error.user_message  # shown as "couldn't load", with a reason
    assert loaded[1].error is None
    assert loaded[1].interests[0].display_name == "x"


def test_a_whole_batch_refused_for_an_expired_sign_in_sends_the_person_to_sign_in():
    graph, _, _ = scripted_client((401, {}, error("InvalidAuthenticationToken", "Access token has expired.")))
    with pytest.raises(SignInRequired):
        interests_of_people(graph, [Person("a", "A")])


def test_throttling_past_the_wait_budget_marks_the_person_as_not_loaded(settings):
    settings.GRAPH_MAX_RETRY_WAIT = 1
    adapter = FakeBatchGraph({"a": [(429, error("TooManyRequests", "busy"), {"Retry-After": "5"})]})
    graph, sleeps = client_for(adapter)
    loaded = interests_of_people(graph, [Person("a", "A")])
    assert sleeps == []
    assert isinstance(loaded[0].error, GraphThrottled)
