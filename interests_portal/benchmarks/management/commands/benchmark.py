from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...self_service import run


class Command(BaseCommand):
    help = "Print the portal's figures against the local tenant (make bench runs it on its own database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per measurement.")

    def handle(self, *args, runs: int, **options) -> None:
        if not settings.LOCAL_TENANT_ENABLED:
            raise CommandError("The benchmark runs against the local tenant: unset ENTRA_CLIENT_ID.")
        if runs < 5:
            raise CommandError("--runs must be at least 5")
        run(self.stdout.write, runs)
