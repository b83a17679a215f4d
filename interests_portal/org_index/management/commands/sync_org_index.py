"""Run a sync of the organisation index now, in this process; or put one in the workers' queue (docs/org-index.md)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ... import sync, tasks


class Command(BaseCommand):
    help = (
        "Sync the organisation index with Graph now, in this process (a full sync with --full, or while the index "
        "is being built); with --schedule, enqueue one for the workers instead, unless one is waiting already."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Read everyone again, not only what changed.")
        parser.add_argument("--schedule", action="store_true", help="Enqueue a run for `db_worker` and return.")
        parser.add_argument(
            "--delay", type=int, default=0, help="With --schedule: the run starts this many seconds from now."
        )

    def handle(self, *args, full: bool, schedule: bool, delay: int, **options) -> None:
        if not settings.ORG_INDEX_ENABLED:
            raise CommandError("The organisation index is off (ORG_INDEX_ENABLED): nothing to sync.")
        if schedule:
            queued = tasks.ensure_scheduled(delay=timedelta(seconds=max(0, delay)))
            self.stdout.write(
                "A sync is queued for the workers." if queued else "A sync is already waiting or running."
            )
            return
        run = sync.run_sync(full=full)
        assert run.finished_at is not None  # run_sync always finishes the run it started
        self.stdout.write(
            f"{run.get_kind_display()} sync: {run.get_status_display()}. {run.people_listed} people listed, "
            f"{run.people_read} read, {run.people_removed} removed, {run.interests_indexed} interests indexed, "
            f"{run.graph_requests} Graph requests in {(run.finished_at - run.started_at).total_seconds():.1f} s."
            + (f" {run.error}" if run.error else "")
        )
        if run.status == run.Status.FAILED:
            raise CommandError("The sync failed.")
