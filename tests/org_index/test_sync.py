"""The organisation index's sync against the local tenant: what it stores, what it removes, how it stops."""

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from interests_portal.graph.models import Interest as GraphInterest
from interests_portal.local_tenant.models import DirectoryObject, Interest
from interests_portal.org_index import sync
from interests_portal.org_index.models import SHARED_AUDIENCES, IndexedInterest, IndexedPerson, SyncRun, SyncState


def users():
    return DirectoryObject.objects.filter(kind=DirectoryObject.Kind.USER)


def test_a_full_sync_indexes_every_member_and_only_what_they_share(index):
    run = sync.run_sync()
    assert run.status == SyncRun.Status.SUCCEEDED
    assert run.kind == SyncRun.Kind.FULL
    assert IndexedPerson.objects.count() == users().count()
    shared = Interest.objects.filter(allowed_audiences__in=SHARED_AUDIENCES)
    assert set(IndexedInterest.objects.values_list("id", flat=True)) == {
        str(pk) for pk in shared.values_list("pk", flat=True)
    }
    # Interests shared with me, family, contacts or group members exist in the tenant and never reach the index.
    assert Interest.objects.exclude(allowed_audiences__in=SHARED_AUDIENCES).exists()
    assert not IndexedInterest.objects.exclude(allowed_audience__in=SHARED_AUDIENCES).exists()
    state = SyncState.current()
    assert not state.building
    assert "$deltatoken=" in state.delta_link
    assert run.graph_requests >= 3  # the delta link, the listing, at least one $batch


def test_a_delta_run_removes_a_disabled_user_and_picks_up_a_new_job_title(index):
    sync.run_sync()
    ada, lukasz = index.tenant.user("ada.okafor"), index.tenant.user("lukasz.wrobel")
    ada.account_enabled = False
    ada.save()
    lukasz.job_title = "Staff Engineer"
    lukasz.save()
    run = sync.run_sync()
    assert run.kind == SyncRun.Kind.DELTA
    assert run.status == SyncRun.Status.SUCCEEDED
    assert not IndexedPerson.objects.filter(pk=ada.pk).exists()
    assert not IndexedInterest.objects.filter(person_id=ada.pk).exists()
    assert IndexedPerson.objects.get(pk=lukasz.pk).job_title == "Staff Engineer"
    assert run.people_removed == 1


def test_a_deleted_user_leaves_the_index_at_the_next_run(index):
    sync.run_sync()
    gone = index.tenant.user("lukasz.wrobel")
    gone_id = gone.pk
    gone.delete()
    sync.run_sync()
    assert not IndexedPerson.objects.filter(pk=gone_id).exists()


def test_throttled_batch_items_are_retried(index):
    index.tenant.control(fail_next=3, status=429, retry_after=0, match=r"profile/interests")
    run = sync.run_sync()
    assert run.status == SyncRun.Status.SUCCEEDED
    assert index.tenant.counters()["faults"]["total"] == 3
    shared = Interest.objects.filter(allowed_audiences__in=SHARED_AUDIENCES).count()
    assert IndexedInterest.objects.count() == shared


def test_a_run_stops_at_its_request_budget_and_deletes_nothing(index, settings):
    sync.run_sync()
    before = IndexedPerson.objects.count()
    settings.ORG_INDEX_REQUEST_BUDGET = 2
    run = sync.run_sync(full=True)
    assert run.status == SyncRun.Status.OVER_BUDGET
    assert run.graph_requests == 2
    assert IndexedPerson.objects.count() == before


def test_a_failed_listing_keeps_the_index_as_it_was(index):
    sync.run_sync()
    before = set(IndexedInterest.objects.values_list("id", flat=True))
    index.tenant.control(fail_next=50, status=503, retry_after=0, match=r"GET /users$")
    run = sync.run_sync(full=True)
    assert run.status == SyncRun.Status.FAILED
    assert run.error
    assert set(IndexedInterest.objects.values_list("id", flat=True)) == before


def test_without_consent_the_run_fails_and_says_so(index):
    index.tenant.control(app_permissions=[])
    run = sync.run_sync()
    assert run.status == SyncRun.Status.FAILED
    assert IndexedPerson.objects.count() == 0
    assert SyncState.current().building


def test_one_run_at_a_time(index):
    SyncState.current()
    SyncState.objects.filter(pk=1).update(running_since=sync.timezone.now())
    run = sync.run_sync()
    assert run.status == SyncRun.Status.SKIPPED
    assert IndexedPerson.objects.count() == 0


def test_the_rotation_reads_those_read_longest_ago(index, settings):
    sync.run_sync()
    settings.ORG_INDEX_REFRESH_HOURS, settings.ORG_INDEX_SYNC_MINUTES = 1, 30  # two runs cover everyone
    everyone = IndexedPerson.objects.count()
    assert sync.rotation_share(everyone) == (everyone + 1) // 2
    oldest = list(IndexedPerson.objects.order_by("interests_read_at", "id").values_list("pk", flat=True))
    IndexedPerson.objects.filter(pk=oldest[0]).update(interests_read_at=None)
    run = sync.run_sync()
    assert run.people_read == sync.rotation_share(everyone)
    assert IndexedPerson.objects.get(pk=oldest[0]).interests_read_at is not None


def test_storing_a_wave_takes_a_bounded_number_of_queries(index):
    sync.run_sync()
    people = list(IndexedPerson.objects.values_list("pk", flat=True))
    read = {
        str(pk): [
            GraphInterest(id=f"{pk}-{n}", display_name=f"Topic {n}", audiences=("organization",)) for n in range(5)
        ]
        for pk in people
    }
    with CaptureQueriesContext(connection) as queries:
        sync.store_interests(read)
    assert len(queries) <= 8
    assert IndexedInterest.objects.count() == 5 * len(people)


@pytest.mark.parametrize("audience", ["me", "contacts", "family", "groupMembers", "unknownFutureValue"])
def test_an_interest_not_shared_with_the_organisation_is_never_stored(db, audience):
    person = IndexedPerson.objects.create(id=uuid.uuid4(), display_name="Ana Lima", name_folded="ana lima")
    assert sync.store_interests({str(person.pk): [GraphInterest("i1", "Diary", audiences=(audience,))]}) == 0
    sync.store_interest(str(person.pk), GraphInterest("i2", "Diary", audiences=(audience,)))
    assert not IndexedInterest.objects.exists()
    with pytest.raises(ValueError, match="never indexed"):
        IndexedInterest(id="i3", person=person, display_name="Diary", allowed_audience=audience).save()
    # Nor past the model (a bulk insert, a queryset update): the database's constraint refuses it.
    IndexedInterest.objects.bulk_create(
        [IndexedInterest(id="i4", person=person, display_name="x", allowed_audience="everyone")]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexedInterest.objects.filter(pk="i4").update(allowed_audience=audience)


def test_a_delta_link_graph_no_longer_knows_means_a_full_sync(index):
    sync.run_sync()
    state = SyncState.current()
    state.delta_link = state.delta_link[:-6] + "tamper"  # as Graph answers an expired one: 400 or 410
    state.save()
    run = sync.run_sync()
    assert run.kind == SyncRun.Kind.FULL
    assert run.status == SyncRun.Status.SUCCEEDED
    assert SyncState.current().delta_link != state.delta_link
