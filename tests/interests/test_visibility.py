"""Audiences and tags in words (graph/models.py) and the warning when an audience hides an interest from the manager
and colleagues (interests/visibility.py)."""

import pytest

from interests_portal.graph.models import (
    AUDIENCE_CHOICES,
    AUDIENCES,
    TAGS,
    VISIBLE_TO_COLLEAGUES,
    audience_description,
    tag_description,
)
from interests_portal.interests.visibility import hidden_warning, visibility

HIDDEN = [audience for audience in AUDIENCE_CHOICES if audience not in VISIBLE_TO_COLLEAGUES]


def test_the_labels_stay_as_other_code_and_the_audit_log_quote_them():
    assert {name: str(label) for name, label in AUDIENCES.items()} == {
        "me": "Only me",
        "family": "My family",
        "contacts": "My contacts",
        "groupMembers": "People in my groups",
        "organization": "My organization",
        "federatedOrganizations": "My organization and partners",
        "everyone": "Everyone",
    }
    assert [str(label) for label in TAGS.values()] == [
        "Ask me about",
        "Can mentor",
        "Wants to learn",
        "Wants to improve",
    ]


@pytest.mark.parametrize("audience", AUDIENCE_CHOICES)
def test_every_audience_says_whether_the_manager_and_colleagues_see_it(audience):
    words = audience_description(audience)
    assert "manager" in words
    if audience in VISIBLE_TO_COLLEAGUES:
        assert "included" in words
        assert "don't" not in words
    else:
        assert "don't see it" in words or "not even your manager" in words


def test_an_audience_the_portal_does_not_offer_is_explained_too():
    assert "doesn't offer" in audience_description("unknownFutureValue")
    assert "don't see it in this portal" in audience_description("unknownFutureValue")
    assert "don't see it in this portal" in audience_description("")


@pytest.mark.parametrize("tag", list(TAGS))
def test_every_tag_says_what_it_signals_and_where_it_shows(tag):
    words = tag_description(tag)
    assert "team page" in words or "Mentoring matches" in words
    assert tag_description("openToProjects") != words  # one the portal does not know has words of its own


@pytest.mark.parametrize("audience", sorted(VISIBLE_TO_COLLEAGUES))
def test_no_warning_where_colleagues_see_it(audience):
    assert hidden_warning(audience, ["ableToMentor"]) == ""
    assert not visibility(audience, ["ableToMentor"]).hidden


@pytest.mark.parametrize("audience", HIDDEN)
def test_every_audience_that_hides_it_warns(audience):
    warning = hidden_warning(audience)
    assert warning.endswith("your manager and colleagues won't.")
    assert visibility(audience).hidden


def test_the_warning_names_the_tags_it_keeps_from_colleagues():
    assert hidden_warning("contacts", ["ableToMentor"]) == (
        "Only your contacts will see this: your manager and colleagues won't, so “Can mentor” won't reach them. "
        "Choose “My organization” or wider to share it with them."
    )
    both = hidden_warning("groupMembers", ["askMeAbout", "openToProjects", "ableToMentor", "askMeAbout"])
    assert both.startswith("Only people in your groups will see this")
    # Each tag the portal knows once, in the order given; one it doesn't know is not named.
    assert "so “Ask me about” and “Can mentor” won't reach them" in both
    three = hidden_warning("me", ["wantsToLearn", "wantsToImprove", "askMeAbout"])
    assert "“Wants to learn”, “Wants to improve” and “Ask me about”" in three


def test_an_audience_unknown_to_the_portal_warns_too():
    assert hidden_warning("unknownFutureValue", ["ableToMentor"]).startswith(
        "Microsoft 365 decides who sees this: your manager and colleagues won't, so “Can mentor”"
    )
