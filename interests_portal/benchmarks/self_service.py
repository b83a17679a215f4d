"""Self-service figures: Graph requests per action, server time of the list page, bytes of an inline edit."""

import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import requests
from django.db import transaction
from django.utils import timezone

from ..local_tenant.models import DirectoryObject, Interest, Profile
from .harness import LocalServer, signed_in

HTMX = {"HX-Request": "true"}


@dataclass
class Timing:
    label: str
    samples: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p90_ms(self) -> float:
        return statistics.quantiles(self.samples, n=10)[-1] * 1000


@transaction.atomic
def bench_person(key: str, interests: int) -> DirectoryObject:
    """A directory person with exactly `interests` interests (recreated on every run)."""
    person, _ = DirectoryObject.objects.update_or_create(
        pk=uuid.uuid5(uuid.NAMESPACE_URL, f"benchmark:{key}"),
        defaults={"user_principal_name": f"{key}@bench.example", "display_name": f"Benchmark {key}"},
    )
    profile, _ = Profile.objects.get_or_create(owner=person)
    profile.interests.all().delete()
    now = timezone.now()
    identity = {"application": None, "device": None, "user": {"displayName": person.display_name, "id": str(person.pk)}}
    Interest.objects.bulk_create(
        Interest(profile=profile, display_name=f"Topic {n}", description="A description of moderate length. " * 3,
                 categories=["Benchmark", "Generated"],
                 collaboration_tags=["ableToMentor"] if n % 2 else ["wantsToLearn"],
                 web_url=f"https://example.com/{n}", allowed_audiences="organization", source={"type": ["User"]},
                 created_date_time=now + timedelta(seconds=n), last_modified_date_time=now + timedelta(seconds=n),
                 created_by=identity, last_modified_by=identity)
        for n in range(interests)
    )  # fmt: skip
    return person


def timed(label: str, call: Callable[[], requests.Response], runs: int) -> Timing:
    for _ in range(3):  # warm-up: connections, caches, the first token refresh
        call().raise_for_status()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call().raise_for_status()
        samples.append(time.perf_counter() - started)
    return Timing(label, samples)


def graph_requests_per_action(server: LocalServer, write: Callable[[str], None]) -> None:
    person = bench_person("actions", 3)
    browser = signed_in(server, str(person.pk))
    target = Interest.objects.filter(profile__owner=person)[0]
    url = f"{server.url}/interests"
    actions: list[tuple[str, Callable[[], requests.Response]]] = [
        ("list my interests", lambda: browser.get(f"{url}/", timeout=10)),
        ("create", lambda: browser.post(f"{url}/new", data={"display_name": "New", "allowed_audiences": "me"},
                                        headers=HTMX, timeout=10)),
        ("change audience", lambda: browser.post(f"{url}/{target.pk}/audience", data={"allowed_audiences": "me"},
                                                 headers=HTMX, timeout=10)),
        ("toggle a tag", lambda: browser.post(f"{url}/{target.pk}/tags", data={"set": "askMeAbout:on"},
                                              headers=HTMX, timeout=10)),
        ("delete", lambda: browser.post(f"{url}/{target.pk}/delete", headers=HTMX, timeout=10)),
    ]  # fmt: skip
    write("Graph requests per user action (counted by the local tenant)")
    write(f"  {'action':<22}{'status':>8}{'Graph requests':>16}")
    for label, action in actions:
        before = server.graph_requests()
        status = action().status_code
        write(f"  {label:<22}{status:>8}{server.graph_requests() - before:>16}")


def list_page_time(server: LocalServer, write: Callable[[str], None], runs: int) -> None:
    timings = [timed("trivial view (/healthz)", lambda: requests.get(f"{server.url}/healthz", timeout=10), runs)]
    for count in (10, 100):
        browser = signed_in(server, str(bench_person(f"list{count}", count).pk))
        timings.append(timed(f"My interests, {count} items", partial(browser.get, f"{server.url}/interests/",
                                                                     timeout=10), runs))  # fmt: skip
    baseline = timings[0].median_ms
    write("")
    write(
        f"Server time over loopback HTTP, {runs} runs each (the list page includes its Graph call to the local tenant)"
    )
    write(f"  {'page':<28}{'median ms':>11}{'p90 ms':>9}{'x trivial':>11}")
    for timing in timings:
        write(f"  {timing.label:<28}{timing.median_ms:>11.2f}{timing.p90_ms:>9.2f}{timing.median_ms / baseline:>11.1f}")


def bytes_sent(server: LocalServer, write: Callable[[str], None]) -> None:
    person = bench_person("bytes", 10)
    browser = signed_in(server, str(person.pk))
    target = Interest.objects.filter(profile__owner=person)[0]
    inline = browser.post(
        f"{server.url}/interests/{target.pk}/audience", data={"allowed_audiences": "everyone"}, headers=HTMX, timeout=10
    )
    page = browser.get(f"{server.url}/interests/", timeout=10)
    write("")
    write("Bytes sent to the browser (response body, uncompressed)")
    write(f"  {'inline audience change (the row)':<40}{len(inline.content):>8}")
    write(f"  {'full page, 10 interests':<40}{len(page.content):>8}")
    write(f"  {'the inline change is':<40}{len(inline.content) / len(page.content):>8.1%} of the page")


def run(write: Callable[[str], None], runs: int) -> None:
    with LocalServer() as server:
        server.control(reset=True)
        graph_requests_per_action(server, write)
        list_page_time(server, write, runs)
        bytes_sent(server, write)
