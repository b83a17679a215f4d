"""make bench-org-index: seed a large directory, sync the organisation index from it with 100 ms added to every
Graph request, and time searches over the result (docs/benchmarks.md, "The organisation index")."""

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ...stack import bench_stack, database_url

# What a sync needs at the least: one $batch per 20 people, plus the pages of /users (999 a page) and a delta link.
BATCH_SIZE = 20
USERS_PAGE = 999


class Command(BaseCommand):
    help = (
        "Seed the local tenant with a large directory, run a full sync of the organisation index against it (the "
        "tenant a process of its own, adding latency to every request) and print Graph requests, wall time, "
        "requests per person and search latency. This process's database is the tenant's; --portal-database is "
        "the index's (PostgreSQL, for the search figures)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=20_000)
        parser.add_argument("--interests-per-user", type=int, default=8)
        parser.add_argument("--latency-ms", type=int, default=100, help="Added by the tenant to every request.")
        parser.add_argument("--queries", type=int, default=1000, help="Searches timed after the sync.")
        parser.add_argument("--portal-database", required=True, help="DATABASE_URL of the index (PostgreSQL).")
        parser.add_argument("--work-dir", type=Path, default=settings.VAR_DIR / "bench-org-index")

    def handle(self, *args, **options) -> None:
        if not settings.LOCAL_TENANT_ENABLED:
            raise CommandError("The benchmark seeds and serves the local tenant: unset ENTRA_CLIENT_ID.")
        users, per_user = options["users"], options["interests_per_user"]
        self.stdout.write(f"Seeding the local tenant: {users:,} people, {per_user} interests each …")
        started = time.perf_counter()
        call_command("seed_demo_tenant", users=users, interests_per_user=per_user, verbosity=0)
        self.stdout.write(f"  seeded in {time.perf_counter() - started:.1f} s")

        tenant_database = database_url(connection.settings_dict)
        connection.close()  # the tenant process opens it now; SQLite wants no writer left here
        with bench_stack(
            tenant_database=tenant_database, directory=options["work_dir"], portal_database=options["portal_database"]
        ) as stack:
            enabled = {"ORG_INDEX_ENABLED": "1"}
            stack.manage("purge_org_index", env=enabled)  # a full sync from nothing, every run
            stack.control(latency_ms=options["latency_ms"])
            before = stack.requests_log(after=0)["last"]
            started = time.perf_counter()
            stack.manage("sync_org_index", "--full", env=enabled)
            wall = time.perf_counter() - started
            stack.control(latency_ms=0)
            sent = stack.requests_log(after=before)["requests"]
            timing = json.loads(
                stack.manage("org_index_search_timing", "--queries", str(options["queries"]), "--json", env=enabled)
            )
        self._report(users=users, wall=wall, sent=sent, timing=timing, latency_ms=options["latency_ms"])

    def _report(self, *, users: int, wall: float, sent: list[dict], timing: dict, latency_ms: int) -> None:
        batches = sum(1 for entry in sent if entry["items"])
        items = sum(entry["items"] for entry in sent)
        floor = -(-users // BATCH_SIZE) + -(-users // USERS_PAGE) + 1
        write = self.stdout.write
        write("")
        write(f"Full sync of {users:,} people, {latency_ms} ms added to every Graph request")
        write(f"  wall time                 {wall:.1f} s  (goal: under 120 s)  {'met' if wall < 120 else 'NOT met'}")
        write(f"  Graph requests            {len(sent):,}  ({batches:,} $batch carrying {items:,} reads)")
        write(f"  requests per person       {len(sent) / users:.4f}  (floor {floor / users:.4f}: {floor:,} requests)")
        write(f"  people indexed            {timing['people']:,}, with {timing['interests']:,} shared interests")
        write("")
        found = timing["with_results"]
        write(f"Search, {timing['queries']:,} queries on {timing['database']} ({found:,} found someone)")
        p95 = timing["p95_ms"]
        write(
            f"  min / p50 / p95 / max     {timing['min_ms']} / {timing['p50_ms']} / {p95} / {timing['max_ms']} ms  "
            f"(goal: p95 under 50 ms)  {'met' if p95 < 50 and timing['database'] == 'postgresql' else 'NOT met'}"
        )
