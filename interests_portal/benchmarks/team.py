"""The benchmark's managers: `size` direct reports, three interests each, in the local tenant's database."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..local_tenant.models import DirectoryObject, Interest, Profile

TOPICS = ("Kubernetes", "Python", "Accessibility", "SQL", "Coaching", "Chess")
# Per interest of a report (first, second, third): mentors, learners and both, so that every topic has people
# offering it and people wanting it, and Mentoring matches has pairs in proportion to the team squared.
TAGS = (["ableToMentor"], ["wantsToLearn"], ["askMeAbout", "ableToMentor"])


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
                 collaboration_tags=TAGS[i], created_date_time=now,
                 last_modified_date_time=now + timedelta(seconds=i), created_by={}, last_modified_by={})
        for n, profile in enumerate(profiles) for i in range(3)
    )  # fmt: skip
    return manager
