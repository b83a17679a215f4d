from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person signed in with Entra ID, keyed on object id + tenant id (UPNs and names can change)."""

    entra_object_id = models.CharField(max_length=64, blank=True)
    entra_tenant_id = models.CharField(max_length=64, blank=True)
    display_name = models.CharField(max_length=256, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entra_object_id", "entra_tenant_id"],
                condition=~models.Q(entra_object_id=""),
                name="unique_entra_identity",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_portal_admin(self) -> bool:
        return self.is_superuser
