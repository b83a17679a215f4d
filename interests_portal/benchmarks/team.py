"""Team page figures: its time as a multiple of one Graph round trip, with the local tenant adding latency."""

import statistics
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..local_tenant.models import DirectoryObject, Interest, Profile
from .harness import LocalServer, signed_in

LATENCY_MS = 100
SIZES = (5, 50, 200)
TOPICS = ("Kubernetes", "Python", "Accessibility", "SQL", "Coaching", "Chess")


@transaction.atomic
def bench_team(size: int) -> DirectoryObject:
    """A manager with `size` direct reports, each with three interests (recreated on every run)."""
    key = f"benchmark:team{size}"
    manager, _ = DirectoryObject.objects.update_or_create(
        pk=uuid.uuid5(uuid.NAMESPACE_URL, key),
        defaults={"user_principal_name": f"team{size}@bench.example", "display_name": f"Benchmark manager {size}"},
    )
    manager.direct_reports.all().delete()
    now = timezone.now()
    reports = [
        DirectoryObject(id=uuid.uuid5(uuid.NAMESPACE_URL, f"{key}:{n}"),
                        user_principal_name=f"t{size}-{n}@bench.example",
                        upn_key=f"t{size}-{n}@bench.example", display_name=f"Report {n}", manager=manager)
        for n in range(size)
    ]  # fmt: skip
    DirectoryObject.objects.bulk_create(reports)
    profiles = Profile.objects.bulk_create(Profile(owner=report) for report in reports)
    Interest.objects.bulk_create(
        Interest(profile=profile, display_name=TOPICS[(n + i) % len(TOPICS)], allowed_audiences="organization",
                 collaboration_tags=[("ableToMentor", "wantsToLearn", "askMeAbout")[i]], created_date_time=now,
                 last_modified_date_time=now + timedelta(seconds=i), created_by={}, last_modified_by={})
        for n, profile in enumerate(profiles) for i in range(3)
    )  # fmt: skip
    return manager


def _median_load_ms(server: LocalServer, browser, size: int, runs: int) -> tuple[float, int, int]:
    browser.get(f"{server.url}/team/", timeout=60).raise_for_status()  # warm-up
    samples, requests_made, items = [], 0, 0
    for _ in range(runs):
        before = server.counters()
        started = time.perf_counter()
        page = browser.get(f"{server.url}/team/", timeout=60)
        samples.append(time.perf_counter() - started)
        page.raise_for_status()
        if page.text.count('class="person"') != size or "Couldn't load" in page.text:
            raise RuntimeError(f"the team page of {size} reports was incomplete")
        after = server.counters()
        requests_made = after["requests"]["total"] - before["requests"]["total"]
        items = after["batch_items"]["total"] - before["batch_items"]["total"]
    return statistics.median(samples) * 1000, requests_made, items


def run(write: Callable[[str], None], runs: int) -> None:
    with LocalServer() as server:
        server.control(reset=True)
        write("")
        write(f"Team page, median of {runs} loads, without and with the local tenant adding {LATENCY_MS} ms per Graph")
        write("request. 'waited' = the difference in round trips: the Graph round trips the page waits for one after")
        write("another (the rest of the time is the portal's work and the local tenant's own CPU, which Graph does")
        write("elsewhere).")
        write(
            f"  {'reports':>8}{'Graph requests':>16}{'batch items':>13}{'ms, no latency':>16}{'ms, +100 ms':>13}"
            f"{'x round trip':>14}{'waited':>8}"
        )
        for size in SIZES:
            browser = signed_in(server, str(bench_team(size).pk))
            server.control(latency_ms=0)
            plain_ms, requests_made, items = _median_load_ms(server, browser, size, runs)
            server.control(latency_ms=LATENCY_MS)
            slow_ms, _, _ = _median_load_ms(server, browser, size, runs)
            server.control(latency_ms=0)
            waited = (slow_ms - plain_ms) / LATENCY_MS
            write(
                f"  {size:>8}{requests_made:>16}{items:>13}{plain_ms:>16.0f}{slow_ms:>13.0f}"
                f"{slow_ms / LATENCY_MS:>14.1f}{waited:>8.1f}"
            )
