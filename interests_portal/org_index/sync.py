"""Keeping the organisation index in step with Graph (docs/org-index.md, "How it stays in step with Graph").

`run_sync` is what the scheduled task and `manage.py sync_org_index` call: one run at a time across every worker,
within ORG_INDEX_REQUEST_BUDGET Graph requests, its progress and figures on a SyncRun. `store_interests` is the one
place interests enter the index, for the sync, the portal's own writes (write_through.py) and the read-time check
(read_check.py): only what is shared with the organisation is ever kept.
"""

import logging
import math
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..accounts.entra import app_graph
from ..graph.client import MAX_BATCH, GraphClient
from ..graph.directory_sync import (
    DirectoryUser,
    OverBudget,
    RequestBudget,
    changes_since,
    latest_delta_link,
    members,
)
from ..graph.errors import GraphError
from ..graph.models import Interest
from ..graph.people import Person, PersonInterests, interests_of_people
from ..portal.text import folded
from .models import SHARED_AUDIENCES, IndexedInterest, IndexedPerson, SyncRun, SyncState
from .names import normalised_name

logger = logging.getLogger(__name__)

# A run that died without finishing (a worker killed) gives the sync back after this long.
LEASE = timedelta(hours=2)
INTEREST_FIELDS = [
    "person",
    "display_name",
    "normalised_name",
    "description",
    "web_url",
    "categories",
    "category_keys",
    "collaboration_tags",
    "able_to_mentor",
    "wants_to_learn",
    "wants_to_improve",
    "ask_me_about",
    "allowed_audience",
    "last_modified",
    "indexed_at",
]
PERSON_FIELDS = ["display_name", "name_folded", "mail", "user_principal_name", "department", "job_title", "updated_at"]


# --- What enters the index ------------------------------------------------------------------------------------


def shared(interest: Interest) -> bool:
    """Whether colleagues may read it: the only interests the index keeps."""
    return interest.audience in SHARED_AUDIENCES


def indexed_row(person_id: str, interest: Interest) -> IndexedInterest:
    """The index's row for one of a person's interests (not saved)."""
    tags = set(interest.collaboration_tags)
    categories = [normalised_name(category) for category in interest.categories]
    return IndexedInterest(
        id=interest.id,
        person_id=person_id,
        display_name=interest.display_name[:255],
        normalised_name=normalised_name(interest.display_name)[:255],
        description=interest.description,
        web_url=interest.web_url[:2048],
        categories=list(interest.categories),
        category_keys="\n" + "\n".join(categories) + "\n" if categories else "",
        collaboration_tags=list(interest.collaboration_tags),
        able_to_mentor="ableToMentor" in tags,
        wants_to_learn="wantsToLearn" in tags,
        wants_to_improve="wantsToImprove" in tags,
        ask_me_about="askMeAbout" in tags,
        allowed_audience=interest.audience,
        last_modified=interest.last_modified,
    )


def store_interests(read: dict[str, list[Interest]]) -> int:
    """Each person's indexed interests replaced by the shared ones among `read` (person id → everything Graph
    listed for them), in a few queries whatever the number of people; people not in the index are skipped (the
    sync adds people, this only their interests). Returns the interests now indexed for them."""
    if not read:
        return 0
    known = {str(pk) for pk in IndexedPerson.objects.filter(pk__in=list(read)).values_list("pk", flat=True)}
    rows = [
        indexed_row(person_id, item)
        for person_id, items in read.items()
        if person_id in known
        for item in items
        if shared(item)
    ]
    with transaction.atomic():
        IndexedInterest.objects.filter(person_id__in=known).exclude(pk__in=[row.pk for row in rows]).delete()
        IndexedInterest.objects.bulk_create(
            rows, batch_size=500, update_conflicts=True, unique_fields=["id"], update_fields=INTEREST_FIELDS
        )
        IndexedPerson.objects.filter(pk__in=known).update(interests_read_at=timezone.now())
    return len(rows)


def store_interest(person_id: str, interest: Interest) -> None:
    """One interest as Graph now holds it: indexed if it is shared and its owner is in the index, else removed."""
    if shared(interest) and IndexedPerson.objects.filter(pk=person_id).exists():
        row = indexed_row(person_id, interest)
        IndexedInterest.objects.bulk_create(
            [row], update_conflicts=True, unique_fields=["id"], update_fields=INTEREST_FIELDS
        )
    else:
        remove_interest(interest.id)


def remove_interest(interest_id: str) -> None:
    IndexedInterest.objects.filter(pk=interest_id).delete()


def _upsert_people(users: Iterable[DirectoryUser], *, listed_at=None) -> list[str]:
    rows = [
        IndexedPerson(
            id=uuid.UUID(user.person.id),
            display_name=user.person.display_name[:256],
            name_folded=folded(user.person.display_name)[:256],
            mail=user.person.mail[:255],
            user_principal_name=user.person.user_principal_name[:255],
            department=user.person.department[:64],
            job_title=user.person.job_title[:128],
            listed_at=listed_at,
        )
        for user in users
    ]
    fields = [*PERSON_FIELDS, "listed_at"] if listed_at else PERSON_FIELDS
    IndexedPerson.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["id"], update_fields=fields
    )
    return [str(row.pk) for row in rows]


# --- Reading interests ----------------------------------------------------------------------------------------


def _read(graph: GraphClient, people: list[Person], run: SyncRun) -> None:
    """These people's interests, a wave of GRAPH_BATCH_CONCURRENCY batches at a time, stored as each wave lands.
    A person Graph couldn't answer for keeps what the index had, and stays first in the rotation."""
    wave = settings.GRAPH_BATCH_CONCURRENCY * MAX_BATCH
    for start in range(0, len(people), wave):
        # An OverBudget from any batch's thread comes out of here and ends the run.
        loaded: list[PersonInterests] = interests_of_people(graph, people[start : start + wave])
        failed = [entry for entry in loaded if entry.error is not None]
        read = {entry.person.id: entry.interests for entry in loaded if entry.error is None}
        run.interests_indexed += store_interests(read)
        run.people_read += len(read)
        if failed:
            logger.warning("org index: %d people's interests could not be read: %s", len(failed), failed[0].error)
        run.save(update_fields=["interests_indexed", "people_read"])


def _delete_people(which: Q) -> int:
    """Delete these people and their interests; how many people."""
    return IndexedPerson.objects.filter(which).delete()[1].get(IndexedPerson._meta.label, 0)


def _people(users: Iterable[DirectoryUser]) -> list[Person]:
    return [user.person for user in users]


# --- Runs -----------------------------------------------------------------------------------------------------


def full_sync(graph: GraphClient, run: SyncRun) -> None:
    """Everyone again: a delta link for "now" first (what changes meanwhile is the next run's), then every enabled
    member and their interests. Only a listing that ran to its end removes the people it didn't name."""
    delta_link = latest_delta_link(graph)
    listed_at = timezone.now()
    for page in members(graph):
        users = [user for user in page if user.indexable]
        _upsert_people(users, listed_at=listed_at)
        run.people_listed += len(users)
        run.save(update_fields=["people_listed"])
        _read(graph, _people(users), run)
    run.people_removed += _delete_people(Q(listed_at__lt=listed_at) | Q(listed_at__isnull=True))
    state = SyncState.current()
    state.delta_link = delta_link
    state.full_sync_completed_at = timezone.now()
    state.save(update_fields=["delta_link", "full_sync_completed_at"])
    _refresh_statistics()


def _refresh_statistics() -> None:
    """After a full sync has rewritten the index, PostgreSQL knows nothing useful about it yet: its planner statistics
    describe the index as it was (or empty), and every row just written still has to be checked for visibility and
    marked by the first searches that read it. Until autovacuum gets round to it, searches are several times slower.
    VACUUM (ANALYZE) does both now: a second or two at 100,000 interests, outside any transaction, as VACUUM must be."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {IndexedPerson._meta.db_table}, {IndexedInterest._meta.db_table}")


def incremental_sync(graph: GraphClient, run: SyncRun) -> None:
    """What changed in the directory since the last run (removals at once), then the next share of the rotation."""
    state = SyncState.current()
    for changes in changes_since(graph, state.delta_link):
        gone = [user.person.id for user in changes.users if not user.indexable]
        if gone:
            run.people_removed += _delete_people(Q(pk__in=gone))
        current = [user for user in changes.users if user.indexable]
        _upsert_people(current)
        run.people_listed += len(current)
        run.save(update_fields=["people_listed", "people_removed"])
        _read(graph, _people(current), run)
        if changes.delta_link:
            state.delta_link = changes.delta_link
            state.save(update_fields=["delta_link"])
    _read(graph, _rotation(), run)


def rotation_share(people: int) -> int:
    """How many people one run re-reads so that everyone is re-read within ORG_INDEX_REFRESH_HOURS, a run every
    ORG_INDEX_SYNC_MINUTES."""
    runs = max(1, settings.ORG_INDEX_REFRESH_HOURS * 60 // max(1, settings.ORG_INDEX_SYNC_MINUTES))
    return math.ceil(people / runs)


def _rotation() -> list[Person]:
    """The people read longest ago (never read first)."""
    share = rotation_share(IndexedPerson.objects.count())
    oldest = IndexedPerson.objects.order_by(F("interests_read_at").asc(nulls_first=True), "id")[:share]
    return [Person(str(p.pk), p.display_name, p.job_title, p.department, p.user_principal_name, p.mail) for p in oldest]


def _take_the_sync() -> bool:
    """One run at a time, whatever the number of workers: a conditional update of the one SyncState row."""
    SyncState.current()
    now = timezone.now()
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - LEASE)
    return SyncState.objects.filter(free, pk=1).update(running_since=now) == 1


def _give_the_sync_back() -> None:
    SyncState.objects.filter(pk=1).update(running_since=None)


def run_sync(*, full: bool = False, graph_for: Callable[..., GraphClient] = app_graph) -> SyncRun:
    """One run: a full sync while the index is building (or when asked), else changes and rotation. It stops at
    its request budget, leaving the rest for the next run; a failure leaves the index as the last run left it."""
    budget = RequestBudget(settings.ORG_INDEX_REQUEST_BUDGET)
    state = SyncState.current()
    kind = SyncRun.Kind.FULL if full or state.building or not state.delta_link else SyncRun.Kind.DELTA
    run = SyncRun.objects.create(kind=kind, request_budget=budget.limit)
    if not _take_the_sync():
        run.status, run.finished_at = SyncRun.Status.SKIPPED, timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return run
    try:
        graph = graph_for(before_send=budget.take)
        if kind == SyncRun.Kind.FULL:
            full_sync(graph, run)
        else:
            try:
                incremental_sync(graph, run)
            except GraphError as error:
                if error.status not in {400, 410}:
                    raise
                # Graph no longer knows the delta link (expired or reset): everyone again, as Graph asks.
                logger.warning("org index: the delta link was refused (%s); running a full sync", error)
                run.kind = SyncRun.Kind.FULL
                full_sync(graph, run)
        run.status = SyncRun.Status.SUCCEEDED
    except OverBudget:
        run.status = SyncRun.Status.OVER_BUDGET
    except GraphError as error:
        logger.warning("org index: the sync failed: %s", error)
        run.status, run.error = SyncRun.Status.FAILED, str(error)[:2000]
    finally:
        _give_the_sync_back()
        run.graph_requests, run.finished_at = budget.used, timezone.now()
        run.save()
    return run
