from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ... import self_service, team


class Command(BaseCommand):
    help = "Print the portal's figures against the local tenant (make bench runs it on its own database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per self-service measurement.")
        parser.add_argument("--team-runs", type=int, default=3, help="Timed loads per team size.")
        parser.add_argument("--skip-team", action="store_true", help="Leave out the team page (slow by design).")

    def handle(self, *args, runs: int, team_runs: int, skip_team: bool, **options) -> None:
        if not settings.LOCAL_TENANT_ENABLED:
            raise CommandError("The benchmark runs against the local tenant: unset ENTRA_CLIENT_ID.")
        if runs < 5 or team_runs < 1:
            raise CommandError("--runs must be at least 5 and --team-runs at least 1")
        self_service.run(self.stdout.write, runs)
        if not skip_team:
            team.run(self.stdout.write, team_runs)
