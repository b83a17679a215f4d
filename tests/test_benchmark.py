"""The benchmark command keeps working (its figures are for people to read; nothing here checks a timing)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from interests_portal.local_tenant.demo_directory import seed_demo_directory


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_prints_its_three_sections_and_one_graph_request_per_action():
    seed_demo_directory()
    out = StringIO()
    call_command("benchmark", "--runs", "5", stdout=out)
    text = out.getvalue()
    for action in ("list my interests", "create", "change audience", "toggle a tag", "delete"):
        assert re.search(rf"{action}\s+200\s+1$", text, re.MULTILINE), text
    assert re.search(r"My interests, 100 items\s+[\d.]+\s+[\d.]+\s+[\d.]+$", text, re.MULTILINE)
    assert re.search(r"the inline change is\s+[\d.]+% of the page", text)
