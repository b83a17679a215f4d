"""The fault soak keeps working and finds nothing wrong with a short run (its figures are for people to read; only
the ones that must be 0, and that it really did something, are checked here)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from interests_portal.benchmarks.fault_soak import form_values, parse_html, row_shown, typed
from interests_portal.local_tenant.demo_directory import seed_demo_directory

ACTIONS = 40


def figure(text: str, label: str) -> int:
    found = re.search(rf"^\s+{re.escape(label)}\s+(\d+)\b", text, re.MULTILINE)
    assert found, f"no figure {label!r} in:\n{text}"
    return int(found.group(1))


@pytest.mark.django_db(transaction=True)
def test_a_short_soak_injects_both_faults_performs_every_action_and_loses_nothing(settings):
    # `settings` puts back the sign-in and Graph addresses that the soak's LocalServer points at itself.
    seed_demo_directory()
    out = StringIO()
    call_command("fault_soak", "--actions", str(ACTIONS), "--seed", "1", stdout=out)
    text = out.getvalue()

    for label in ("500 responses", "inputs lost", "duplicate creates", "final-state mismatches",
                  "answers a later list contradicted", "successes not showing the change"):  # fmt: skip
        assert figure(text, label) == 0, text
    asked, succeeded, given_up = map(int, re.search(r"^\s+all\s+(\d+)\s+(\d+)\s+(\d+)$", text, re.MULTILINE).groups())
    assert (asked, succeeded + given_up) == (ACTIONS, ACTIONS), text
    for kind in ("add", "edit", "audience", "tag"):
        assert re.search(rf"^\s+{kind}\s+[1-9]\d*\s+[1-9]\d*\s+\d+$", text, re.MULTILINE), text
    # Faults of both kinds reached the portal, and it went on working through them.
    faults = re.search(r"faults injected\s+(\d+)\s+\(429: (\d+), 503: (\d+)\)", text)
    assert faults, text
    assert all(int(count) > 0 for count in faults.groups()), text
    assert figure(text, "Graph requests") > ACTIONS
    assert figure(text, "requests the person sent") >= ACTIONS


@pytest.mark.django_db
@pytest.mark.parametrize("option", [("--actions", "0"), ("--fault-rate", "1.5"), ("--latency-ms", "-1")])
def test_the_command_refuses_options_out_of_range(option):
    with pytest.raises(CommandError):
        call_command("fault_soak", *option)


def test_form_values_are_what_a_browser_sends():
    html = parse_html("""
      <form id="f"><input type="hidden" name="key" value="k&amp;1"><input name="display_name" value="A">
        <textarea name="description">
Line &lt;one&gt;</textarea>
        <select name="allowed_audiences"><option value="me">Only me</option>
          <option value="everyone" selected>All</option></select>
        <select name="first"><option value="x">X</option><option value="y">Y</option></select>
        <input type="checkbox" name="tags" value="a" checked><input type="checkbox" name="tags" value="b">
        <input type="text" name="off" value="z" disabled>
        <button type="submit" name="set" value="a:off">A</button>
        <button type="submit" name="set" value="b:on">B</button>
      </form>""")
    form = html.by_id("f")
    buttons = form.find_all("button")
    assert form_values(form, submitter=buttons[1]) == [
        ("key", "k&1"), ("display_name", "A"), ("description", "Line <one>"), ("allowed_audiences", "everyone"),
        ("first", "x"), ("tags", "a"), ("set", "b:on"),
    ]  # fmt: skip
    assert typed(form_values(form), "tags", "b", "c")[-2:] == [("tags", "b"), ("tags", "c")]


def test_a_row_reads_as_the_person_sees_it():
    row = parse_html("""
      <li id="interest-1" class="interest"><h3 class="interest-name">Chess &amp; Go</h3>
        <p class="interest-description">One<br>two</p>
        <select name="allowed_audiences"><option value="me">Only me</option>
          <option value="everyone" selected>E</option></select>
        <button name="set" value="askMeAbout:off" aria-pressed="true">Ask me</button>
        <button name="set" value="ableToMentor:on" aria-pressed="false">Mentor</button></li>""").by_id("interest-1")
    shown = row_shown(row)
    assert (shown.name, shown.description, shown.audience, shown.tags) == (
        "Chess & Go", "One\ntwo", "everyone", frozenset({"askMeAbout"}),
    )  # fmt: skip
