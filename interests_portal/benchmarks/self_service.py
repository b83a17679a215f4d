"""Self-service: the benchmark's people (a given number of interests each) and Graph requests per user action."""

import uuid
from collections.abc import Callable
from datetime import timedelta

import requests
from django.db import transaction
from django.utils import timezone

from ..local_tenant.models import DirectoryObject, Interest, Profile
from .stack import Stack

HTMX = {"HX-Request": "true"}


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


def graph_requests_per_action(stack: Stack, write: Callable[[str], None]) -> None:
    """What each self-service action costs in Graph requests, counted by the local tenant."""
    person = bench_person("actions", 3)
    browser = stack.browser()
    stack.sign_in(browser, str(person.pk), start=stack.url)
    target = Interest.objects.filter(profile__owner=person)[0]
    url = f"{stack.url}/interests"
    headers = HTMX | stack.csrf_headers(browser, f"{url}/")
    actions: list[tuple[str, Callable[[], requests.Response]]] = [
        ("list my interests", lambda: browser.get(f"{url}/", timeout=30)),
        ("create", lambda: browser.post(f"{url}/new", data={"display_name": "New", "allowed_audiences": "me"},
                                        headers=headers, timeout=30)),
        ("change audience", lambda: browser.post(f"{url}/{target.pk}/audience", data={"allowed_audiences": "me"},
                                                 headers=headers, timeout=30)),
        ("toggle a tag", lambda: browser.post(f"{url}/{target.pk}/tags", data={"set": "askMeAbout:on"},
                                              headers=headers, timeout=30)),
        ("delete", lambda: browser.post(f"{url}/{target.pk}/delete", headers=headers, timeout=30)),
    ]  # fmt: skip
    write("Graph requests per user action (counted by the local tenant)")
    write(f"  {'action':<22}{'status':>8}{'Graph requests':>16}")
    for label, action in actions:
        before = stack.counters()["requests"]["total"]
        status = action().status_code
        write(f"  {label:<22}{status:>8}{stack.counters()['requests']['total'] - before:>16}")
