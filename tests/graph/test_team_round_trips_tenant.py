"""A team of 1,000 through the real Graph client and the local tenant: 2 pages, 50 batches, 3 sequential round trips."""

import threading

import requests
from requests.adapters import HTTPAdapter

from interests_portal.graph.client import GraphClient
from interests_portal.graph.people import direct_reports_and_contacts, interests_of_people
from interests_portal.local_tenant.demo_directory import seed_scale
from interests_portal.local_tenant.models import AUDIENCES_VISIBLE_TO_COLLEAGUES, Interest


class RecordingAdapter(HTTPAdapter):
    """Numbers each request's round trip on a logical clock: one more than the latest round trip that had been
    answered when it was sent (the longest chain the benchmark reads from the tenant's log, without wall time)."""

    def __init__(self) -> None:
        super().__init__(pool_maxsize=64)
        self.lock = threading.Lock()
        self.answered: list[int] = []
        self.sent: list[tuple[str, int]] = []

    def send(self, request, **kwargs):
        with self.lock:
            number = 1 + max(self.answered, default=0)
            self.sent.append((request.path_url.split("?")[0], number))
        try:
            return super().send(request, **kwargs)
        finally:
            with self.lock:
                self.answered.append(number)


def test_a_team_of_1000_takes_two_pages_fifty_batches_and_three_sequential_round_trips(tenant):
    seed_scale(users=1001, interests_per_user=2, team_size=1000)  # one manager, 1,000 reports
    token = tenant.sign_in("scale.manager00000")["access_token"]
    # Each request waits at the tenant as over a network, long enough that all 50 batches are surely out before the
    # first is answered even on a loaded machine (200 ms was not, under a full parallel run on 2 cores): the count
    # below does not depend on how fast this machine starts threads.
    tenant.control(latency_ms=1000)
    adapter = RecordingAdapter()
    session = requests.Session()
    session.mount("http://", adapter)
    graph = GraphClient(lambda: token, base_url=tenant.graph_root, session=session)

    reports = direct_reports_and_contacts(graph)
    loaded = interests_of_people(graph, reports.users)

    assert len(reports.users) == 1000
    assert [entry.error for entry in loaded] == [None] * 1000
    visible = Interest.objects.filter(
        profile__owner__manager__upn_key__startswith="scale.manager00000@",
        allowed_audiences__in=AUDIENCES_VISIBLE_TO_COLLEAGUES,
    )
    assert sum(len(entry.interests) for entry in loaded) == visible.count() > 0
    assert [number for path, number in adapter.sent if path.endswith("/me/directReports")] == [1, 2]
    assert [number for path, number in adapter.sent if path.endswith("/$batch")] == [3] * 50
