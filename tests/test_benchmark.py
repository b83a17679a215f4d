"""The benchmark command keeps working (its figures are for people to read; nothing here checks a timing)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from interests_portal.local_tenant.demo_directory import seed_demo_directory


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_prints_its_sections_and_the_graph_requests_it_counted():
    seed_demo_directory()
    out = StringIO()
    call_command("benchmark", "--runs", "5", "--team-runs", "1", stdout=out)
    text = out.getvalue()
    # Listing is one request. A create reads the list once, for the same-name warning, and shows that list with
    # Graph's answer to the add (the page shows Graph's count) rather than reading it again; a delete reads the list
    # after it. An inline change reads the interest before writing it (it applies to Graph's value, not the browser's).
    for action, requests in (("list my interests", 1), ("create", 2), ("change audience", 2), ("toggle a tag", 2),
                             ("delete", 2)):  # fmt: skip
        assert re.search(rf"{action}\s+200\s+{requests}$", text, re.MULTILINE), text
    assert re.search(r"My interests, 100 items\s+[\d.]+\s+[\d.]+\s+[\d.]+$", text, re.MULTILINE)
    assert re.search(r"the inline change is\s+[\d.]+% of the page", text)
    # The team table: for 5, 50 and 200 reports, one directory request plus one $batch per 20 reports.
    for reports, graph_requests in ((5, 2), (50, 4), (200, 11)):
        assert re.search(rf"^\s+{reports}\s+{graph_requests}\s+{reports}\s", text, re.MULTILINE), text
