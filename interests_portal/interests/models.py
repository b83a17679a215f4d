import uuid

from django.db import models
from django.utils import timezone


class CreateRequest(models.Model):
    """One add form's submissions (the form carries `key`): however often it is sent — a double click, a resend after
    a failure, two requests at the same moment — Graph gets at most one create for it (services.interest_create)."""

    class State(models.TextChoices):
        PENDING = "pending", "Being added"
        DONE = "done", "Added"
        FAILED = "failed", "Not added"  # Graph said so: sending it again is safe
        UNCERTAIN = "uncertain", "Unknown"  # the answer was lost: Graph is asked before it is sent again

    key = models.UUIDField(unique=True, default=uuid.uuid4)
    owner_oid = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    interest_id = models.CharField(max_length=128, blank=True)
    started = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"create {self.key} ({self.state})"
