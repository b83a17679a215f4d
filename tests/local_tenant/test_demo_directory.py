from django.conf import settings
from django.core.management import call_command

from interests_portal.local_tenant.demo_directory import seed_demo_directory
from interests_portal.local_tenant.models import (
    AUDIENCES,
    COLLABORATION_TAGS,
    LATER_COLLABORATION_TAGS,
    DirectoryObject,
    Interest,
    Profile,
)


def snapshot() -> tuple:
    return (
        sorted(DirectoryObject.objects.values_list("id", "display_name", "manager_id")),
        sorted(Interest.objects.values_list("id", "display_name", "allowed_audiences")),
    )


def test_seeding_twice_changes_nothing(db):
    seed_demo_directory()
    first = snapshot()
    report = seed_demo_directory()
    assert report.interests_created == 0
    assert snapshot() == first


def test_seeding_keeps_edits_and_reset_restores_the_seed(db):
    seed_demo_directory()
    ada_chess = Interest.objects.get(display_name="Chess")
    ada_chess.allowed_audiences = "me"
    ada_chess.save()
    seed_demo_directory()
    assert Interest.objects.get(pk=ada_chess.pk).allowed_audiences == "me"
    seed_demo_directory(reset=True)
    assert Interest.objects.get(pk=ada_chess.pk).allowed_audiences == "everyone"


def test_the_demo_directory_has_what_the_portal_needs(db, settings):
    seed_demo_directory()
    users = DirectoryObject.objects.filter(kind="user")
    assert 17 <= users.count() <= 19
    assert set(Interest.objects.values_list("allowed_audiences", flat=True)) == set(AUDIENCES)
    tags = {tag for tags in Interest.objects.values_list("collaboration_tags", flat=True) for tag in tags or ()}
    # Every documented tag, and one Microsoft might add later (the portal must keep what it does not know).
    assert tags == set(COLLABORATION_TAGS) | set(LATER_COLLABORATION_TAGS)
    admins = [u for u in users if settings.PORTAL_ADMIN_ROLE in u.app_roles]
    assert [a.display_name for a in admins] == ["Grace Obi"]
    managers = users.filter(direct_reports__isnull=False).distinct()
    assert managers.count() >= 3  # the CTO and two managers with teams
    assert DirectoryObject.objects.filter(kind="orgContact", manager__isnull=False).exists()
    counts = {p.owner.display_name: p.interests.count() for p in Profile.objects.all()}
    assert counts["Lars Nygaard"] == 0
    assert max(counts.values()) > settings.LOCAL_TENANT_PAGE_SIZE
    assert not Profile.objects.filter(owner__display_name="Eero Virtanen").exists()
    legacy = Interest.objects.filter(synced_from="UPA")
    assert legacy.count() >= 2
    assert all(i.created_date_time.year == 1 and i.last_modified_by is None for i in legacy)
    assert Interest.objects.filter(description__regex=r"[^\x00-\x7f]").exists()
    assert max(len(i.description or "") for i in Interest.objects.all()) > 1000


def test_the_demo_directory_has_names_as_long_as_real_directories_hold(db):
    seed_demo_directory()
    names = list(DirectoryObject.objects.values_list("display_name", flat=True))
    assert max(len(name) for name in names) == 88
    assert {"Søren Østergaard", "Trần Thị Hương", "Łukasz Wróbel", "Zoë Ångström"} <= set(names)
    longest_words = [max(len(word) for word in i.display_name.split()) for i in Interest.objects.all()]
    assert max(longest_words) >= 80
    assert Interest.objects.filter(web_url__regex=r"^https://\S{200,}$").exists()


def test_the_scale_option_adds_teams_idempotently(db):
    call_command("seed_demo_tenant", "--users", "42", "--interests-per-user", "3", "--team-size", "20")
    generated = DirectoryObject.objects.filter(upn_key__startswith="scale.")
    assert generated.count() == 42
    managers = generated.filter(upn_key__startswith="scale.manager")
    assert managers.count() == 2
    assert all(m.manager.display_name == "Dana Whitfield" for m in managers)
    assert max(m.direct_reports.count() for m in managers) == 20
    assert Interest.objects.filter(profile__owner__in=generated).count() == 42 * 3
    call_command("seed_demo_tenant", "--users", "42", "--interests-per-user", "3", "--team-size", "20")
    assert DirectoryObject.objects.filter(upn_key__startswith="scale.").count() == 42
    assert Interest.objects.filter(profile__owner__in=generated).count() == 42 * 3
    assert settings.PORTAL_ADMIN_ROLE
