"""The organisation index: people and the interests they share with their organisation (docs/org-index.md).

Only what a colleague could already read in Microsoft 365 is kept: an interest whose `allowedAudiences` is
organization, federatedOrganizations or everyone, with its owner's name, department and job title. Anything else
is never written here (`SHARED_AUDIENCES`, enforced by `IndexedInterest.save` and a database constraint)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..graph.people import teams_chat_url
from .names import normalised_name

# The audiences under which a colleague may read an interest (graph-contract.md, "allowedAudiences").
SHARED_AUDIENCES = ("organization", "federatedOrganizations", "everyone")


class IndexedPerson(models.Model):
    """A member account of the directory, enabled, as `/users` last described them."""

    id = models.UUIDField(primary_key=True)  # the Entra object id
    display_name = models.CharField(max_length=256)
    # folded(display_name): the person-name search matches accents and case as the portal does everywhere.
    name_folded = models.CharField(max_length=256, db_index=True)
    mail = models.CharField(max_length=255, blank=True)
    user_principal_name = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=64, blank=True)
    job_title = models.CharField(max_length=128, blank=True)
    # When this person's interests were last read from Graph (or written through by the portal): the rotation
    # reads the oldest first; null means never, so a person new to the directory is read before anyone else.
    interests_read_at = models.DateTimeField(null=True, blank=True)
    # When a full sync's listing last named this person: one that ends complete removes everyone it didn't name.
    listed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indexed person")
        verbose_name_plural = _("indexed people")
        ordering = ["name_folded", "id"]
        indexes = [
            models.Index(fields=["interests_read_at", "id"], name="org_index_person_rotation"),
            models.Index(fields=["department"], name="org_index_person_department"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def teams_chat_url(self) -> str:
        return teams_chat_url(self.user_principal_name)


class IndexedInterest(models.Model):
    """One `personInterest` its owner shares with the organisation."""

    id = models.CharField(primary_key=True, max_length=128)  # Graph's personInterest id (opaque)
    person = models.ForeignKey(IndexedPerson, on_delete=models.CASCADE, related_name="interests")
    display_name = models.CharField(max_length=255)
    # names.normalised_name(display_name): the key that groups "Kubernetes", "kubernetes" and "Kubernetes!".
    normalised_name = models.CharField(max_length=255, db_index=True)
    description = models.TextField(blank=True)
    web_url = models.CharField(max_length=2048, blank=True)
    categories = models.JSONField(default=list, blank=True)
    # The normalised categories between newlines ("\ncloud\nsoftware\n"), so a category facet is one portable
    # `contains` (SQLite has no JSON containment lookup).
    category_keys = models.TextField(blank=True)
    collaboration_tags = models.JSONField(default=list, blank=True)  # as Graph returned them, unknown ones kept
    # The four tags the pages facet on, as columns an index can serve.
    able_to_mentor = models.BooleanField(default=False)
    wants_to_learn = models.BooleanField(default=False)
    wants_to_improve = models.BooleanField(default=False)
    ask_me_about = models.BooleanField(default=False)
    allowed_audience = models.CharField(max_length=32)
    last_modified = models.DateTimeField(null=True, blank=True)  # Graph's lastModifiedDateTime
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indexed interest")
        verbose_name_plural = _("indexed interests")
        ordering = ["normalised_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allowed_audience__in=SHARED_AUDIENCES), name="org_index_interest_shared_only"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if self.allowed_audience not in SHARED_AUDIENCES:
            raise ValueError(f"an interest shared with {self.allowed_audience!r} is never indexed")
        self.normalised_name = normalised_name(self.display_name)
        super().save(*args, **kwargs)


class SyncState(models.Model):
    """The one row that carries the sync from run to run."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    # Graph's @odata.deltaLink from the last completed directory read; empty until a full sync has finished.
    delta_link = models.TextField(blank=True)
    full_sync_completed_at = models.DateTimeField(null=True, blank=True)
    # Set while a run holds the sync (sync.py `one_at_a_time`): workers on other machines leave it alone.
    running_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sync state")

    def __str__(self) -> str:
        return "building" if self.building else f"full sync completed {self.full_sync_completed_at:%Y-%m-%d %H:%M} UTC"

    @classmethod
    def current(cls) -> "SyncState":
        state, _created = cls.objects.get_or_create(pk=1)
        return state

    @property
    def building(self) -> bool:
        """True until the first full sync has finished: pages say the index is still being built."""
        return self.full_sync_completed_at is None


class SyncRun(models.Model):
    """One run of the sync, its progress while it runs and its figures after (shown to portal admins)."""

    class Kind(models.TextChoices):
        FULL = "full", _("Full")
        DELTA = "delta", _("Changes and rotation")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        SKIPPED = "skipped", _("Skipped: another run was under way")
        OVER_BUDGET = "over_budget", _("Stopped at its request budget")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress: people listed so far and how many of them had their interests read.
    people_listed = models.PositiveIntegerField(default=0)
    people_read = models.PositiveIntegerField(default=0)
    people_removed = models.PositiveIntegerField(default=0)
    interests_indexed = models.PositiveIntegerField(default=0)
    graph_requests = models.PositiveIntegerField(default=0)
    request_budget = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("sync run")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} sync {self.started_at:%Y-%m-%d %H:%M} UTC: {self.get_status_display()}"
