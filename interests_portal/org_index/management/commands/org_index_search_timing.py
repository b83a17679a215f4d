"""Time Find people's search over the index as it stands (docs/org-index.md; make bench-org-index prints it)."""

import json
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ...models import IndexedInterest, IndexedPerson
from ...search import TAGS, find_people


def _typo(word: str, rng: random.Random) -> str:
    """The word with two neighbouring letters swapped, as a hurried typist makes them ("kubernetes" → "kubrenetes")."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def queries(count: int, *, seed: int = 12) -> list[tuple[str, str]]:
    """(text, tag) pairs as people type them: whole interest names, their first letters, names with a typo, a name
    with a collaboration tag chosen, and people's surnames. Drawn from what the index holds, deterministically."""
    rng = random.Random(seed)  # noqa: S311  (a repeatable mix of queries, not a secret)
    names = list(IndexedInterest.objects.values_list("normalised_name", flat=True).distinct().order_by()[:500])
    people = list(IndexedPerson.objects.values_list("display_name", flat=True).order_by()[:500])
    if not names:
        raise CommandError("The index is empty: run a sync first (manage.py sync_org_index --full).")
    made = []
    for n in range(count):
        name = rng.choice(names)
        kind = n % 10
        if kind < 4:
            made.append((name, ""))
        elif kind < 6:
            made.append((name[: max(3, len(name) // 2)], ""))
        elif kind < 8:
            made.append((" ".join(_typo(word, rng) for word in name.split()), ""))
        elif kind < 9:
            made.append((name, rng.choice(TAGS)))
        else:
            made.append(((rng.choice(people).split() or [name])[-1], ""))
    return made


class Command(BaseCommand):
    help = "Run Find people's search over the index many times and print its latency (min, p50, p95, max in ms)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", type=int, default=1000)
        parser.add_argument("--json", action="store_true", help="One JSON object, for make bench-org-index.")

    def handle(self, *args, **options) -> None:
        asked = queries(options["queries"])
        find_people("warm up")  # the first query pays for connecting and loading; not what people wait for
        took = []
        found = 0
        for text, tag in asked:
            started = time.perf_counter()
            results = find_people(text, tag=tag)
            took.append((time.perf_counter() - started) * 1000)
            found += bool(results.hits)
        cuts = statistics.quantiles(took, n=100, method="inclusive")
        figures = {
            "database": connection.vendor,
            "queries": len(took),
            "with_results": found,
            "min_ms": round(min(took), 2),
            "p50_ms": round(statistics.median(took), 2),
            "p95_ms": round(cuts[94], 2),
            "max_ms": round(max(took), 2),
            "people": IndexedPerson.objects.count(),
            "interests": IndexedInterest.objects.count(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        self.stdout.write(
            f"{figures['queries']} searches on {figures['database']} over {figures['people']:,} people and "
            f"{figures['interests']:,} interests ({found} found someone): min {figures['min_ms']} ms, "
            f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms"
        )
