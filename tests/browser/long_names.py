"""People and interests whose names and words are as long as the directory and Graph allow, with accents, for
layout tests (the `long_names` fixture in tests/browser/conftest.py).

They join Søren Østergaard's team of the demo directory (which already holds an 88-character name, an 80-letter
word and a long link, so that `make run` shows them too), and are made through the local tenant's models: the
portal reads them over Graph as it reads anyone.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from interests_portal.audit.models import AuditEntry
from interests_portal.local_tenant.demo_directory import DOMAIN, LONG_DISPLAY_NAME, demo_user_id
from interests_portal.local_tenant.models import DirectoryObject, Interest, Profile


def _unbroken(seed: str, length: int) -> str:
    """`seed` repeated to exactly `length` characters: a word a browser finds no place to break."""
    return (seed * (length // len(seed) + 1))[:length]


# The longest display name Entra ID stores (256) less one, and the longest interest name the local tenant keeps.
UNBROKEN_NAME = _unbroken("Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen", 255)
UNBROKEN_INTEREST = _unbroken("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz", 255)
UNBROKEN_CATEGORY = _unbroken("Verwaltungsrechtswissenschaftlerinnen", 100)
UNBROKEN_TEXT = _unbroken("0123456789abcdef", 600)
UNBROKEN_URL = "https://example.com/" + _unbroken("very-long-path-segment/", 1000) + "?q=" + _unbroken("x", 200)
# The local part of a UPN may be 64 characters.
UNBROKEN_UPN = f"{_unbroken('wolfeschlegelsteinhausenbergerdorff', 64)}@{DOMAIN}"
ACCENTED_NAME = "Nguyễn Thị Minh Châu"
ACCENTED_INTEREST = "Phở, bánh mì và ẩm thực Việt Nam"
REASON = "Names a colleague: " + UNBROKEN_TEXT
AT = datetime(2026, 11, 23, 17, 10, tzinfo=UTC)


@dataclass(frozen=True)
class LongNames:
    manager: DirectoryObject  # Søren Østergaard, manager of all the people below
    unbroken: DirectoryObject  # 255 characters, no space; an employee with no reports
    long: DirectoryObject  # the demo's 88-character name
    accented: DirectoryObject
    interest: Interest  # the unbroken person's 255-character interest, shared with colleagues


def _identity(person: DirectoryObject) -> dict[str, Any]:
    return {"application": None, "device": None, "user": {"displayName": person.display_name, "id": str(person.pk)}}


def _interest(person: DirectoryObject, name: str, tags: list[str], minutes: int, **fields: Any) -> Interest:
    profile, _ = Profile.objects.get_or_create(owner=person)
    when = AT - timedelta(days=30, minutes=minutes)
    return Interest.objects.create(
        profile=profile,
        display_name=name,
        collaboration_tags=tags,
        allowed_audiences="organization",
        source={"type": ["User"]},
        created_date_time=when,
        last_modified_date_time=when,
        created_by=_identity(person),
        last_modified_by=_identity(person),
        **fields,
    )


def _person(key: str, name: str, upn: str, manager: DirectoryObject, title: str) -> DirectoryObject:
    return DirectoryObject.objects.create(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"layout:{key}"),
        user_principal_name=upn,
        display_name=name,
        given_name=name.split()[0][:64],
        surname=name.split()[-1][:64],
        job_title=title,
        department="Platform",
        mail=upn,
        office_location="Hà Nội",
        preferred_language="vi-VN",
        manager=manager,
    )


def create_long_names() -> LongNames:
    """Adds the people, their interests and audit entries about them; the demo directory must be seeded first."""
    manager = DirectoryObject.objects.get(pk=demo_user_id("soren.ostergaard"))
    long = DirectoryObject.objects.get(display_name=LONG_DISPLAY_NAME)
    unbroken = _person("unbroken", UNBROKEN_NAME, UNBROKEN_UPN, manager, _unbroken("Plattformarchitekt", 128))
    accented = _person("accented", ACCENTED_NAME, f"chau.nguyen@{DOMAIN}", manager, "Kỹ sư nền tảng")

    interest = _interest(
        unbroken,
        UNBROKEN_INTEREST,
        ["ableToMentor", "askMeAbout"],
        1,
        description=f"See {UNBROKEN_TEXT} — and {UNBROKEN_URL}",
        categories=[UNBROKEN_CATEGORY, "Łódź"],
        web_url=UNBROKEN_URL,
    )
    _interest(unbroken, ACCENTED_INTEREST, ["wantsToLearn"], 2, description="Søren, Zoë, Łukasz: ăn phở nhé?")
    # Matches in both directions, so the matches view pairs the longest names on the longest interest.
    _interest(long, UNBROKEN_INTEREST, ["wantsToLearn"], 3)
    _interest(accented, ACCENTED_INTEREST, ["ableToMentor"], 4, categories=[UNBROKEN_CATEGORY])
    _interest(accented, UNBROKEN_INTEREST, ["wantsToImprove"], 5)

    grace = DirectoryObject.objects.get(pk=demo_user_id("grace.obi"))
    shared = {
        "id": str(interest.pk),
        "displayName": UNBROKEN_INTEREST,
        "description": UNBROKEN_TEXT,
        "webUrl": UNBROKEN_URL,
        "allowedAudiences": "organization",
        "collaborationTags": ["ableToMentor"],
    }
    # What the person did themselves, and what an admin did to them, with a reason and an error as long.
    entries: list[tuple[DirectoryObject, dict[str, Any]]] = [
        (unbroken, {"action": "create", "after": shared}),
        (
            unbroken,
            {
                "action": "update",
                "before": shared,
                "after": shared | {"displayName": ACCENTED_INTEREST, "allowedAudiences": "everyone"},
                "changes": {"displayName": ACCENTED_INTEREST, "allowedAudiences": "everyone"},
            },
        ),
        (
            grace,
            {
                "action": "restrict",
                "before": shared,
                "after": shared | {"allowedAudiences": "me"},
                "changes": {"allowedAudiences": "me"},
                "reason": REASON,
            },
        ),
        (
            grace,
            {
                "action": "remove",
                "before": shared,
                "reason": REASON,
                "outcome": "failed",
                "error_code": "serviceNotAvailable",
                "error_message": UNBROKEN_TEXT,
            },
        ),
    ]
    for minutes, (actor, fields) in enumerate(entries):
        AuditEntry.objects.create(
            at=AT - timedelta(minutes=minutes),
            actor_name=actor.display_name,
            actor_oid=str(actor.pk),
            subject_name=unbroken.display_name,
            subject_oid=str(unbroken.pk),
            interest_id=str(interest.pk),
            interest_name=UNBROKEN_INTEREST,
            graph_request_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"layout:request:{minutes}")),
            **({"outcome": "succeeded"} | fields),
        )
    return LongNames(manager=manager, unbroken=unbroken, long=long, accented=accented, interest=interest)
