from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.backends.base import SessionBase
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person signed in with Entra ID, keyed on object id + tenant id (UPNs and names can change)."""

    entra_object_id = models.CharField(_("Entra object id"), max_length=64, blank=True)
    entra_tenant_id = models.CharField(_("Entra tenant id"), max_length=64, blank=True)
    display_name = models.CharField(_("display name"), max_length=256, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["entra_object_id", "entra_tenant_id"],
                condition=~models.Q(entra_object_id=""),
                name="unique_entra_identity",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    # Entra gives one display name, not given and family names; Django's admin greets people by these.
    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()

    def get_short_name(self) -> str:
        return self.display_name or super().get_short_name()

    @property
    def is_portal_admin(self) -> bool:
        return self.is_superuser


def _session_store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


class SignInSession(models.Model):
    """Which portal session came from which Entra sign-in session (the id token's `sid`).

    Entra's front-channel logout names only the `sid`, from an iframe that carries no portal cookie (SameSite=Lax):
    this is how the portal finds the sessions to end. Sessions are ended through the session engine, so they may
    live in the database or in a cache. Rows are written at sign-in and pruned once their session is gone."""

    PRUNE_BATCH = 200

    sid = models.CharField(max_length=128, db_index=True)
    session_key = models.CharField(max_length=64, unique=True)
    # When the session would expire if never touched again; a row past it is checked and pruned or kept.
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"session of sign-in {self.sid}"

    @classmethod
    def remember(cls, sid: str, session: SessionBase) -> None:
        if session.session_key is None:
            session.save()  # login() over another user's session flushes it: the new key exists only once saved
        now = timezone.now()
        cls._prune(now)
        cls.objects.update_or_create(
            session_key=session.session_key, defaults={"sid": sid, "expires_at": session.get_expiry_date()}
        )

    @classmethod
    def forget(cls, session: SessionBase) -> None:
        if session.session_key:
            cls.objects.filter(session_key=session.session_key).delete()

    @classmethod
    def end(cls, sid: str) -> int:
        """Ends every portal session of the Entra sign-in session `sid`; how many there were."""
        store = _session_store()
        keys = list(cls.objects.filter(sid=sid).values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        cls.objects.filter(session_key__in=keys).delete()
        return len(keys)

    @classmethod
    def _prune(cls, now: datetime) -> None:
        """Rows past their date: deleted when their session is gone, given another session lifetime when it is
        still there (a session is extended whenever it changes, e.g. at each token refresh). Bounded per call."""
        store = _session_store()
        stale = list(cls.objects.filter(expires_at__lt=now).order_by("expires_at")[: cls.PRUNE_BATCH])
        alive = {row.pk for row in stale if store().exists(row.session_key)}
        cls.objects.filter(pk__in=[row.pk for row in stale if row.pk not in alive]).delete()
        cls.objects.filter(pk__in=alive).update(expires_at=now + timedelta(seconds=settings.SESSION_COOKIE_AGE))
