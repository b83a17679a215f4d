"""The portal's own writes, reflected in the organisation index at once (docs/org-index.md, "Write-through").

Called by interests/services.py after Graph confirmed a write, with Graph's answer: an interest narrowed to "Only
me" leaves the index in the same request, a new shared one is findable straight away. An index that can't be written
must never fail the person's change, which Graph has already stored: it is logged, and the rotation repairs it.
"""

import logging
import uuid

from django.conf import settings
from django.db import DatabaseError

from ..graph.models import Interest
from . import sync

logger = logging.getLogger(__name__)


def interest_written(owner_id: str, interest: Interest) -> None:
    """An interest as Graph stored it after a create or an update by its owner."""
    if not settings.ORG_INDEX_ENABLED or not _entra_id(owner_id) or not interest.id:
        return
    try:
        sync.store_interest(owner_id, interest)
    except DatabaseError:
        logger.exception("org index: couldn't reflect a change to interest %s", interest.id)


def interest_removed(interest_id: str) -> None:
    """An interest deleted, or made visible to its owner only (an admin's restriction)."""
    if not settings.ORG_INDEX_ENABLED or not interest_id:
        return
    try:
        sync.remove_interest(interest_id)
    except DatabaseError:
        logger.exception("org index: couldn't remove interest %s", interest_id)


def _entra_id(value: str) -> bool:
    """Whether `value` is an Entra object id (a GUID), the index's key for people; anything else has no entry."""
    try:
        uuid.UUID(value)
    except (TypeError, ValueError):
        return False
    return True
