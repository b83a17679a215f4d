"""The scheduled sync through Django's task framework (django-tasks, database backend)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from interests_portal.org_index import sync, tasks
from interests_portal.org_index.models import SyncRun


@pytest.fixture
def enabled(settings, db):
    settings.ORG_INDEX_ENABLED = True


def test_one_sync_is_kept_ahead(enabled):
    assert tasks.ensure_scheduled()
    assert not tasks.ensure_scheduled()  # one is waiting already
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "interests_portal.org_index.tasks.sync_org_index"
    assert queued.queue_name == tasks.QUEUE
    assert abs(queued.run_after - (timezone.now() + timedelta(minutes=15))) < timedelta(seconds=30)


def test_sync_now_and_a_delay(enabled):
    assert tasks.ensure_scheduled(delay=timedelta(seconds=5))
    assert DBTaskResult.objects.get().run_after <= timezone.now() + timedelta(seconds=6)


def test_nothing_is_scheduled_while_the_index_is_off(settings, db):
    settings.ORG_INDEX_ENABLED = False
    assert not tasks.ensure_scheduled()
    assert not DBTaskResult.objects.exists()


def test_a_run_schedules_the_next_sooner_after_a_failure(index):
    index.tenant.control(app_permissions=[])
    result = tasks.sync_org_index.call()
    assert result["status"] == SyncRun.Status.FAILED
    queued = DBTaskResult.objects.get()
    assert queued.run_after <= timezone.now() + tasks.RETRY_AFTER_FAILURE


def test_the_status_page_shows_runs_to_a_portal_admin_and_sync_now_queues_one(index):
    sync.run_sync()
    grace = index.sign_in("grace.obi")
    page = grace.get(f"{index.url}/people/index/", timeout=10)
    assert page.status_code == 200
    assert "Succeeded" in page.text
    answer = grace.post(f"{index.url}/people/index/sync", headers=index.csrf(grace), timeout=10)
    assert answer.status_code == 200  # back on the status page, which says so
    assert "A sync is queued" in answer.text
    assert DBTaskResult.objects.count() == 1
