"""The audit-filter timing command, on a few entries: it prints a figure for each filter and leaves nothing behind
(its figures for a million entries are in docs/audit.md)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from interests_portal.audit.models import AuditEntry


def test_the_timing_command_times_every_filter_in_a_database_of_its_own_and_drops_it(
    django_db_setup, django_db_blocker
):
    """Outside a test case's transaction and its per-alias guard: the command opens connections of its own. The test
    database is set up by pytest-django for the tests that ask for one: run this one with them (as tests/audit is)."""
    output = StringIO()
    with django_db_blocker.unblock():
        call_command("audit_filter_timing", entries=300, repeat=2, stdout=output)
        seeded_here = AuditEntry.objects.exists()
    printed = output.getvalue()
    assert "Seeded 300 entries" in printed
    assert re.search(r"Upgraded them .* in \d+\.\d s", printed)
    for step in ("0004_search", "0005_search_backfill", "0006_filter_indexes"):  # each migration timed
        assert re.search(rf"^  {step} +\d+\.\d s$", printed, re.M)
    # What the running portal went through meanwhile, from a connection of its own.
    appended = re.search(r"Meanwhile, another connection appended (\d+) entries: the longest waited [\d.,]+ ms "
                         r"\(during 000\d_\w+\), .* Refused: (\d+)", printed)  # fmt: skip
    assert appended
    assert int(appended.group(1)) > 0
    assert appended.group(2) == "0"
    assert re.search(r"Then audit_fill_search filled \d+ appended after the backfill", printed)
    rows = [line for line in printed.splitlines() if re.search(r"\d+\.\d +\d+\.\d +\d+\.\d$", line)]
    assert len(rows) == 12
    assert any(line.startswith("name 'lukasz' (any Łukasz)") for line in rows)
    name = re.search(r"Throwaway \w+ database (\S+),", printed).group(1)
    assert "audit_timing" not in connections.databases
    if connection.vendor == "sqlite":
        assert not Path(name).exists()
    else:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            assert cursor.fetchone() is None
    assert not seeded_here  # nothing seeded into the current database


def test_the_timing_command_refuses_nonsense():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("audit_filter_timing", entries=0)
