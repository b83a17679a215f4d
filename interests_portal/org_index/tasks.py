"""The organisation index's background work, through Django's task framework API (the django-tasks backport of
Django 6's django.tasks: moving to Django 6 changes the import only). `manage.py db_worker` runs it."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import sync

QUEUE = "org_index"
# After a failed run (Graph or the sign-in service unreachable), the next one comes sooner than the schedule.
RETRY_AFTER_FAILURE = timedelta(minutes=1)


@task(queue_name=QUEUE)
def sync_org_index(full: bool = False) -> dict:
    """One sync run, then the next one scheduled: the schedule carries itself from run to run."""
    run = sync.run_sync(full=full)
    ensure_scheduled(delay=RETRY_AFTER_FAILURE if run.status == run.Status.FAILED else None)
    return {"run": run.pk, "status": run.status}


def _task_path() -> str:
    return sync_org_index.module_path


def pending() -> bool:
    """Whether a sync is waiting to run (scheduled or asked for) or running."""
    waiting = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    return DBTaskResult.objects.filter(task_path=_task_path(), status__in=waiting).exists()


def ensure_scheduled(*, now: bool = False, delay: timedelta | None = None) -> bool:
    """A sync ahead, unless one is already waiting: after `delay`, by default ORG_INDEX_SYNC_MINUTES, or at once
    (`now`: the first run, and "Sync now"). Returns whether one was enqueued. Two workers racing here may enqueue
    two; the second run then finds the sync taken and records itself as skipped."""
    if not settings.ORG_INDEX_ENABLED or pending():
        return False
    if delay is None:
        delay = timedelta(0) if now else timedelta(minutes=settings.ORG_INDEX_SYNC_MINUTES)
    sync_org_index.using(run_after=timezone.now() + delay).enqueue()
    return True
