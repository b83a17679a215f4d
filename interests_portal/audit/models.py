from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..graph.models import FIELD_LABELS, VISIBLE_TO_COLLEAGUES, parse_audiences
from .changes import describe
from .text import search_key

# In place of what an entry holds of an interest its owner did not share (AuditEntry.content_visible_to).
PRIVATE = _("(content hidden: not shared with colleagues throughout)")


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
        CREATE = "create", _("Added an interest")
        UPDATE = "update", _("Changed an interest")
        DELETE = "delete", _("Deleted an interest")
        RESTRICT = "restrict", _("Restricted an interest (moderation)")
        REMOVE = "remove", _("Deleted an interest (moderation)")

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        REFUSED = "refused", _("Refused by Microsoft 365")
        FAILED = "failed", _("Failed")

    # Indexed with id in Meta.indexes: the log's order (newest first) and its date filter.
    at = models.DateTimeField(_("when (UTC)"), default=timezone.now)
    # PROTECT, not SET_NULL: clearing the actor would be an UPDATE of the entry, which the append-only trigger
    # refuses on PostgreSQL. A user who has acted stays (their row holds only their Entra id and name).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("who (portal account)"),
    )
    # Names and ids are copied: the log must read the same after people leave or are renamed.
    actor_name = models.CharField(_("who"), max_length=256)
    actor_oid = models.CharField(_("who (object id)"), max_length=64)
    subject_name = models.CharField(_("whose profile"), max_length=256)
    subject_oid = models.CharField(_("whose profile (object id)"), max_length=64)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    interest_id = models.CharField(_("interest id"), max_length=128, blank=True)
    interest_name = models.CharField(_("interest"), max_length=255, blank=True)
    changes = models.JSONField(_("change asked for"), null=True, blank=True)
    before = models.JSONField(_("before (Graph's JSON)"), null=True, blank=True)
    after = models.JSONField(_("after (Graph's JSON)"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    error_code = models.CharField(_("Graph error code"), max_length=128, blank=True)
    error_message = models.TextField(_("Graph error message"), blank=True)
    graph_request_id = models.CharField(_("Graph request-id"), max_length=128, blank=True)
    # Both names folded for accent- and case-insensitive search (text.search_key), set when the entry is saved. A
    # database default too: rows appended by SQL, or by an instance of the release before the column, are valid
    # (found by object id only until audit_fill_search fills them: search_fill.py).
    search = models.TextField(_("search text"), editable=False, blank=True, db_default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        # One per filter of the audit page, each with `at` for its order. PostgreSQL also has a trigram index on
        # `search` (migration 0006): not declared here, as SQLite cannot build it.
        # With the id too: the page's order is (at, id), and the capped count and a page's ids (paging.py) are
        # then read from the index alone, without visiting the table.
        indexes = [
            models.Index(fields=["at", "id"], name="audit_at_id_idx"),
            models.Index(fields=["action", "at", "id"], name="audit_action_at_id_idx"),
            models.Index(fields=["actor_oid", "at", "id"], name="audit_actor_at_id_idx"),
            models.Index(fields=["subject_oid", "at", "id"], name="audit_subject_at_id_idx"),
            models.Index(fields=["outcome", "at", "id"], name="audit_outcome_at_id_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} UTC {self.actor_name}: {self.get_action_display()} "
            f"({self.get_outcome_display()})"
        )

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnly("Audit entries cannot be changed.")
        self.search = search_key(self.actor_name, self.subject_name)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries cannot be deleted.")

    @property
    def shared_with_colleagues(self) -> bool:
        """Whether the interest was visible to colleagues in every state this entry knows of (before, after and the
        audience asked for). An entry that knows no audience at all counts as private."""
        states: list[Any] = [state.get("allowedAudiences") for state in (self.before, self.after) if state]
        if isinstance(self.changes, dict) and "allowedAudiences" in self.changes:
            states.append(self.changes["allowedAudiences"])
        return bool(states) and all(
            any(audience in VISIBLE_TO_COLLEAGUES for audience in parse_audiences(state)) for state in states
        )

    def content_visible_to(self, reader: Any) -> bool:
        """The interest's content (name, description, before/after, Graph's wording of an error) may be shown to
        its owner, and to anyone else only if the owner shared it with colleagues throughout."""
        return getattr(reader, "entra_object_id", None) == self.subject_oid or self.shared_with_colleagues

    @property
    def changed_fields(self) -> list[str]:
        """The kind of change, without content: the fields asked for, or that differ between before and after."""
        if isinstance(self.changes, dict) and self.changes:
            keys = list(self.changes)
        else:
            before, after = self.before or {}, self.after or {}
            keys = [key for key in FIELD_LABELS if before and after and before.get(key) != after.get(key)]
        return [str(FIELD_LABELS[key]) for key in keys if key in FIELD_LABELS]

    @property
    def what_changed(self) -> list[str]:
        """What the entry did, one line per change (changes.describe): content, for readers content_visible_to."""
        return describe(
            action=self.action, outcome=self.outcome, before=self.before, after=self.after, changes=self.changes
        )
