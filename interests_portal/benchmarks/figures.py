"""`make bench`: the portal's figures, measured on the server side, against a local tenant in a process of its own.

docs/benchmarks.md says what each figure means and how it is measured. In short: the portal's time comes from its
Server-Timing header (its own work apart from waiting on Graph), the local tenant's from its request log (its own
work apart from the latency it adds); round trips are counted from the tenant's arrival and departure times with
100 ms added to every Graph request; bytes are what travels, with and without gzip. Every time is min / median /
max over the repeats. The targets of issue 11 are checked against the figures of this run, never assumed.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .measure import Load, Meter, Spread
from .self_service import bench_person, graph_requests_per_action
from .stack import Stack
from .team import bench_team

Write = Callable[[str], None]

LATENCY_MS = 100
BASELINE_PATH = "/_bench/baseline"
MY_INTERESTS_PATH = "/interests/"
TEAM_PATH = "/team/"
MATCHES_PATH = "/team/?view=matches"
# Issue 11's targets.
MY_INTERESTS_GROWTH_LIMIT = 2.0  # the largest list's portal time within 2x of the smallest's
TEAM_ROUND_TRIPS_LIMIT = 3  # for a team of 1,000
TEAM_TARGET_SIZE = 1000
LINEAR_SLACK = 1.5  # per-report portal ms of the largest team at most 1.5x the next size's (quadratic: size ratio)
MATCHES_LIMIT_BYTES = 500_000  # Mentoring matches of a team of 1,000, uncompressed HTML

# What the tenant's log counts for each load: Graph requests, the items of its $batch requests, round trips.
COUNTED: tuple[Callable[[Load], float], ...] = (
    lambda load: load.graph_requests,
    lambda load: load.batch_items,
    lambda load: load.round_trips,
)


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    meter: Meter
    size: int = 0  # interests or reports
    kind: str = "baseline"  # "baseline" | "interests" | "team"


@dataclass(frozen=True)
class Measured:
    page: Page
    loads: Sequence[Load]

    def spread(self, figure: Callable[[Load], float]) -> Spread:
        return Spread.of(figure(load) for load in self.loads)

    @property
    def portal(self) -> Spread:
        return self.spread(lambda load: load.portal_ms)


def run(
    stack: Stack, write: Write, *, runs: int, latency_runs: int, interests: Sequence[int], team: Sequence[int]
) -> None:
    stack.control(reset=True)
    graph_requests_per_action(stack, write)
    pages = _pages(stack, interests, team)

    # 1. Server time, the local tenant adding nothing.
    stack.control(latency_ms=0)
    measured = [Measured(page, page.meter.repeat(page.path, runs)) for page in pages]
    for row in measured:  # a team page that lost reports would be fast for the wrong reason
        if row.page.kind == "team" and any(load.batch_items != row.page.size for load in row.loads):
            raise RuntimeError(f"{row.page.label}: the portal did not read every report's interests")
    baseline = measured[0].portal.median
    write("")
    write(f"Server time, ms as min / median / max of {_loads(runs)}; the local tenant adding no latency")
    write("  portal = the portal's own time (Server-Timing: total minus the time it waited on Graph)")
    write("  waiting = the time it waited on Graph; tenant = the time the local tenant was at work on the page's")
    write("  requests, from its log (less any latency it added; requests in flight together count once)")
    write("  x baseline = the portal's median over the bare baseline page's (the base template, signed in, no data)")
    write(f"  {'page':<30}{'portal ms':>20}{'waiting ms':>20}{'tenant ms':>22}{'x baseline':>12}")
    for row in measured:
        write(
            f"  {row.page.label:<30}{row.portal.format():>20}"
            f"{row.spread(lambda load: load.upstream_ms).format():>20}"
            f"{row.spread(lambda load: load.tenant_ms).format():>22}{row.portal.median / baseline:>12.1f}"
        )

    # 2. Round trips, with Graph's latency stood in for.
    stack.control(latency_ms=LATENCY_MS)
    slow = [Measured(page, page.meter.repeat(page.path, latency_runs, warm_up=1)) for page in pages]
    stack.control(latency_ms=0)
    write("")
    write(f"With {LATENCY_MS} ms added to every Graph request by the local tenant, {_loads(latency_runs)} each")
    write("  round trips = the Graph requests the page waited for one after another (counted from the tenant's")
    write("  arrival and departure times: requests that overlap in time count once); wall = what the browser waited")
    write(f"  {'page':<30}{'Graph requests':>16}{'batch items':>13}{'round trips':>13}{'wall ms':>26}")
    for row in slow:
        requests, items, trips = (_count(Spread.of(figure(load) for load in row.loads)) for figure in COUNTED)
        write(
            f"  {row.page.label:<30}{requests:>16}{items:>13}{trips:>13}"
            f"{row.spread(lambda load: load.wall_ms).format(0):>26}"
        )

    # 3. Bytes on the wire.
    write("")
    write("Bytes on the wire (the response body as sent), without and with Accept-Encoding: gzip")
    write(f"  {'page':<38}{'identity':>12}{'gzip':>12}{'ratio':>8}")
    wire: dict[str, int] = {}
    matches = (
        [Page(f"Mentoring matches, {team[-1]} reports", MATCHES_PATH, pages[-1].meter, team[-1], "matches")]
        if team
        else []
    )
    for page in [*pages, *matches]:
        plain, _ = page.meter.wire_bytes(page.path, "identity")
        packed, encoding = page.meter.wire_bytes(page.path, "gzip")
        wire[page.label] = plain
        note = "" if encoding == "gzip" else "  (not compressed)"
        write(f"  {page.label:<38}{plain:>12,}{packed:>12,}{packed / plain:>8.1%}{note}")

    # 4. The targets, from the figures above.
    write("")
    write("Targets (issue 11), from this run")
    for line in _targets(measured, slow, wire, baseline, team):
        write(f"  {line}")


def _pages(stack: Stack, interests: Sequence[int], team: Sequence[int]) -> list[Page]:
    """The pages measured, each with a browser signed in as its person (seeded now, in the tenant's database)."""
    pages = []
    for count in interests:
        person = bench_person(f"list{count}", count)
        pages.append(Page(f"My interests, {count} interests", MY_INTERESTS_PATH, _meter(stack, person.pk), count,
                          "interests"))  # fmt: skip
    for size in team:
        manager = bench_team(size)
        pages.append(Page(f"Team page, {size} reports", TEAM_PATH, _meter(stack, manager.pk), size, "team"))
    # The baseline as the first of these people (any signed-in person: it reads no data).
    meter = pages[0].meter if pages else _meter(stack, bench_person("baseline", 0).pk)
    return [Page("Bare baseline page", BASELINE_PATH, meter), *pages]


def _meter(stack: Stack, account_id: object) -> Meter:
    browser = stack.browser()
    stack.sign_in(browser, str(account_id), start=stack.url)
    return Meter(stack, browser)


def _loads(count: int) -> str:
    return f"{count} load" if count == 1 else f"{count} loads"


def _count(spread: Spread) -> str:
    """A count that should not vary between loads: one number, or its spread when it did vary."""
    return f"{spread.median:.0f}" if spread.low == spread.high else spread.format(0)


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _targets(
    measured: Sequence[Measured],
    slow: Sequence[Measured],
    wire: dict[str, int],
    baseline: float,
    team: Sequence[int],
) -> list[str]:
    lines = []
    lists = [row for row in measured if row.page.kind == "interests"]
    if len(lists) >= 2:
        small, large = lists[0], lists[-1]
        growth = large.portal.median / small.portal.median
        total = large.spread(lambda load: load.total_ms).median / small.spread(lambda load: load.total_ms).median
        lines.append(
            f"My interests, {large.page.size} within {MY_INTERESTS_GROWTH_LIMIT:.0f}x of {small.page.size} "
            f"(portal median): {large.portal.median:.1f} / {small.portal.median:.1f} ms = {growth:.2f}x  "
            f"{_verdict(growth <= MY_INTERESTS_GROWTH_LIMIT)}  (with the wait on Graph: {total:.2f}x)"
        )
    else:
        lines.append("My interests growth: not measured (needs two sizes, e.g. --interests 10,500)")

    teams = [row for row in slow if row.page.kind == "team"]
    largest = teams[-1] if teams else None
    if largest is not None and largest.page.size >= TEAM_TARGET_SIZE:
        trips = max(load.round_trips for load in largest.loads)
        lines.append(
            f"Team of {largest.page.size}, at most {TEAM_ROUND_TRIPS_LIMIT} sequential round trips: {trips}  "
            f"{_verdict(trips <= TEAM_ROUND_TRIPS_LIMIT)}"
        )
    else:
        lines.append(f"Team round trips: not measured at {TEAM_TARGET_SIZE:,} reports (--team …,{TEAM_TARGET_SIZE})")

    sized = [row for row in measured if row.page.kind == "team"]
    per_report = {row.page.size: (row.portal.median - baseline) / row.page.size for row in sized}
    if per_report:
        figures = ", ".join(f"{size}: {ms:.3f}" for size, ms in per_report.items())
        lines.append(f"Team page portal ms per report (portal median minus the baseline's, / reports): {figures}")
    if len(per_report) >= 2:
        (_, before), (size, last) = list(per_report.items())[-2:]
        linear = last <= LINEAR_SLACK * max(before, 0.0)
        lines.append(
            f"Team page portal time linear: per report at {size} at most {LINEAR_SLACK}x the size before  "
            f"{_verdict(linear)}"
        )
    else:
        lines.append("Team page linearity: not measured (needs two team sizes)")

    if team:
        label = f"Mentoring matches, {team[-1]} reports"
        size = wire[label]
        scope = "" if team[-1] >= TEAM_TARGET_SIZE else f" (measured at {team[-1]}; the target is for 1,000)"
        lines.append(
            f"Mentoring matches under {MATCHES_LIMIT_BYTES // 1000} KB (uncompressed): {size / 1000:,.1f} KB{scope}  "
            f"{_verdict(size < MATCHES_LIMIT_BYTES)}"
        )
    return lines
