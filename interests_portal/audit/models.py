from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnly(Exception):
    """The audit log is never changed or pruned through the application."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnly("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One write the portal made, or tried to make, to someone's profile in Microsoft Graph."""

    class Action(models.TextChoices):
        CREATE = "create", "Added an interest"
        UPDATE = "update", "Changed an interest"
        DELETE = "delete", "Deleted an interest"
        RESTRICT = "restrict", "Restricted an interest (moderation)"
        REMOVE = "remove", "Deleted an interest (moderation)"

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        REFUSED = "refused", "Refused by Microsoft 365"
        FAILED = "failed", "Failed"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Names and ids are copied: the log must read the same after people leave or are renamed.
    actor_name = models.CharField(max_length=256)
    actor_oid = models.CharField(max_length=64)
    subject_name = models.CharField(max_length=256)
    subject_oid = models.CharField(max_length=64, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    interest_id = models.CharField(max_length=128, blank=True)
    interest_name = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    error_code = models.CharField(max_length=128, blank=True)
    error_message = models.TextField(blank=True)
    graph_request_id = models.CharField(max_length=128, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["action", "at"]), models.Index(fields=["actor_oid", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()} ({self.outcome})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries cannot be deleted.")
