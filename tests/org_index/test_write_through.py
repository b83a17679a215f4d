"""Changes made through the portal reach the organisation index at once; failed ones change nothing."""

from interests_portal.local_tenant.models import Interest
from interests_portal.org_index import sync
from interests_portal.org_index.models import IndexedInterest


def post(portal, browser, path: str, data: dict):
    return browser.post(f"{portal.url}{path}", data=data, headers=portal.htmx(browser), timeout=15)


def test_an_interest_added_for_the_organisation_is_indexed_at_once(index):
    sync.run_sync()
    ada = index.sign_in("ada.okafor")
    fields = {"display_name": "Orienteering by night", "allowed_audiences": "organization"}
    answer = post(index, ada, "/interests/new", fields)
    assert answer.status_code == 200
    added = Interest.objects.get(display_name="Orienteering by night")
    assert IndexedInterest.objects.get(pk=str(added.pk)).person_id == added.profile.owner_id


def test_an_interest_added_for_me_only_is_never_indexed(index):
    sync.run_sync()
    ada = index.sign_in("ada.okafor")
    post(index, ada, "/interests/new", {"display_name": "Dream diary", "allowed_audiences": "me"})
    added = Interest.objects.get(display_name="Dream diary")
    assert not IndexedInterest.objects.filter(pk=str(added.pk)).exists()


def test_narrowing_to_only_me_removes_it_at_once_and_widening_brings_it_back(index):
    sync.run_sync()
    shared = Interest.objects.filter(profile__owner__upn_key__startswith="ada.okafor", allowed_audiences="organization")
    chess = shared.first()
    assert IndexedInterest.objects.filter(pk=str(chess.pk)).exists()
    ada = index.sign_in("ada.okafor")
    assert post(index, ada, f"/interests/{chess.pk}/audience", {"allowed_audiences": "me"}).status_code == 200
    assert not IndexedInterest.objects.filter(pk=str(chess.pk)).exists()
    assert post(index, ada, f"/interests/{chess.pk}/audience", {"allowed_audiences": "everyone"}).status_code == 200
    assert IndexedInterest.objects.get(pk=str(chess.pk)).allowed_audience == "everyone"


def test_a_write_graph_refused_changes_nothing_in_the_index(index):
    sync.run_sync()
    shared = Interest.objects.filter(profile__owner__upn_key__startswith="ada.okafor", allowed_audiences="organization")
    chess = shared.first()
    ada = index.sign_in("ada.okafor")
    index.tenant.control(fail_next=20, status=503, retry_after=0, match="PATCH")
    answer = post(index, ada, f"/interests/{chess.pk}/audience", {"allowed_audiences": "me"})
    assert answer.status_code >= 400
    assert IndexedInterest.objects.get(pk=str(chess.pk)).allowed_audience == "organization"


def test_deleting_removes_it_from_the_index(index):
    sync.run_sync()
    shared = Interest.objects.filter(profile__owner__upn_key__startswith="ada.okafor", allowed_audiences="organization")
    chess = shared.first()
    ada = index.sign_in("ada.okafor")
    assert post(index, ada, f"/interests/{chess.pk}/delete", {}).status_code == 200
    assert not IndexedInterest.objects.filter(pk=str(chess.pk)).exists()
