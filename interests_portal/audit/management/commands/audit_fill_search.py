from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS

from ...search_fill import BATCH, audit_search_fill


class Command(BaseCommand):
    help = (
        "Give audit entries without a search text (appended by an instance of the release before it, or by SQL) "
        "their folded names, so that the audit log's Person filter finds them; in short batches, while the portal "
        "runs. Safe to run at any time (docs/deploy.md §8)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default).")
        parser.add_argument("--batch", type=int, default=BATCH, help=f"Ids per transaction (default {BATCH:,}).")

    def handle(self, *args, database: str, batch: int, **options) -> None:
        filled = audit_search_fill(using=database, batch=max(batch, 1), say=self.stdout.write)
        self.stdout.write(f"Filled the search text of {filled:,} audit entries.")
