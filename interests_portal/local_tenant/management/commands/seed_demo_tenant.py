from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...demo_directory import seed_demo_directory, seed_scale


class Command(BaseCommand):
    help = "Seed the local tenant's demo directory (idempotent). --users adds generated people for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Restore the demo people's interests to the seed.")
        parser.add_argument("--users", type=int, default=0, help="Also generate this many people (teams).")
        parser.add_argument("--interests-per-user", type=int, default=10, help="Interests per generated person.")
        parser.add_argument("--team-size", type=int, default=20, help="Direct reports per generated manager.")

    def handle(self, *args, reset: bool, users: int, interests_per_user: int, team_size: int, **options) -> None:
        if users < 0 or interests_per_user < 0 or team_size < 1:
            raise CommandError("--users and --interests-per-user must not be negative; --team-size must be >= 1")
        report = seed_demo_directory(reset=reset)
        self.stdout.write(f"Demo directory: {report.people} people, {report.interests_created} interests added.")
        if users:
            scaled = seed_scale(users=users, interests_per_user=interests_per_user, team_size=team_size)
            self.stdout.write(
                f"Generated: {scaled.generated_people} people, {scaled.generated_interests} interests added."
            )
