from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...timing import run


class Command(BaseCommand):
    help = (
        "Seed a throwaway database beside the configured one with N synthetic audit entries, time each filter of "
        "the audit page (min/median/max), then drop it (docs/audit.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entries", type=int, default=100_000, help="Entries to seed (default 100,000).")
        parser.add_argument("--repeat", type=int, default=5, help="Timed runs of each filter (default 5).")
        parser.add_argument("--seed", type=int, default=9, help="Random seed of the synthetic entries.")
        parser.add_argument("--explain", action="store_true", help="Print the database's plan for each filter.")
        parser.add_argument("--keep", action="store_true", help="Keep the throwaway database, to look at it.")

    def handle(self, *args, entries: int, repeat: int, seed: int, explain: bool, keep: bool, **options) -> None:
        if entries < 1 or repeat < 1:
            raise CommandError("--entries and --repeat must be at least 1")
        try:
            run(count=entries, repeat=repeat, keep=keep, explain=explain, seed_value=seed, say=self.stdout.write)
        except NotImplementedError as unsupported:
            raise CommandError(str(unsupported)) from unsupported
