"""`make bench` keeps working, and the figures it counts are right (its timings are for people to read: nothing
here checks one). A quick run: one load per page, small sizes, the portal and the local tenant each a gunicorn
process of their own (stack.bench_stack), the tenant serving this test's database."""

import re
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command

from interests_portal.benchmarks.measure import Load, Spread, server_timing
from interests_portal.local_tenant.request_log import Entry

SPREAD = r"[\d.]+ / [\d.]+ / [\d.]+"


@pytest.fixture(scope="module")
def figures(django_db_blocker, django_db_setup, tmp_path_factory) -> Iterator[str]:
    """One run for every test here; its people are committed (another process reads them), so emptied after."""
    out = StringIO()
    with django_db_blocker.unblock():
        try:
            call_command(
                "benchmark",
                *("--runs", "2", "--latency-runs", "1", "--interests", "10,30", "--team", "5,200"),
                *("--work-dir", str(tmp_path_factory.mktemp("bench"))),
                stdout=out,
            )
            yield out.getvalue()
        finally:
            call_command("flush", "--noinput", verbosity=0)


def test_graph_requests_per_user_action(figures: str) -> None:
    # Listing is one request. A create reads the list once, for the same-name warning, and shows that list with
    # Graph's answer to the add (the page shows Graph's count) rather than reading it again; a delete reads the list
    # after it. An inline change reads the interest before writing it (it applies to Graph's value, not the browser's).
    for action, requests in (("list my interests", 1), ("create", 2), ("change audience", 2), ("toggle a tag", 2),
                             ("delete", 2)):  # fmt: skip
        assert re.search(rf"^  {action}\s+200\s+{requests}$", figures, re.MULTILINE), figures


def test_server_time_is_split_and_set_against_the_bare_baseline(figures: str) -> None:
    for page in ("Bare baseline page", "My interests, 10 interests", "My interests, 30 interests",
                 "Team page, 5 reports", "Team page, 200 reports"):  # fmt: skip
        # portal, waiting on Graph, the local tenant's own time, then the ratio to the baseline
        assert re.search(rf"^  {page}\s+{SPREAD}\s+{SPREAD}\s+{SPREAD}\s+[\d.]+$", figures, re.MULTILINE), figures
    assert re.search(rf"^  Bare baseline page\s+{SPREAD}\s+{SPREAD}\s+{SPREAD}\s+1\.0$", figures, re.MULTILINE)


def test_graph_requests_and_round_trips_are_counted_from_the_tenants_log(figures: str) -> None:
    # A team page reads the manager's direct reports (one request: a page holds them all) and then their interests in
    # $batch requests of 20, sent at once: for 200 reports 1 + 10 requests in two sequential round trips.
    assert re.search(r"^  Team page, 5 reports\s+2\s+5\s+2\s", figures, re.MULTILINE), figures
    assert re.search(r"^  Team page, 200 reports\s+11\s+200\s+2\s", figures, re.MULTILINE), figures
    # My interests is one Graph request, one round trip; the baseline none.
    assert re.search(r"^  Bare baseline page\s+0\s+0\s+0\s", figures, re.MULTILINE), figures
    assert re.search(r"^  My interests, 10 interests\s+1\s+0\s+1\s", figures, re.MULTILINE), figures


def test_bytes_on_the_wire_with_and_without_gzip(figures: str) -> None:
    section = figures.split("Bytes on the wire", 1)[1].split("Targets", 1)[0]
    rows = {
        label: (int(plain.replace(",", "")), int(packed.replace(",", "")))
        for label, plain, packed in re.findall(r"^  (\S.*?)\s+([\d,]+)\s+([\d,]+)\s+[\d.]+%", section, re.MULTILINE)
    }
    assert {"Bare baseline page", "Team page, 200 reports", "Mentoring matches, 200 reports"} <= set(rows), section
    plain, packed = rows["Team page, 200 reports"]
    assert packed < plain / 3  # HTML compresses several times over: the page was gzipped


def test_the_targets_are_computed_from_the_run(figures: str) -> None:
    targets = figures.split("Targets (issue 11), from this run", 1)[1]
    assert re.search(
        r"My interests, 30 within 2x of 10 \(portal median\): .* (met|NOT met)  \(with the wait on Graph: [\d.]+x\)$",
        targets,
        re.MULTILINE,
    )
    assert "Team round trips: not measured at 1,000 reports" in targets
    assert re.search(r"portal ms per report .*: 5: -?[\d.]+, 200: -?[\d.]+$", targets, re.MULTILINE), targets
    assert re.search(r"Team page portal time linear: .* (met|NOT met)$", targets, re.MULTILINE)
    assert re.search(r"Mentoring matches under 500 KB .* KB \(measured at 200; .*\)  (met|NOT met)$", targets,
                     re.MULTILINE)  # fmt: skip


@pytest.mark.django_db
def test_the_baseline_page_is_served_only_to_benchmarks(client) -> None:
    # settings.BENCHMARK is off here, as in every deployment: the route does not exist.
    assert client.get("/_bench/baseline").status_code == 404


def test_server_timing_and_spreads_are_read_as_written() -> None:
    header = 'total;dur=12.345, upstream;dur=4.500;desc="3 requests", portal;dur=7.845'
    assert server_timing(header) == {"total": 12.345, "upstream": 4.5, "portal": 7.845}
    assert Spread.of([3.0, 1.0, 10.0, 2.0]) == Spread(1.0, 2.5, 10.0)
    assert Spread.of([2.0, 1.0, 30.0]).format() == "1.0 / 2.0 / 30.0"


def test_the_tenants_time_counts_requests_in_flight_together_once() -> None:
    def entry(path: str, arrived: float, departed: float, latency_ms: float = 0.0, items: int = 0) -> Entry:
        method = "POST" if items or "token" in path else "GET"
        return Entry(seq=0, method=method, path=path, status=200, arrived=arrived, departed=departed,
                     latency_ms=latency_ms, items=items)  # fmt: skip

    load = Load(200, portal_ms=1.0, upstream_ms=1.0, total_ms=2.0, wall_ms=3.0, tenant=[
        entry("/_tenant/graph/beta/me/directReports", 10.0, 10.2),  # 200 ms
        entry("/_tenant/graph/beta/$batch", 10.3, 10.5, items=20),  # 10.3-10.5 and 10.4-10.6: 300 ms together
        entry("/_tenant/graph/beta/$batch", 10.4, 10.6, items=20),
        entry("/_tenant/login/oauth2/v2.0/token", 11.0, 11.2, latency_ms=100.0),  # 100 ms of its own
    ])  # fmt: skip
    assert round(load.tenant_ms) == 600
    assert (load.graph_requests, load.batch_items, load.round_trips) == (3, 40, 2)
