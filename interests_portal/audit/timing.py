"""How fast the audit page's filters are on a large log, and what upgrading a large log costs the portal: a throwaway
database, seeded with synthetic entries as the log stood before this release's migrations (0003), upgraded (the
search column, its backfill, the filter indexes: each timed, as an operator's upgrade of a large log would run, while
another connection appends entries and reads pages as the running portal would), each filter timed as the page runs
it (a capped count, then one page), then dropped.

A database of its own, not the current one: on PostgreSQL the append-only trigger refuses to delete what was
seeded, and a million made-up entries have no place in a real audit log. It is named after the configured one
(`<name>_audit_timing_<random>`, or a file beside it on SQLite) and made with the same credentials, so the role
needs CREATEDB on PostgreSQL (scripts/services' role has it).
"""

import random
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.utils import timezone

from .forms import AuditFilterForm
from .models import AuditEntry
from .paging import CappedPaginator
from .search_fill import audit_search_fill
from .selectors import audit_entry_list
from .text import folded
from .views import PAGE_SIZE, PAGED_AT_MOST

ALIAS = "audit_timing"
SEEDED_AT = ("audit", "0003_append_only_trigger")  # the log as the release before the search column left it
CHUNK = 5_000
FIRST = datetime(2024, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)  # the seeded entries cover three years, oldest first, as a real log grows

# Realistic names for a European organisation, with the accents people type without. One person in fifty is a
# Łukasz: the name filter below finds about 2% of the entries, as a common first name would.
GIVEN = (
    "Łukasz", "Ada", "Grace", "Priya", "Omar", "Lars", "Zoë", "Søren", "Đorđe", "Ærin", "José", "François", "Ingrid",
    "Mónica", "Björn", "Chloé", "Jürgen", "Ana", "Mateus", "Siobhán", "Nuño", "Agnieszka", "Hélène", "Tomás",
    "Małgorzata", "Oğuz", "Renée", "Kāra", "Dušan", "Elif", "Ciarán", "Noémie", "Rafał", "Ines", "Kristóf", "Aoife",
    "Mette", "Pål", "Yusuf", "Li", "Wei", "Hana", "Jiří", "Beatriz", "Matthäus", "Gráinne", "Åsa", "Emre", "Léa",
    "Niamh",
)  # fmt: skip
FAMILY = (
    "Wróbel", "Okafor", "Obi", "Raman", "Haddad", "Nygaard", "Ørsted", "Đoković", "Müller", "Straße", "García",
    "Dubois", "Kowalski", "Nowak", "Lindqvist", "Ó Súilleabháin", "Fernández", "Y\u0131lmaz", "Novák", "Černý",
    "Horváth", "Jensen", "Åberg", "Rossi", "Bianchi", "O'Brien", "Van der Berg", "Smith", "Nakamura", "Chen",
)  # fmt: skip
TOPICS = ("Kubernetes", "Python", "Chess", "Sourdough", "Négociation", "Bouldering", "Data quality", "Shogi",
          "Japanese calligraphy", "Trail running", "Économie", "Go", "Rust", "Øl brewing", "Statistics")  # fmt: skip
ACTIONS = {"update": 70, "create": 15, "delete": 10, "restrict": 3, "remove": 2}  # weights
OUTCOMES = {"succeeded": 96, "failed": 3, "refused": 1}
AUDIENCES = ("me", "organization", "everyone", "contacts", "groupMembers")
TAGS = ("askMeAbout", "ableToMentor", "wantsToLearn", "wantsToImprove")


@dataclass(frozen=True)
class Person:
    name: str
    oid: str


def people(count: int, rng: random.Random) -> list[Person]:
    """`count` different people: every given and family name paired, then again with a middle initial."""
    names: list[str] = []
    for initial in ["", *(f"{letter}. " for letter in "ABCDEFGHJKLMNPRSTW")]:
        batch = [f"{given} {initial}{family}" for family in FAMILY for given in GIVEN]
        rng.shuffle(batch)
        names += batch
    names = names[:count]
    return [Person(name, str(uuid.uuid5(uuid.NAMESPACE_URL, f"audit-timing/{name}"))) for name in names]


def _interest(rng: random.Random) -> dict[str, Any]:
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex,
        "displayName": rng.choice(TOPICS),
        "description": rng.choice(("", "Weekends mostly.", "Happy to pair on it.")),
        "categories": rng.sample(("Work", "Hobby", "Languages", "Outdoors"), k=rng.randint(0, 2)),
        "allowedAudiences": rng.choice(AUDIENCES),
        "collaborationTags": rng.sample(TAGS, k=rng.randint(0, 2)),
        "webUrl": None,
    }


def entries(
    model: type[Model], count: int, *, rng: random.Random, crowd: list[Person], admins: list[Person]
) -> Iterator[Model]:
    """`count` entries of `model` (AuditEntry as of a migration) oldest first, as interests/services.py records
    them."""
    step = SPAN / max(count, 1)
    for number in range(count):
        action = rng.choices(list(ACTIONS), list(ACTIONS.values()))[0]
        outcome = rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
        subject = rng.choice(crowd)
        actor = rng.choice(admins) if action in {"restrict", "remove"} else subject
        before = None if action == "create" else _interest(rng)
        after = None if action in {"delete", "remove"} or outcome != "succeeded" else (before or _interest(rng)) | {
            "allowedAudiences": "me" if action == "restrict" else rng.choice(AUDIENCES)
        }  # fmt: skip
        yield model(
            at=FIRST + step * number + timedelta(microseconds=rng.randrange(1_000_000)),
            actor_name=actor.name,
            actor_oid=actor.oid,
            subject_name=subject.name,
            subject_oid=subject.oid,
            action=action,
            interest_id=str((after or before or {}).get("id", "")),
            interest_name=str((after or before or {}).get("displayName", "")),
            before=before,
            after=after,
            changes={"allowedAudiences": "me"} if action == "restrict" else None,
            reason="Seeded for timing." if action in {"restrict", "remove"} else "",
            outcome=outcome,
            error_code="serviceUnavailable" if outcome == "failed" else "",
            graph_request_id=str(uuid.UUID(int=rng.getrandbits(128))),
        )


@dataclass
class Timing:
    label: str
    matched: str = ""
    seconds: list[float] = field(default_factory=list)

    def row(self) -> str:
        ms = [value * 1000 for value in self.seconds]
        return (f"{self.label:<44} {self.matched:>9} {min(ms):>9.1f} {statistics.median(ms):>9.1f} "
                f"{max(ms):>9.1f}")  # fmt: skip


@contextmanager
def throwaway_database(*, keep: bool, say: Callable[[str], None]) -> Iterator[str]:
    """A database of its own beside the configured one, migrated, under ALIAS; dropped afterwards unless `keep`."""
    default = connections.databases["default"]
    vendor = connections["default"].vendor
    config = {**default, "OPTIONS": {key: value for key, value in default.get("OPTIONS", {}).items() if key != "pool"}}
    if vendor == "postgresql":
        name = f"{default['NAME'][:40]}_audit_timing_{uuid.uuid4().hex[:8]}"  # within PostgreSQL's 63 bytes
        with connections["default"].cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    elif vendor == "sqlite":
        name = str(Path(default["NAME"]).with_name(f"audit-timing-{uuid.uuid4().hex[:8]}.sqlite3"))
    else:
        raise NotImplementedError(f"timing on {vendor} is not supported: PostgreSQL or SQLite")
    connections.databases[ALIAS] = config | {"NAME": name, "CONN_MAX_AGE": None, "TEST": {}}
    try:
        say(f"Throwaway {vendor} database {name}, migrated to {' '.join(SEEDED_AT)}")
        call_command("migrate", *SEEDED_AT, database=ALIAS, verbosity=0, interactive=False)
        yield name
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.databases[ALIAS]
        if keep:
            say(f"Kept {name}.")
        elif vendor == "postgresql":
            with connections["default"].cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        else:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)


def seed(count: int, *, rng: random.Random, say: Callable[[str], None]) -> list[Person]:
    """`count` entries as the log held them before this release."""
    crowd = people(max(50, min(count // 200, 20_000)), rng)
    admins = crowd[:10]
    started = time.perf_counter()
    model = _model_before_the_release()
    made = entries(model, count, rng=rng, crowd=crowd, admins=admins)
    for done in range(0, count, CHUNK):
        model._default_manager.using(ALIAS).bulk_create([next(made) for _ in range(min(CHUNK, count - done))])
        if done and done % 100_000 == 0:
            say(f"  {done:,} entries")
    say(f"Seeded {count:,} entries for {len(crowd):,} people in {time.perf_counter() - started:.1f} s")
    return crowd


def _model_before_the_release() -> type[Model]:
    """AuditEntry as the release before this one knew it (no search column): what its instances write with."""
    return MigrationLoader(connections[ALIAS]).project_state(SEEDED_AT).apps.get_model("audit", "AuditEntry")


class Portal(threading.Thread):
    """Another connection doing what the running portal does while the upgrade runs, every `pause` seconds: append
    an entry (as an instance of the release before writes one, without the search column: the upgrade runs before
    the new instances take over, docs/deploy.md §5) and read the newest page of the log. Each wait is recorded with
    the migration running at the time."""

    def __init__(self, *, step: str, pause: float = 0.02) -> None:
        super().__init__(name="audit-timing-portal", daemon=True)
        self.pause = pause
        self.step = step  # the migration running now
        self.writes: list[tuple[float, str]] = []
        self.reads: list[tuple[float, str]] = []
        self.refused: list[str] = []
        self.model = _model_before_the_release()
        self._stopping = threading.Event()

    def run(self) -> None:
        entries = self.model._default_manager.using(ALIAS)  # this thread's own connection to the throwaway database
        try:
            while not self._stopping.is_set():
                step, started = self.step, time.perf_counter()
                try:
                    entries.create(
                        at=timezone.now(), actor_name="Timing Portal", actor_oid=str(uuid.uuid4()),
                        subject_name="Timing Portal", subject_oid=str(uuid.uuid4()), action="update",
                        outcome="succeeded", reason="Appended during the upgrade.",
                    )  # fmt: skip
                    self.writes.append((time.perf_counter() - started, step))
                    step, started = self.step, time.perf_counter()
                    list(entries.order_by("-at", "-id").values_list("id", flat=True)[:PAGE_SIZE])
                    self.reads.append((time.perf_counter() - started, step))
                except DatabaseError as error:  # SQLite: "database is locked" past its timeout
                    self.refused.append(f"{step}: {error}")
                self._stopping.wait(self.pause)
        finally:
            connections[ALIAS].close()

    def stop(self) -> None:
        self._stopping.set()
        self.join()

    def summary(self) -> str:
        def waits(done: list[tuple[float, str]]) -> str:
            if not done:
                return "none"
            seconds, step = max(done)
            median = statistics.median(wait for wait, _step in done)
            return f"the longest waited {seconds * 1000:,.1f} ms (during {step}), the median {median * 1000:.1f} ms"

        return (
            f"Meanwhile, another connection appended {len(self.writes):,} entries: {waits(self.writes)}; "
            f"and read {len(self.reads):,} pages: {waits(self.reads)}. Refused: {len(self.refused):,}"
            + (f" (the first: {self.refused[0]})" if self.refused else "")
        )


def upgrade(*, say: Callable[[str], None]) -> None:
    """This release's audit migrations, one at a time and timed, while a Portal thread writes and reads; then what
    an operator runs after the roll (audit_fill_search) for the entries the old release appended meanwhile."""
    executor = MigrationExecutor(connections[ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes("audit"))
    steps = [migration.name for migration, _backwards in plan if migration.app_label == "audit"]
    say("Upgrading them, while another connection appends entries and reads pages as the portal does:")
    portal = Portal(step=steps[0])
    portal.start()
    upgraded = time.perf_counter()
    try:
        for step in steps:
            portal.step, started = step, time.perf_counter()
            call_command("migrate", "audit", step, database=ALIAS, verbosity=0, interactive=False)
            say(f"  {step:<28} {time.perf_counter() - started:>7.1f} s")
    finally:
        portal.stop()
    say(f"Upgraded them ({', '.join(steps)}) in {time.perf_counter() - upgraded:.1f} s")
    say(portal.summary())
    started = time.perf_counter()
    filled = audit_search_fill(using=ALIAS)
    took = time.perf_counter() - started
    say(f"Then audit_fill_search filled {filled:,} appended after the backfill, in {took:.1f} s")
    connection = connections[ALIAS]
    with connection.cursor() as cursor:  # what autovacuum would have done by the time a log is this large
        cursor.execute("VACUUM ANALYZE audit_auditentry" if connection.vendor == "postgresql" else "ANALYZE")


def cases(crowd: list[Person], pages: int) -> list[tuple[str, dict[str, str]]]:
    """Each filter of the page as a person would fill it in, through the page's form."""
    rare = next((person for person in crowd if person.name.startswith("Łukasz")), crowd[-1])
    last = FIRST + SPAN
    week = (last - timedelta(days=7)).date().isoformat()
    month = (last - timedelta(days=30)).date().isoformat()
    deep = min(100, pages)
    year_ago = (last - timedelta(days=365)).date()
    return [
        ("newest first, page 1", {}),
        (f"newest first, page {deep:,}", {"page": str(deep)}),
        (f"newest first, last page ({pages:,})", {"page": str(pages)}),
        (
            "date range: a week a year ago, last page",
            {"since": year_ago.isoformat(), "until": (year_ago + timedelta(days=6)).isoformat(), "page": "999"},
        ),
        ("name 'lukasz' (any Łukasz)", {"person": "lukasz"}),
        (f"name '{rare.name}' typed '{folded(rare.name)}'", {"person": folded(rare.name)}),
        ("name part 'ørs' (Ørsted)", {"person": "ørs"}),
        ("actor (object id)", {"person": crowd[0].oid}),
        ("action: deleted by moderation", {"action": "remove"}),
        ("outcome: failed", {"outcome": "failed"}),
        ("date range: the last week", {"since": week, "until": last.date().isoformat()}),
        ("name 'lukasz' + the last month", {"person": "lukasz", "since": month}),
    ]


def time_filters(crowd: list[Person], *, repeat: int, explain: bool, say: Callable[[str], None]) -> list[Timing]:
    pages = max(1, -(-min(AuditEntry.objects.using(ALIAS).count(), PAGED_AT_MOST) // PAGE_SIZE))
    timings = []
    for label, data in cases(crowd, pages):
        form = AuditFilterForm(data)
        if not form.is_valid():
            raise ValueError(f"{label}: {form.errors.as_text()}")
        timing = Timing(label)
        for _run in range(repeat):
            started = time.perf_counter()
            # What the page does: the count for its pages and heading, then one page of rows.
            paginator = CappedPaginator(audit_entry_list(**form.filters()).using(ALIAS), PAGE_SIZE, cap=PAGED_AT_MOST)
            page = paginator.get_page(data.get("page"))
            list(page.object_list)
            timing.seconds.append(time.perf_counter() - started)
            timing.matched = f"{paginator.count:,}{'+' if paginator.capped else ''}"
        timings.append(timing)
        if explain:
            say(f"-- {label}\n{audit_entry_list(**form.filters()).using(ALIAS)[:PAGE_SIZE].explain()}")
    return timings


def run(*, count: int, repeat: int, keep: bool, explain: bool, seed_value: int, say: Callable[[str], None]) -> None:
    rng = random.Random(seed_value)  # noqa: S311 - made-up data, not a secret
    with throwaway_database(keep=keep, say=say) as _name:
        crowd = seed(count, rng=rng, say=say)
        upgrade(say=say)
        timings = time_filters(crowd, repeat=repeat, explain=explain, say=say)
        vendor = connections[ALIAS].vendor
    say(
        f"\nAudit filters on {vendor}, {count:,} entries, {repeat} runs each, ms (a count capped at "
        f"{PAGED_AT_MOST + 1:,}, then one page of {PAGE_SIZE}):"
    )
    say(f"{'filter':<44} {'matched':>9} {'min':>9} {'median':>9} {'max':>9}")
    for timing in timings:
        say(timing.row())
