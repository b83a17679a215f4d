import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import translation

from interests_portal.accounts.models import User
from interests_portal.audit.models import AuditEntry

ADA = "2b7c1d0e-0000-4000-8000-00000000ada0"
LUKASZ = "2b7c1d0e-0000-4000-8000-0000000014a5"
GRACE = "2b7c1d0e-0000-4000-8000-000000006ace"
SHARED = {"id": "int-1", "displayName": "Kubernetes", "allowedAudiences": "everyone", "collaborationTags": []}

_moments = itertools.count()


@pytest.fixture(autouse=True)
def english():
    """The words these tests expect, whatever language an earlier test left active in this thread."""
    with translation.override("en-gb"):
        yield


@pytest.fixture
def make_entry(db) -> Callable[..., AuditEntry]:
    """An entry as interests/services.py records one: Ada changing her own shared interest, unless told otherwise."""

    def make(**fields: Any) -> AuditEntry:
        values: dict[str, Any] = {
            "at": datetime(2026, 11, 23, 17, 10, tzinfo=UTC) + timedelta(seconds=next(_moments)),  # made in order
            "actor_name": "Ada Okafor",
            "actor_oid": ADA,
            "subject_name": "Ada Okafor",
            "subject_oid": ADA,
            "action": AuditEntry.Action.UPDATE,
            "outcome": AuditEntry.Outcome.SUCCEEDED,
            "interest_id": "int-1",
            "interest_name": "Kubernetes",
            "before": SHARED,
            "after": SHARED | {"collaborationTags": ["ableToMentor"]},
            "changes": {"collaborationTags": ["ableToMentor"]},
            "graph_request_id": "req-1",
        }
        return AuditEntry.objects.create(**(values | fields))

    return make


@pytest.fixture
def admin_client(client, db):
    """A portal admin signed in (the role makes a superuser: accounts.models.User.is_portal_admin)."""
    grace = User.objects.create(username="grace", is_superuser=True, is_staff=True, entra_object_id=GRACE,
                                display_name="Grace Obi")  # fmt: skip
    client.force_login(grace)
    return client
