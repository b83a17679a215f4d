"""The team's reports and interests at the floor of round trips: directReports in pages of 999, then $batch requests
as concurrent as GRAPH_BATCH_CONCURRENCY allows (through the real GraphClient, over a crafted transport)."""

import json
import os
import subprocess
import sys
import threading
from typing import Any

import pytest
import requests
from django.conf import settings as django_settings
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from interests_portal.graph.client import GraphClient
from interests_portal.graph.errors import GraphForbidden, GraphUnavailable, SignInRequired
from interests_portal.graph.people import (
    DIRECTORY_PAGE,
    Person,
    PersonInterests,
    direct_reports_and_contacts,
    interests_of_people,
)
from interests_portal.logs import request_id
from tests.graph.scripted import error

ROOT = "https://graph.test/beta"
# As Graph writes it: a skiptoken that must not be decoded, re-encoded or rebuilt.
NEXT_LINK = f"{ROOT}/me/directReports?$select=id&$top=999&$skiptoken=RFNwdAIAAQAAAB86%2BQAA"


class RoundTripGraph(BaseAdapter):
    """Graph's directReports and $batch, numbering each request's round trip on a logical clock (a counter, not wall
    time): one more than the latest round trip that had been answered when the request was sent.

    The first `waves` x `in_flight` batches wait on a barrier of `in_flight`: unless that many are in flight at once,
    it breaks (BrokenBarrierError) and the test fails."""

    def __init__(self, pages: list[list[dict]], *, in_flight: int, waves: int = 1, answer: Any = None) -> None:
        super().__init__()
        self.pages = pages
        self.barrier = threading.Barrier(in_flight, timeout=10)
        self.barrier_left = waves * in_flight
        self.answer = answer or (lambda person: (200, {"value": [{"id": f"i-{person}", "displayName": person}]}))
        self.lock = threading.Lock()
        self.answered: list[int] = []
        self.sent: list[tuple[str, int]] = []  # ("page" or "batch", its round trip), in the order sent
        self.urls: list[str] = []
        self.batches: list[list[str]] = []
        self.busy = 0
        self.most_busy = 0

    def send(self, request, **kwargs):
        is_batch = request.method == "POST"
        with self.lock:
            number = 1 + max(self.answered, default=0)
            self.sent.append(("batch" if is_batch else "page", number))
            self.urls.append(request.url)
        try:
            status, body = self._batch(request) if is_batch else self._page()
        finally:
            with self.lock:
                self.answered.append(number)
        response = requests.Response()
        response.status_code = status
        response.headers = CaseInsensitiveDict({"request-id": "outer"})
        response._content = json.dumps(body).encode()
        response.request = request
        response.url = request.url
        return response

    def _page(self) -> tuple[int, dict]:
        index = sum(1 for what, _ in self.sent if what == "page") - 1
        page: dict = {"value": self.pages[index]}
        if index + 1 < len(self.pages):
            page["@odata.nextLink"] = NEXT_LINK
        return 200, page

    def _batch(self, request) -> tuple[int, dict]:
        items = json.loads(request.body)["requests"]
        people = [item["url"].split("/")[2] for item in items]
        with self.lock:
            self.busy += 1
            self.most_busy = max(self.most_busy, self.busy)
            self.batches.append(people)
            wait = self.barrier_left > 0
            self.barrier_left -= 1
        try:
            if wait:
                self.barrier.wait()  # breaks unless enough batches are in flight at once
            answers = [self.answer(person) for person in people]
        finally:
            with self.lock:
                self.busy -= 1
        if any(status >= 500 for status, _ in answers):  # the whole batch fails
            return 500, error("InternalServerError", "batch failed")
        return 200, {
            "responses": [
                {"id": item["id"], "status": status, "headers": {}, "body": body}
                for item, (status, body) in zip(items, answers, strict=True)
            ]
        }

    def round_trips(self, what: str) -> list[int]:
        return [number for kind, number in self.sent if kind == what]

    def close(self) -> None:
        pass


def graph_for(adapter: RoundTripGraph) -> GraphClient:
    session = requests.Session()
    session.mount("https://", adapter)
    return GraphClient(lambda: "t", base_url=ROOT, session=session, sleep=lambda seconds: None)


def users(count: int, start: int = 0) -> list[dict]:
    return [{"@odata.type": "#microsoft.graph.user", "id": f"u{n}", "displayName": f"User {n}"}
            for n in range(start, start + count)]  # fmt: skip


def team_page_load(graph: GraphClient) -> list[PersonInterests]:
    """What the team page asks Graph for: its reports, then their interests."""
    return interests_of_people(graph, direct_reports_and_contacts(graph).users)


def test_a_team_of_1000_loads_in_three_sequential_round_trips_at_the_default_concurrency():
    assert django_settings.GRAPH_BATCH_CONCURRENCY == 50
    fake = RoundTripGraph([users(DIRECTORY_PAGE), users(1, start=DIRECTORY_PAGE)], in_flight=50)

    loaded = team_page_load(graph_for(fake))

    assert fake.round_trips("page") == [1, 2]
    assert fake.round_trips("batch") == [3] * 50  # one wave: no batch waited behind another
    assert fake.most_busy == 50
    assert [len(batch) for batch in fake.batches] == [20] * 50
    assert [entry.person.id for entry in loaded] == [f"u{n}" for n in range(1000)]
    assert all(entry.interests[0].display_name == entry.person.id for entry in loaded)


def test_directreports_are_read_in_pages_of_999_and_the_next_link_is_followed_verbatim():
    fake = RoundTripGraph([users(3), users(2, start=3)], in_flight=1)
    reports = direct_reports_and_contacts(graph_for(fake))
    assert [p.id for p in reports.users] == ["u0", "u1", "u2", "u3", "u4"]
    first, second = fake.urls
    assert "%24top=999" in first
    assert second == NEXT_LINK


@pytest.mark.parametrize("concurrency", [1, 3, 7])
def test_batches_reach_exactly_the_configured_concurrency(settings, concurrency):
    settings.GRAPH_BATCH_CONCURRENCY = concurrency
    people = [Person(f"u{n}", f"User {n}") for n in range(20 * concurrency * 2)]  # two waves' worth
    fake = RoundTripGraph([], in_flight=concurrency, waves=2)
    loaded = interests_of_people(graph_for(fake), people)
    assert fake.most_busy == concurrency
    assert max(fake.round_trips("batch")) == 2
    assert [entry.person.id for entry in loaded] == [p.id for p in people]


def test_a_politer_setting_costs_round_trips_not_people(settings):
    settings.GRAPH_BATCH_CONCURRENCY = 10
    fake = RoundTripGraph([users(DIRECTORY_PAGE), users(1, start=DIRECTORY_PAGE)], in_flight=10, waves=5)
    loaded = team_page_load(graph_for(fake))
    assert fake.most_busy == 10
    assert max(fake.round_trips("batch")) == 2 + 5  # two pages, then 50 batches ten at a time
    assert len(loaded) == 1000


def test_each_batch_runs_in_a_copy_of_the_callers_context():
    fake = RoundTripGraph([], in_flight=3)
    seen: set[str] = set()
    answer = fake.answer

    def recording(person: str) -> Any:
        seen.add(request_id.get())  # read in the batch's thread, while it is answered
        return answer(person)

    fake.answer = recording
    token = request_id.set("req-42")
    try:
        interests_of_people(graph_for(fake), [Person(f"u{n}", "") for n in range(60)])
    finally:
        request_id.reset(token)
    assert seen == {"req-42"}


def test_failures_stay_with_the_person_they_belong_to():
    def answer(person: str) -> tuple[int, dict]:
        if person == "u1":
            return 403, error("Authorization_RequestDenied", "no")
        if person == "u25":  # fails the whole second batch
            return 500, {}
        return 200, {"value": []}

    fake = RoundTripGraph([], in_flight=2, answer=answer)
    loaded = {e.person.id: e for e in interests_of_people(graph_for(fake), [Person(f"u{n}", "") for n in range(40)])}

    assert len(loaded) == 40
    assert isinstance(loaded["u1"].error, GraphForbidden)
    assert all(isinstance(loaded[f"u{n}"].error, GraphUnavailable) for n in range(20, 40))
    assert all(loaded[f"u{n}"].error is None for n in range(20) if n != 1)


def test_an_expired_sign_in_for_a_whole_batch_propagates():
    class Expired(RoundTripGraph):
        def _batch(self, request):
            return 401, error("InvalidAuthenticationToken", "Access token has expired.")

    fake = Expired([], in_flight=1)
    with pytest.raises(SignInRequired):
        interests_of_people(graph_for(fake), [Person(f"u{n}", "") for n in range(45)])


def run_settings(value: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GRAPH_BATCH_CONCURRENCY=value, DJANGO_SETTINGS_MODULE="interests_portal.settings")
    code = "from django.conf import settings; print(settings.GRAPH_BATCH_CONCURRENCY)"
    return subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_concurrency_setting_is_read_from_the_environment_and_must_be_at_least_one():
    assert run_settings("40").stdout.strip() == "40"
    for refused, reason in (("0", "at least 1"), ("-3", "at least 1"), ("many", "whole number")):
        result = run_settings(refused)
        assert result.returncode != 0
        assert "GRAPH_BATCH_CONCURRENCY" in result.stderr
        assert reason in result.stderr
