import re
import shutil
import subprocess
import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ....local_tenant.demo_directory import demo_user_id
from ...stack import Stack, production_stack

CONNECTIONS = (32, 128)
MANAGER = "priya.raman"  # has direct reports in the demo directory
# wrk's own default (2 s) would count a slow answer as an error; slowness is what p99 reports. A load balancer's
# request timeout (docs/deploy.md: 90 s) is what would turn one into an error; this is well inside it.
WRK_TIMEOUT = 30


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers plus socket errors (connect, read, write, timeout)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> WrkResult:
    """wrk's --latency report: requests/s, the latency distribution, and every kind of error it counts."""

    def latency(percentile: str) -> float:
        found = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if not found:
            raise ValueError(f"no {percentile}% latency in wrk's output:\n{output}")
        return _ms(*found.groups())

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rps or not total:
        raise ValueError(f"unexpected wrk output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests_per_second=float(rps.group(1)),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        requests=int(total.group(1)),
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
    )


class Command(BaseCommand):
    help = (
        "Load the production configuration with wrk (make load; docs/load.md): gunicorn on PostgreSQL and Redis, "
        "the local tenant as a separate process adding latency to every Graph request."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--duration", type=int, default=30, help="Seconds of load per page and connection count.")
        parser.add_argument("--latency-ms", type=int, default=100, help="Added by the local tenant to each request.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
        parser.add_argument("--threads", type=int, default=16, help="Threads per worker.")
        parser.add_argument(
            "--tenant-workers",
            type=int,
            default=2,
            help="Local tenant processes (Graph's stand-in must not be the limit).",
        )
        parser.add_argument("--port", type=int, default=18443)
        parser.add_argument("--tenant-port", type=int, default=19443)

    def handle(self, *args, duration: int, latency_ms: int, workers: int, threads: int, tenant_workers: int,
               port: int, tenant_port: int, **options) -> None:  # fmt: skip
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: `make load` installs Debian's package.")
        with production_stack(
            portal_ports=[port],
            tenant_port=tenant_port,
            latency_ms=latency_ms,
            workers=workers,
            threads=threads,
            tenant_workers=tenant_workers,
        ) as stack:
            self._run(stack, duration=duration, latency_ms=latency_ms, workers=workers, threads=threads)

    def _run(self, stack: Stack, *, duration: int, latency_ms: int, workers: int, threads: int) -> None:
        person, manager = stack.browser(), stack.browser()
        stack.sign_in(person, str(demo_user_id("omar.haddad")), start=stack.portal_url)
        stack.sign_in(manager, str(demo_user_id(MANAGER)), start=stack.portal_url)
        pages = [
            ("/healthz (baseline)", "/healthz", None),
            ("start page", "/", None),
            ("My interests", "/interests/", person),
            (f"team page ({MANAGER})", "/team/", manager),
        ]
        self.stdout.write(
            f"gunicorn: {workers} workers x {threads} threads (gthread), PostgreSQL and Redis on loopback, TLS; "
            f"the local tenant in {stack.tenant_workers} processes of its own adding {latency_ms} ms per Graph "
            f"request; wrk {duration} s per row, 2 threads, a request counted failed after {WRK_TIMEOUT} s.\n"
        )
        header = f"{'page':<28} {'conns':>5} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'requests':>9} {'errors':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        failed = 0
        for label, path, session in pages:
            cookie = f"sessionid={session.cookies.get('sessionid', domain='127.0.0.1')}" if session else ""
            for connections in CONNECTIONS:
                result = self._wrk(f"{stack.portal_url}{path}", connections, duration, cookie)
                failed += result.errors
                self.stdout.write(
                    f"{label:<28} {connections:>5} {result.requests_per_second:>9.1f} {result.p50_ms:>9.1f} "
                    f"{result.p99_ms:>9.1f} {result.requests:>9} {result.errors:>7}"
                )
                time.sleep(1)  # let connections close before the next row
        if failed:
            raise CommandError(f"{failed} requests failed under load (must be 0)")

    def _wrk(self, url: str, connections: int, duration: int, cookie: str) -> WrkResult:
        command = [
            "wrk",
            "--latency",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            f"{WRK_TIMEOUT}s",
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(  # noqa: S603
            [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
        ).stdout
        result = parse_wrk(output)
        if result.errors:
            self.stderr.write(output)
        return result
