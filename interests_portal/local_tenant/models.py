import itertools
import threading
import time
import uuid

from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver

AUDIENCES = (
    "me",
    "family",
    "contacts",
    "groupMembers",
    "organization",
    "federatedOrganizations",
    "everyone",
    "unknownFutureValue",
)
# Who other than the owner may read an interest (docs/local-tenant.md, "Visibility").
AUDIENCES_VISIBLE_TO_COLLEAGUES = ("organization", "federatedOrganizations", "everyone")
COLLABORATION_TAGS = ("askMeAbout", "ableToMentor", "wantsToLearn", "wantsToImprove")
# Graph's collaborationTags is an open string collection: Microsoft may add values after a client was written. This
# one stands in for such a value (the local tenant accepts and returns it; the portal does not know it), so tests
# can prove that the portal keeps what it does not understand.
LATER_COLLABORATION_TAGS = ("openToProjects",)


class DirectoryObject(models.Model):
    """A user or an organisational contact of the tenant's directory."""

    class Kind(models.TextChoices):
        USER = "user", "User"
        ORG_CONTACT = "orgContact", "Organisational contact"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.USER)
    # Lower-cased copy of the UPN for Graph's case-insensitive addressing; contacts have none.
    upn_key = models.CharField(max_length=255, unique=True, null=True, blank=True, editable=False)
    user_principal_name = models.CharField(max_length=255, blank=True)
    display_name = models.CharField(max_length=256)
    given_name = models.CharField(max_length=64, blank=True)
    surname = models.CharField(max_length=64, blank=True)
    job_title = models.CharField(max_length=128, blank=True)
    department = models.CharField(max_length=64, blank=True)
    mail = models.CharField(max_length=255, blank=True)
    office_location = models.CharField(max_length=128, blank=True)
    preferred_language = models.CharField(max_length=16, blank=True)
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports")
    # Entra app roles assigned to the user for the portal's app registration (the id token's `roles`).
    app_roles = models.JSONField(default=list, blank=True)
    # Graph's accountEnabled and userType ("Member" or "Guest"): the organisation index reads enabled members only.
    account_enabled = models.BooleanField(default=True)
    user_type = models.CharField(max_length=16, default="Member")
    # Bumped by every save: /users/delta answers the users changed after a token's number (graph/delta.py).
    change_number = models.BigIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["display_name", "id"]
        indexes = [models.Index(fields=["display_name"]), models.Index(fields=["manager", "display_name"])]

    def __str__(self) -> str:
        return f"{self.display_name} <{self.user_principal_name}>" if self.user_principal_name else self.display_name

    def save(self, *args, **kwargs) -> None:
        self.upn_key = self.user_principal_name.lower() or None
        self.change_number = next_change_number()
        super().save(*args, **kwargs)

    @property
    def is_user(self) -> bool:
        return self.kind == self.Kind.USER


_change_lock = threading.Lock()
_last_change = 0


def next_change_number() -> int:
    """A number larger than any this process gave before: nanoseconds since the epoch, or one more than the last
    (the local tenant is one process: its numbers order every change it made)."""
    global _last_change
    with _change_lock:
        _last_change = max(_last_change + 1, time.time_ns())
        return _last_change


def change_numbers(count: int) -> "itertools.count[int]":
    """`count` consecutive change numbers for a bulk insert (seeding), taken at once."""
    global _last_change
    with _change_lock:
        first = max(_last_change + 1, time.time_ns())
        _last_change = first + count - 1
    return itertools.count(first)


class RemovedUser(models.Model):
    """A user deleted from the directory, kept so that /users/delta reports the removal (`@removed`)."""

    id = models.UUIDField(primary_key=True)
    change_number = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"removed user {self.id}"


@receiver(post_delete, sender=DirectoryObject)
def _remember_removed_user(sender, instance: DirectoryObject, **kwargs) -> None:
    if instance.is_user:
        RemovedUser.objects.update_or_create(pk=instance.pk, defaults={"change_number": next_change_number()})


class Profile(models.Model):
    """A user's profile (Graph beta `profile`); interests live under it. Created by `POST /users/{id}/profile`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    owner = models.OneToOneField(DirectoryObject, on_delete=models.CASCADE, related_name="profile")

    def __str__(self) -> str:
        return f"profile of {self.owner}"


class Interest(models.Model):
    """A `personInterest`. Null fields are stored as Graph returns them (see serializers in graph/interests.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="interests")
    display_name = models.CharField(max_length=255)
    # Graph tells null from "": these text fields keep the difference.
    description = models.TextField(null=True, blank=True)  # noqa: DJ001
    categories = models.JSONField(default=list, blank=True)
    collaboration_tags = models.JSONField(null=True, blank=True)
    web_url = models.TextField(null=True, blank=True)  # noqa: DJ001
    allowed_audiences = models.CharField(max_length=32, default="organization")
    inference = models.JSONField(null=True, blank=True)
    source = models.JSONField(null=True, blank=True)
    created_date_time = models.DateTimeField()
    last_modified_date_time = models.DateTimeField()
    created_by = models.JSONField()
    last_modified_by = models.JSONField(null=True, blank=True)
    # Items synced from SharePoint's user profile store ("UPA") predate collaborationTags and lastModifiedBy:
    # Graph omits those properties for them instead of sending null.
    synced_from = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["created_date_time", "id"]
        indexes = [models.Index(fields=["profile", "created_date_time", "id"])]

    def __str__(self) -> str:
        return self.display_name


class AuthorizationCode(models.Model):
    code_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(DirectoryObject, on_delete=models.CASCADE)
    client_id = models.CharField(max_length=64)
    redirect_uri = models.TextField()
    scopes = models.JSONField()
    nonce = models.TextField(blank=True)
    code_challenge = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"code for {self.user_id} ({'used' if self.used else 'unused'})"


class RefreshToken(models.Model):
    """Rotating refresh tokens: each use issues a new one. A rotated token stays usable for a short grace period
    (two requests of one session may refresh at once); reused after that, it revokes its whole family."""

    token_hash = models.CharField(max_length=64, unique=True)
    family = models.UUIDField(default=uuid.uuid4, db_index=True)
    user = models.ForeignKey(DirectoryObject, on_delete=models.CASCADE)
    client_id = models.CharField(max_length=64)
    scopes = models.JSONField()
    expires_at = models.DateTimeField()
    rotated_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"refresh token of {self.user_id} (family {self.family})"
