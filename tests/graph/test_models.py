"""Tolerant parsing of every variation in graph-contract.md."""

from datetime import UTC, datetime

import pytest

from interests_portal.graph.models import Interest, parse_audiences, parse_timestamp


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("organization", ("organization",)),
        ("organization,federatedOrganizations", ("organization", "federatedOrganizations")),
        ("organization, everyone", ("organization", "everyone")),
        (["me"], ("me",)),
        (["me", 7, None], ("me",)),
        (None, ()),
        (8, ()),
        ("", ()),
    ],
)
def test_allowed_audiences_as_a_string_a_flags_list_or_a_list(value, expected):
    assert parse_audiences(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-07-06T06:34:12.2294868Z", datetime(2020, 7, 6, 6, 34, 12, 229486, tzinfo=UTC)),
        ("2020-07-06T06:34:12Z", datetime(2020, 7, 6, 6, 34, 12, tzinfo=UTC)),
        ("2017-01-01T00:02:37.446308+03:00", datetime(2016, 12, 31, 21, 2, 37, 446308, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", None),
        ("not a date", None),
        (None, None),
        (12, None),
    ],
)
def test_timestamps_with_seven_digits_offsets_and_the_sentinel(value, expected):
    assert parse_timestamp(value) == expected


def test_the_documented_example_parses():
    interest = Interest.from_graph({
        "id": "0fb4c1e3-c1e3-0fb4-e3c1-b40fe3c1b40f", "allowedAudiences": "organization", "inference": None,
        "createdDateTime": "2020-07-06T06:34:12.2294868Z",
        "createdBy": {"application": None, "device": None, "user": {"displayName": "Innocenty Popov", "id": "db7"}},
        "lastModifiedDateTime": "2020-07-06T06:34:12.2294868Z",
        "lastModifiedBy": {"application": None, "device": None, "user": {"displayName": "Innocenty Popov", "id": "d"}},
        "categories": ["Sports"], "description": "World's greatest football club", "displayName": "Chelsea FC",
        "webUrl": "https://www.chelseafc.com", "collaborationTags": None,
    })  # fmt: skip
    assert interest.display_name == "Chelsea FC"
    assert interest.audience_label == "My organization"
    assert interest.collaboration_tags == ()
    assert interest.last_modified_by == "Innocenty Popov"
    assert interest.link == "https://www.chelseafc.com"


def test_legacy_upa_items_with_missing_fields_and_a_source_list():
    interest = Interest.from_graph({
        "categories": [], "description": None, "displayName": "Antiques", "webUrl": None,
        "allowedAudiences": "everyone", "createdDateTime": "0001-01-01T00:00:00Z", "inference": None,
        "lastModifiedDateTime": "0001-01-01T00:00:00Z", "id": "61f64b68-198d-4f21-88f9-d73fe674ad7c",
        "createdBy": {"device": None, "user": None, "application": {"displayName": "UPA", "id": None}},
        "source": {"type": ["AAD", "MsGraph"]},
    })  # fmt: skip
    assert interest.created is None
    assert interest.last_modified is None
    assert interest.description == ""
    assert interest.source_types == ("AAD", "MsGraph")
    assert Interest.from_graph({"id": "1", "displayName": "x", "source": {"type": "User"}}).source_types == ("User",)


def test_unknown_fields_and_values_are_kept_aside_not_fatal():
    interest = Interest.from_graph({
        "id": "1", "displayName": "x", "isSearchable": False, "thumbnailUrl": None,
        "sources": [{"sourceId": "4ce763dd"}], "collaborationTags": ["askMeAbout", "juggling"],
        "allowedAudiences": "unknownFutureValue",
    })  # fmt: skip
    assert set(interest.extra) == {"isSearchable", "thumbnailUrl", "sources"}
    # Values the portal does not know are kept (a later edit must not drop them) and named plainly.
    assert interest.collaboration_tags == ("askMeAbout", "juggling")
    assert interest.other_tags == ("juggling",)
    assert interest.tag_labels == ["Ask me about", "Other: juggling"]
    assert [tag for tag, _, on in interest.tags if on] == ["askMeAbout"]  # the toggles are the four the portal offers
    assert interest.audience == "unknownFutureValue"
    assert interest.audience_label == "Other (newer than this portal)"
    assert interest.audience_options[-1] == ("unknownFutureValue", "Other (newer than this portal)", True)


def test_a_flags_audience_edits_as_its_widest_member():
    assert Interest.from_graph({"id": "1", "allowedAudiences": "me,organization"}).audience == "organization"


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.com/x", "https://example.com/x"),
        ("http://example.com", "http://example.com"),
        ("javascript:alert(1)", ""),
        ("data:text/html,hi", ""),
        ("//evil.example", ""),
        ("ftp://example.com", ""),
        (None, ""),
    ],
)
def test_only_http_links_are_rendered_as_links(url, link):
    assert Interest.from_graph({"id": "1", "displayName": "x", "webUrl": url}).link == link
