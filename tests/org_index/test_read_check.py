"""What the pages show is confirmed with Graph, with the viewer's own sign-in, in one $batch."""

import pytest

from interests_portal.graph.client import GraphClient
from interests_portal.graph.errors import GraphError
from interests_portal.local_tenant.models import Interest
from interests_portal.org_index import read_check, search, sync
from interests_portal.org_index.models import IndexedInterest


def viewer_graph(index, key: str = "lukasz.wrobel") -> GraphClient:
    token = index.tenant.sign_in(key)["access_token"]
    return GraphClient(lambda: token)


def test_an_interest_narrowed_behind_the_portal_s_back_is_not_shown_and_leaves_the_index(index):
    sync.run_sync()
    indexed = IndexedInterest.objects.select_related("person").first()
    found = search.find_people(indexed.display_name)
    assert any(indexed.id in {i.id for i in hit.interests} for hit in found.hits)
    Interest.objects.filter(pk=indexed.id).update(allowed_audiences="contacts")  # as if changed in Outlook
    index.tenant.control(reset_counters=True)
    shown = read_check.confirmed(viewer_graph(index), found.hits)
    assert indexed.id not in {i.id for hit in shown for i in hit.interests}
    assert not IndexedInterest.objects.filter(pk=indexed.id).exists()
    counters = index.tenant.counters()
    assert counters["requests"]["by_operation"] == {"POST /$batch": 1}  # one $batch for the page's people


def test_when_graph_fails_the_check_raises_and_nothing_is_confirmed(index):
    sync.run_sync()
    found = search.find_people("")
    index.tenant.control(fail_next=100, status=503, retry_after=0, match="profile/interests")
    with pytest.raises(GraphError):
        read_check.confirmed(viewer_graph(index), found.hits)
