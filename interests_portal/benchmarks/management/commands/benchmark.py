from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ... import figures
from ...stack import bench_stack, database_url


def _sizes(value: str) -> list[int]:
    sizes = [int(item) for item in value.split(",") if item.strip()]
    if any(size < 1 for size in sizes) or sizes != sorted(set(sizes)):
        raise ValueError("sizes must be positive and increasing")
    return sizes


class Command(BaseCommand):
    help = (
        "Print the portal's figures (make bench): the portal and the local tenant each served by a process of its "
        "own, timed on the server side (docs/benchmarks.md). Seeds its people into this process's database, which "
        "the local tenant serves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=15, help="Timed loads per page, no latency added.")
        parser.add_argument("--latency-runs", type=int, default=3, help="Loads per page with 100 ms per Graph request.")
        parser.add_argument("--interests", type=_sizes, default=[10, 100, 500], help="My interests sizes, e.g. 10,500.")
        parser.add_argument("--team", type=_sizes, default=[5, 50, 200, 1000], help="Team sizes, e.g. 5,200.")
        parser.add_argument(
            "--work-dir", type=Path, default=settings.VAR_DIR / "bench", help="The portal's database, logs, TLS."
        )

    def handle(
        self, *args, runs: int, latency_runs: int, interests: list[int], team: list[int], work_dir: Path, **options
    ) -> None:
        if not settings.LOCAL_TENANT_ENABLED:
            raise CommandError("The benchmark seeds and serves the local tenant: unset ENTRA_CLIENT_ID.")
        if runs < 1 or latency_runs < 1:
            raise CommandError("--runs and --latency-runs must be at least 1")
        # The tenant process serves the database this process seeds (a file or a server both can open).
        tenant_database = database_url(connection.settings_dict)
        with bench_stack(tenant_database=tenant_database, directory=work_dir) as stack:
            self.stdout.write(f"Portal {stack.url} and local tenant {stack.tenant_url}, each a gunicorn process.")
            self.stdout.write("")
            figures.run(stack, self.stdout.write, runs=runs, latency_runs=latency_runs, interests=interests, team=team)
