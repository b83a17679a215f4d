from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ... import fault_soak


class Command(BaseCommand):
    help = (
        "Drive My interests over HTTP as a person with htmx while a seeded share of Graph operations fails with 429 "
        "or 503, and print what went wrong (make soak runs it on its own database; see docs/fault-soak.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actions", type=int, default=300, help="Scripted user actions to perform.")
        parser.add_argument("--seed", type=int, default=1, help="Seeds the person's choices and the faults alike.")
        parser.add_argument("--fault-rate", type=float, default=0.2, help="Share of Graph operations that fail.")
        parser.add_argument("--latency-ms", type=int, default=0, help="Added to every Graph request.")
        parser.add_argument(
            "--production",
            action="store_true",
            help="Against the production configuration (gunicorn, PostgreSQL, Redis, the local tenant in its own "
            "process): needs DATABASE_URL and REDIS_URL (make soak-production).",
        )

    def handle(
        self, *args, actions: int, seed: int, fault_rate: float, latency_ms: int, production: bool, **options
    ) -> None:
        if not settings.LOCAL_TENANT_ENABLED:
            raise CommandError("The fault soak runs against the local tenant: unset ENTRA_CLIENT_ID.")
        if actions < 1:
            raise CommandError("--actions must be at least 1")
        if not 0.0 <= fault_rate <= 1.0:
            raise CommandError("--fault-rate must be between 0 and 1")
        if not 0 <= latency_ms <= 60_000:
            raise CommandError("--latency-ms must be between 0 and 60000")
        fault_soak.run(
            self.stdout.write,
            actions=actions,
            seed=seed,
            fault_rate=fault_rate,
            latency_ms=latency_ms,
            production=production,
        )
