"""Each filter of the audit page can be answered from an index (the figures: docs/audit.md, audit_filter_timing).
The planner is asked to avoid full scans, so an index it can use shows in the plan whatever the table's size."""

from datetime import date

import pytest
from django.db import connection, transaction

from interests_portal.audit.selectors import audit_entry_list

from .conftest import LUKASZ

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner and trigram index")


def plan(**filters) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return audit_entry_list(**filters)[:50].explain()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"person": "lukasz"}, "audit_search_trgm_idx"),  # LIKE '%lukasz%' on the folded names
        ({"person": "Wróbel"}, "audit_search_trgm_idx"),
        ({"person": LUKASZ}, "audit_subject_at_id_idx"),
        ({"person": LUKASZ}, "audit_actor_at_id_idx"),
        ({"action": "remove"}, "audit_action_at_id_idx"),
        ({"outcome": "failed"}, "audit_outcome_at_id_idx"),
        ({"since": date(2026, 11, 1), "until": date(2026, 11, 7)}, "audit_at_id_idx"),
        ({}, "audit_at_id_idx"),  # newest first: read backwards along the index, no sort
    ],
)
def test_each_filter_has_an_index(filters, index):
    assert index in plan(**filters)


@pytest.mark.django_db
def test_the_newest_first_order_needs_no_sort():
    assert "Sort" not in plan()
