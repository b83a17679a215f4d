"""The demo directory of the local tenant: Kestrel Labs, a fictional organisation (docs/local-tenant.md).

Seeding is idempotent: ids derive from names (uuid5), existing people are brought back to their seed values,
and existing interests are left as they are, so edits made while trying the portal survive a restart.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice

from django.conf import settings
from django.db import transaction

from .models import COLLABORATION_TAGS, DirectoryObject, Interest, Profile, change_numbers

NAMESPACE = uuid.UUID("2f0e6f4c-8d8b-4b5e-9c3a-6c1f1d2a7b90")
DOMAIN = "kestrel.example"
SEED_EPOCH = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
SENTINEL = datetime(1, 1, 1, tzinfo=UTC)  # timestamps of items synced from SharePoint's UPA

LONG_DESCRIPTION = (
    "Contemporary dance, mostly release technique and contact improvisation. I train twice a week and perform "
    "with a small company a few times a year. What I get from it at work: a feel for timing, for listening to "
    "a group, and for how much a rehearsal process looks like an iteration in a product team — you try a "
    "phrase, you watch it back, you cut what does not serve the piece. "
) * 5
# 88 characters: real display names run this long (several given names and family names, particles and all).
LONG_DISPLAY_NAME = "Maria Luísa da Conceição Albuquerque de Vasconcelos Ferreira Montenegro dos Santos Silva"
# One word of 80 letters, with no place a browser would break it on its own.
LONG_WORD = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
LONG_URL = (
    "https://learn.microsoft.com/en-gb/azure/azure-monitor/app/opentelemetry-enable?tabs=aspnetcore"
    "&pivots=programming-language-python#enable-azure-monitor-opentelemetry-for-net-nodejs-python-and-java-applications"
)


@dataclass(frozen=True)
class Seed:
    name: str
    description: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] | None = None
    audience: str = "organization"
    url: str | None = None
    legacy: bool = False  # synced from UPA: sentinel timestamps, no lastModifiedBy, no collaborationTags


@dataclass(frozen=True)
class Person:
    key: str  # the UPN's local part
    name: str
    given: str
    surname: str
    title: str
    department: str
    manager: str | None
    office: str = "Leeds"
    roles: tuple[str, ...] = ()
    contact: bool = False
    has_profile: bool = True
    interests: tuple[Seed, ...] = field(default_factory=tuple)

    @property
    def upn(self) -> str:
        return "" if self.contact else f"{self.key}@{DOMAIN}"


PROLIFIC_TOPICS = (
    "Apache Spark",
    "dbt",
    "Airflow",
    "Data contracts",
    "Parquet",
    "DuckDB",
    "Stream processing",
    "Kafka",
    "Data quality",
    "Great Expectations",
    "Statistics",
    "Bayesian inference",
    "Go (the board game)",
    "Shogi",
    "Japanese calligraphy",
    "Bouldering",
    "Trail running",
    "Fermentation",
    "Sourdough",
    "Jazz piano",
    "Urban sketching",
    "Mechanical keyboards",
    "Rust",
    "Type theory",
)


def _people() -> list[Person]:
    admin_role = (settings.PORTAL_ADMIN_ROLE,)
    prolific = tuple(
        Seed(
            topic,
            categories=("Data",) if index < 12 else ("Personal",),
            tags=(COLLABORATION_TAGS[index % 4],) if index % 3 else None,
            audience=("organization", "everyone", "me", "federatedOrganizations")[index % 4],
        )
        for index, topic in enumerate(PROLIFIC_TOPICS)
    )
    return [
        Person(
            "dana.whitfield",
            "Dana Whitfield",
            "Dana",
            "Whitfield",
            "Chief Technology Officer",
            "Leadership",
            None,
            interests=(
                Seed(
                    "Engineering leadership",
                    "Growing leaders who grow teams.",
                    ("Leadership",),
                    ("ableToMentor", "askMeAbout"),
                    "organization",
                ),
                Seed("Sailing", None, ("Personal",), None, "everyone", "https://www.rya.org.uk"),
            ),
        ),
        Person(
            "priya.raman",
            "Priya Raman",
            "Priya",
            "Raman",
            "Engineering Manager",
            "Engineering",
            "dana.whitfield",
            interests=(
                Seed(
                    "Kubernetes",
                    "Ran clusters in production since 2018.",
                    ("Cloud", "Infrastructure"),
                    ("ableToMentor",),
                    "organization",
                    "https://kubernetes.io",
                ),
                Seed("Team topologies", None, ("Leadership",), ("askMeAbout",), "organization"),
                Seed("Carnatic music", "Veena, badly.", ("Personal",), ("wantsToImprove",), "family"),
            ),
        ),
        Person(
            "tomas.ibarra",
            "Tomás Ibarra",
            "Tomás",
            "Ibarra",
            "Design Lead",
            "Design",
            "dana.whitfield",
            office="Bilbao",
            interests=(
                Seed(
                    "Design systems",
                    "Fluent, Material and our own.",
                    ("Design",),
                    ("ableToMentor",),
                    "organization",
                ),
                Seed(
                    "Accessibility",
                    "WCAG 2.2 audits and screen-reader testing.",
                    ("Design", "Quality"),
                    ("askMeAbout", "ableToMentor"),
                    "everyone",
                    "https://www.w3.org/WAI/",
                ),
                Seed("Cycling", None, ("Personal",), None, "contacts"),
            ),
        ),
        Person(
            "grace.obi",
            "Grace Obi",
            "Grace",
            "Obi",
            "IT Administrator",
            "IT",
            "dana.whitfield",
            roles=admin_role,
            interests=(
                Seed(
                    "Microsoft Entra ID",
                    "Conditional access, app registrations.",
                    ("IT",),
                    ("askMeAbout",),
                    "organization",
                ),
                Seed("PowerShell", None, ("IT", "Automation"), ("ableToMentor",), "organization"),
            ),
        ),
        Person(
            "sofia.greco",
            "Sofia Greco",
            "Sofia",
            "Greco",
            "Product Manager",
            "Product",
            "dana.whitfield",
            office="Milan",
            interests=(
                Seed("Product discovery", None, ("Product",), ("askMeAbout",), "federatedOrganizations"),
                Seed("SQL", "I can read it; I want to write it.", ("Data",), ("wantsToLearn",), "organization"),
            ),
        ),
        Person(
            "omar.haddad",
            "Omar Haddad",
            "Omar",
            "Haddad",
            "Sales Lead",
            "Sales",
            "dana.whitfield",
            office="Dubai",
            interests=(
                Seed("Negotiation", None, ("Sales",), ("ableToMentor",), "groupMembers"),
                Seed(
                    "Arabic calligraphy",
                    "خط عربي — Thuluth and Naskh.",
                    ("Personal", "Art"),
                    None,
                    "everyone",
                ),
            ),
        ),
        # Priya Raman's team
        Person(
            "ada.okafor",
            "Ada Okafor",
            "Ada",
            "Okafor",
            "Senior Software Engineer",
            "Engineering",
            "priya.raman",
            interests=(
                Seed(
                    "Kubernetes",
                    "Operators, autoscaling, the lot.",
                    ("Cloud",),
                    ("ableToMentor", "askMeAbout"),
                    "organization",
                    "https://kubernetes.io/docs/",
                ),
                Seed("Python", None, ("Programming",), ("ableToMentor",), "everyone"),
                Seed("Chess", None, ("Personal",), ("wantsToImprove",), "everyone"),
                Seed("Salary negotiation notes", "Private notes.", ("Career",), None, "me"),
            ),
        ),
        Person(
            "lukasz.wrobel",
            "Łukasz Wróbel",
            "Łukasz",
            "Wróbel",
            "Software Engineer",
            "Engineering",
            "priya.raman",
            office="Kraków",
            interests=(
                Seed(
                    "kubernetes ",
                    "Want to understand what happens after git push.",
                    ("Cloud",),
                    ("wantsToLearn",),
                    "organization",
                ),
                Seed("Python", None, ("Programming",), ("wantsToImprove",), "organization"),
                Seed("Żeglarstwo (sailing)", None, ("Personal",), None, "family"),
            ),
        ),
        Person(
            "yuki.tanaka",
            "Yuki Tanaka",
            "Yuki",
            "Tanaka",
            "Data Engineer",
            "Engineering",
            "priya.raman",
            office="Tokyo",
            interests=prolific,
        ),
        Person(
            "lars.nygaard",
            "Lars Nygaard",
            "Lars",
            "Nygaard",
            "Software Engineer",
            "Engineering",
            "priya.raman",
            office="Oslo",
        ),
        Person(
            "zoe.angstrom",
            "Zoë Ångström",
            "Zoë",
            "Ångström",
            "Quality Engineer",
            "Engineering",
            "priya.raman",
            office="Uppsala",
            interests=(
                Seed("Contemporary dance", LONG_DESCRIPTION, ("Personal", "Dance"), ("askMeAbout",), "everyone"),
                Seed(
                    "Property-based testing",
                    "Hypothesis, QuickCheck — finding the bugs you didn't imagine.",
                    ("Quality",),
                    ("ableToMentor", "askMeAbout", "openToProjects"),  # the last: a tag the portal doesn't know
                    "organization",
                ),
                Seed(
                    "日本語 (Japanese)",
                    "日本語を勉強しています。",
                    ("Languages",),
                    ("wantsToLearn",),
                    "organization",
                ),
                Seed("Kubernetes", None, ("Cloud",), ("wantsToImprove",), "organization"),
                Seed(
                    "A topic with a very long name that keeps going to test wrapping in narrow layouts and "
                    "tables on a phone",
                    None,
                    (),
                    None,
                    "unknownFutureValue",
                ),
            ),
        ),
        Person(
            "eero.virtanen",
            "Eero Virtanen",
            "Eero",
            "Virtanen",
            "Graduate Engineer",
            "Engineering",
            "priya.raman",
            office="Helsinki",
            has_profile=False,
        ),
        Person(
            "rafael.costa",
            "Rafael Costa (contractor)",
            "Rafael",
            "Costa",
            "Contract Developer",
            "Engineering",
            "priya.raman",
            contact=True,
        ),
        # Tomás Ibarra's team
        Person(
            "aroha.ngata",
            "Aroha Ngata",
            "Aroha",
            "Ngata",
            "Product Designer",
            "Design",
            "tomas.ibarra",
            office="Auckland",
            interests=(
                Seed("Accessibility", None, ("Design",), ("wantsToLearn",), "organization"),
                Seed("Figma", None, ("Design", "Tools"), ("ableToMentor",), "organization"),
                Seed("Te reo Māori", None, ("Languages",), ("askMeAbout",), "everyone"),
            ),
        ),
        Person(
            "chiamaka.eze",
            "Chiamaka Eze",
            "Chiamaka",
            "Eze",
            "UX Researcher",
            "Design",
            "tomas.ibarra",
            office="Lagos",
            interests=(
                Seed("Usability testing", None, ("Research",), ("ableToMentor", "askMeAbout"), "organization"),
                Seed("Design systems", None, ("Design",), ("wantsToLearn",), "organization"),
                Seed("Photography", None, ("Personal",), ("wantsToImprove",), "contacts"),
            ),
        ),
        Person(
            "emile.laurent",
            "Émile Laurent",
            "Émile",
            "Laurent",
            "Content Designer",
            "Design",
            "tomas.ibarra",
            office="Lyon",
            interests=(
                Seed("Antiques", audience="everyone", legacy=True),
                Seed("Hiking", audience="everyone", legacy=True),
                Seed("Archaeology", audience="organization", legacy=True),
                Seed("Plain language", "Writing for everyone.", ("Writing",), ("ableToMentor",), "organization"),
            ),
        ),
        # Søren Østergaard's team: names and words as long as real directories hold, so `make run` shows how the
        # pages wrap them (the browser tests add longer ones still: tests/browser/long_names.py).
        Person(
            "soren.ostergaard",
            "Søren Østergaard",
            "Søren",
            "Østergaard",
            "Platform Engineering Manager",
            "Platform",
            "dana.whitfield",
            office="København",
            interests=(
                Seed(
                    "Infrastructure as code",
                    "Terraform, Pulumi and Bicep; reviews welcome.",
                    ("Cloud",),
                    ("ableToMentor", "askMeAbout"),
                    "organization",
                ),
                Seed("Smørrebrød", None, ("Personal",), ("askMeAbout",), "everyone"),
            ),
        ),
        Person(
            "maria.vasconcelos",
            LONG_DISPLAY_NAME,
            "Maria Luísa",
            "Vasconcelos Ferreira",
            "Site Reliability Engineer",
            "Platform",
            "soren.ostergaard",
            office="Lisboa",
            interests=(
                Seed(
                    "Observability",
                    "Tracing across services, down to "
                    "traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.",
                    ("Cloud", "Operations"),
                    ("ableToMentor",),
                    "organization",
                    LONG_URL,
                ),
                Seed(LONG_WORD, "A word, not a sentence.", ("Languages",), ("wantsToLearn",), "organization"),
            ),
        ),
        Person(
            "huong.tran",
            "Trần Thị Hương",
            "Hương",
            "Trần",
            "Platform Engineer",
            "Platform",
            "soren.ostergaard",
            office="Hà Nội",
            interests=(
                Seed("Observability", None, ("Cloud",), ("wantsToLearn",), "organization"),
                Seed("Phở và ẩm thực Việt Nam", None, ("Personal",), ("askMeAbout",), "everyone"),
            ),
        ),
    ]


def demo_user_id(key: str) -> uuid.UUID:
    """The directory id of a demo person, from their key ("priya.raman"): the same on every seeding."""
    return uuid.uuid5(NAMESPACE, f"user:{key}")


def _interest_id(owner_key: str, name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"interest:{owner_key}:{name}")


def _identity(user: DirectoryObject) -> dict:
    return {
        "application": None,
        "device": None,
        "user": {"displayName": user.display_name, "id": str(user.pk)},
    }


def _interest(profile: Profile, owner: DirectoryObject, owner_index: int, index: int, seed: Seed) -> Interest:
    if seed.legacy:
        return Interest(
            id=_interest_id(owner.upn_key or "", seed.name),
            profile=profile,
            display_name=seed.name,
            categories=list(seed.categories),
            allowed_audiences=seed.audience,
            created_date_time=SENTINEL,
            last_modified_date_time=SENTINEL,
            synced_from="UPA",
            created_by={"device": None, "user": None, "application": {"displayName": "UPA", "id": None}},
        )
    created = SEED_EPOCH + timedelta(days=owner_index * 3, hours=index, microseconds=123457 * (index + 1))
    return Interest(
        id=_interest_id(owner.upn_key or "", seed.name),
        profile=profile,
        display_name=seed.name,
        description=seed.description,
        categories=list(seed.categories),
        collaboration_tags=list(seed.tags) if seed.tags is not None else None,
        web_url=seed.url,
        allowed_audiences=seed.audience,
        source={"type": ["User"]},
        created_date_time=created,
        last_modified_date_time=created + timedelta(days=index % 5),
        created_by=_identity(owner),
        last_modified_by=_identity(owner),
    )


@dataclass
class SeedReport:
    people: int = 0
    interests_created: int = 0
    generated_people: int = 0
    generated_interests: int = 0


@transaction.atomic
def seed_demo_directory(*, reset: bool = False) -> SeedReport:
    report = SeedReport()
    people = _people()
    if reset:
        DirectoryObject.objects.filter(pk__in=[demo_user_id(p.key) for p in people]).delete()
    saved: dict[str, DirectoryObject] = {}
    for person in people:  # managers come before their reports
        obj, _ = DirectoryObject.objects.update_or_create(
            pk=demo_user_id(person.key),
            defaults={
                "kind": DirectoryObject.Kind.ORG_CONTACT if person.contact else DirectoryObject.Kind.USER,
                "user_principal_name": person.upn,
                "display_name": person.name,
                "given_name": person.given,
                "surname": person.surname,
                "job_title": person.title,
                "department": person.department,
                "mail": f"{person.key}@{DOMAIN}",
                "office_location": person.office,
                "preferred_language": "en-GB",
                "manager": saved.get(person.manager or ""),
                "app_roles": list(person.roles),
            },
        )
        saved[person.key] = obj
        report.people += 1
    for owner_index, person in enumerate(people):
        if person.contact or not person.has_profile:
            continue
        owner = saved[person.key]
        profile, _ = Profile.objects.get_or_create(owner=owner, defaults={"id": uuid.uuid5(NAMESPACE, person.key)})
        existing = set(Interest.objects.filter(profile=profile).values_list("id", flat=True))
        new = [
            _interest(profile, owner, owner_index, index, seed)
            for index, seed in enumerate(person.interests)
            if _interest_id(owner.upn_key or "", seed.name) not in existing
        ]
        Interest.objects.bulk_create(new)
        report.interests_created += len(new)
    return report


SCALE_TOPICS = (
    "Kubernetes",
    "Python",
    "Accessibility",
    "Design systems",
    "SQL",
    "Rust",
    "Machine learning",
    "Statistics",
    "Public speaking",
    "Negotiation",
    "Product discovery",
    "Figma",
    "Usability testing",
    "Terraform",
    "Go",
    "TypeScript",
    "React",
    "Django",
    "PostgreSQL",
    "Security",
    "Incident response",
    "Observability",
    "Kafka",
    "Leadership",
    "Coaching",
    "Writing",
    "Photography",
    "Chess",
    "Cycling",
    "Running",
    "Cooking",
    "Gardening",
    "Music production",
    "Woodworking",
    "Languages",
    "Sailing",
    "Climbing",
    "Yoga",
    "History",
    "Astronomy",
)
BATCH = 2000


@transaction.atomic
def seed_scale(*, users: int, interests_per_user: int, team_size: int) -> SeedReport:
    """Generated people in teams of `team_size` under generated managers who report to the CTO."""
    report = SeedReport()
    top = DirectoryObject.objects.filter(pk=demo_user_id("dana.whitfield")).first()
    people: list[DirectoryObject] = []
    manager: DirectoryObject | None = None
    numbers = change_numbers(users)  # bulk_create skips save(): /users/delta still sees them as changes
    for number in range(users):
        is_manager = number % (team_size + 1) == 0
        key = f"scale.{'manager' if is_manager else 'person'}{number:05d}"
        person = DirectoryObject(
            id=demo_user_id(key),
            kind=DirectoryObject.Kind.USER,
            user_principal_name=f"{key}@{DOMAIN}",
            upn_key=f"{key}@{DOMAIN}",
            display_name=f"{'Manager' if is_manager else 'Person'} {number:05d}",
            given_name="Manager" if is_manager else "Person",
            surname=f"{number:05d}",
            job_title="Team Manager" if is_manager else "Engineer",
            department=f"Team {number // (team_size + 1)}",
            mail=f"{key}@{DOMAIN}",
            manager=top if is_manager else manager,
            change_number=next(numbers),
        )
        if is_manager:
            manager = person
        people.append(person)
    existing = set(DirectoryObject.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    fresh = [p for p in people if p.pk not in existing]
    for start in range(0, len(fresh), BATCH):  # managers precede their teams, so each batch's FKs exist
        DirectoryObject.objects.bulk_create(fresh[start : start + BATCH])
    report.generated_people = len(fresh)

    profiles = [Profile(id=uuid.uuid5(NAMESPACE, f"profile:{p.pk}"), owner=p) for p in fresh]
    Profile.objects.bulk_create(profiles, batch_size=BATCH)
    audiences = cycle(("organization", "organization", "everyone", "me", "federatedOrganizations", "contacts"))
    tag_sets = cycle(
        (
            (),
            ("ableToMentor",),
            ("wantsToLearn",),
            ("askMeAbout",),
            ("wantsToImprove",),
            ("ableToMentor", "askMeAbout"),
        )
    )
    interests = []
    for owner_index, profile in enumerate(profiles):
        owner = profile.owner
        for index, topic in enumerate(
            islice(
                cycle(SCALE_TOPICS),
                owner_index % len(SCALE_TOPICS),
                owner_index % len(SCALE_TOPICS) + interests_per_user,
            )
        ):
            created = SEED_EPOCH + timedelta(minutes=owner_index, seconds=index)
            interests.append(
                Interest(
                    id=_interest_id(owner.upn_key or "", f"{topic}#{index}"),
                    profile=profile,
                    display_name=topic,
                    categories=["Generated"],
                    collaboration_tags=list(next(tag_sets)) or None,
                    allowed_audiences=next(audiences),
                    source={"type": ["User"]},
                    created_date_time=created,
                    last_modified_date_time=created,
                    created_by=_identity(owner),
                    last_modified_by=_identity(owner),
                )
            )
    Interest.objects.bulk_create(interests, batch_size=BATCH)
    report.generated_interests = len(interests)
    return report
