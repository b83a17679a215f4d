"""Every action and every field of an audit entry, in words (audit/changes.py): pure functions, no database."""

import pytest

from interests_portal.audit.changes import FIELD_LABELS, describe, field_changes, side_by_side, states
from interests_portal.audit.models import AuditEntry

MINUS = "\u2212"

KUBERNETES = {
    "id": "int-1",
    "displayName": "Kubernetes",
    "description": "Clusters, operators.",
    "categories": ["Cloud"],
    "webUrl": "https://kubernetes.io",
    "allowedAudiences": "everyone",
    "collaborationTags": ["ableToMentor"],
    "createdDateTime": "2026-11-01T09:30:00Z",
    "lastModifiedDateTime": "2026-11-02T10:15:07.1234567Z",
    "lastModifiedBy": {"user": {"displayName": "Ada Okafor", "id": "ada"}},
    "source": {"type": ["user"]},
}
ASKED_AT_CREATE = {  # what the add form sends (interests/forms.py, InterestForm.to_graph)
    "displayName": "Kubernetes",
    "description": "Clusters, operators.",
    "categories": ["Cloud"],
    "collaborationTags": ["ableToMentor"],
    "webUrl": "https://kubernetes.io",
    "allowedAudiences": "everyone",
}


def words(action: str, outcome: str = "succeeded", *, before=None, after=None, changes=None) -> list[str]:
    return describe(action=action, outcome=outcome, before=before, after=after, changes=changes)


def updated(**fields) -> list[str]:
    """A succeeded update of KUBERNETES to KUBERNETES with `fields` replaced."""
    return words("update", before=KUBERNETES, after=KUBERNETES | fields, changes=fields)


# --- Each field of an update ----------------------------------------------------------------------------------

FIELD_CASES = [
    ("displayName", {"displayName": "K8s"}, ["Name: Kubernetes → K8s"]),
    ("description", {"description": "Operators only."}, ["Description changed"]),
    ("description", {"description": None}, ["Description removed"]),
    ("description", {"description": ""}, ["Description removed"]),
    ("categories", {"categories": ["Cloud", "Containers"]}, ["Categories: + Containers"]),
    ("categories", {"categories": []}, [f"Categories: {MINUS} Cloud"]),
    ("categories", {"categories": ["Containers"]}, [f"Categories: + Containers, {MINUS} Cloud"]),
    ("webUrl", {"webUrl": "https://k8s.io"}, ["Link: https://kubernetes.io → https://k8s.io"]),
    ("webUrl", {"webUrl": None}, ["Link: https://kubernetes.io → (none)"]),
    ("allowedAudiences", {"allowedAudiences": "me"}, ["Who can see it: Everyone → Only me"]),
    ("allowedAudiences", {"allowedAudiences": "groupMembers"}, ["Who can see it: Everyone → People in my groups"]),
    ("allowedAudiences", {"allowedAudiences": "organization,everyone"},
     ["Who can see it: Everyone → My organization, Everyone"]),
    ("allowedAudiences", {"allowedAudiences": "unknownFutureValue"},
     ["Who can see it: Everyone → Other (newer than this portal)"]),
    ("allowedAudiences", {"allowedAudiences": "partnersOnly"}, ["Who can see it: Everyone → Other: partnersOnly"]),
    ("allowedAudiences", {"allowedAudiences": None}, ["Who can see it: Everyone → Not set"]),
    ("collaborationTags", {"collaborationTags": ["ableToMentor", "askMeAbout"]}, ["Tags: + Ask me about"]),
    ("collaborationTags", {"collaborationTags": ["wantsToLearn"]}, [f"Tags: + Wants to learn, {MINUS} Can mentor"]),
    ("collaborationTags", {"collaborationTags": []}, [f"Tags: {MINUS} Can mentor"]),
    ("collaborationTags", {"collaborationTags": ["ableToMentor", "wantsToImprove", "brandNewTag"]},
     ["Tags: + Wants to improve, + Other: brandNewTag"]),
]  # fmt: skip


@pytest.mark.parametrize(("field", "after", "expected"), FIELD_CASES)
def test_an_update_says_what_each_field_became(field, after, expected):
    assert updated(**after) == expected


def test_every_field_a_person_edits_has_its_words():
    assert {field for field, _after, _expected in FIELD_CASES} == set(FIELD_LABELS)


def test_a_description_added_where_there_was_none():
    assert words("update", before=KUBERNETES | {"description": None}, after=KUBERNETES) == ["Description added"]


def test_a_web_link_added_where_there_was_none():
    assert words("update", before=KUBERNETES | {"webUrl": None}, after=KUBERNETES) == [
        "Link: (none) → https://kubernetes.io"
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"allowedAudiences": "organization,everyone"}, {"allowedAudiences": ["everyone", "organization"]}),
        ({"allowedAudiences": "everyone"}, {"allowedAudiences": ["everyone"]}),
        ({"collaborationTags": ["askMeAbout", "ableToMentor"]}, {"collaborationTags": ["ableToMentor", "askMeAbout"]}),
        ({"description": None}, {"description": ""}),
        ({"webUrl": None}, {"webUrl": ""}),
        ({"categories": "Cloud"}, {"categories": ["Cloud"]}),
    ],
)
def test_the_same_value_spelled_another_way_is_no_change(before, after):
    assert words("update", before=KUBERNETES | before, after=KUBERNETES | after) == [
        "No change to the fields the portal shows"
    ]


def test_categories_in_another_order_say_so():
    before = KUBERNETES | {"categories": ["Cloud", "Containers"]}
    assert words("update", before=before, after=KUBERNETES | {"categories": ["Containers", "Cloud"]}) == [
        "Categories: order changed"
    ]


def test_several_fields_are_listed_in_the_edit_forms_order():
    changed = {"collaborationTags": [], "displayName": "K8s", "allowedAudiences": "me", "description": "New."}
    assert updated(**changed) == [
        "Name: Kubernetes → K8s",
        "Description changed",
        "Who can see it: Everyone → Only me",
        f"Tags: {MINUS} Can mentor",
    ]


def test_a_field_the_portal_does_not_know_is_named_without_its_content():
    assert words("update", before=KUBERNETES, after=KUBERNETES | {"mood": "happy"}, changes={"mood": "happy"}) == [
        "mood changed"
    ]


def test_the_removal_sign_is_a_minus_not_a_hyphen_so_a_csv_cell_is_never_a_formula():
    (line,) = updated(collaborationTags=[])
    assert MINUS in line
    assert "-" not in line


# --- Each action --------------------------------------------------------------------------------------------


ACTION_CASES = [
    # (action, outcome, before, after, changes, expected)
    ("create", "succeeded", None, KUBERNETES, ASKED_AT_CREATE, [
        "Created “Kubernetes” (Everyone; Can mentor)", "Description added", "Categories: + Cloud",
        "Link: (none) → https://kubernetes.io",
    ]),
    ("create", "succeeded", None, {"displayName": "Go", "allowedAudiences": "me", "collaborationTags": []}, None,
     ["Created “Go” (Only me)"]),
    ("create", "failed", None, None, ASKED_AT_CREATE | {"description": None, "categories": [], "webUrl": None},
     ["Tried to create “Kubernetes” (Everyone; Can mentor)"]),
    ("create", "refused", None, None, None, ["Tried to create an interest"]),
    ("create", "succeeded", None, None, None, ["Created an interest"]),
    ("update", "succeeded", KUBERNETES, KUBERNETES | {"allowedAudiences": "me"}, {"allowedAudiences": "me"},
     ["Who can see it: Everyone → Only me"]),
    # The write failed after its read: what was asked, against what Graph held.
    ("update", "failed", KUBERNETES, None, {"allowedAudiences": "me"},
     ["Not saved. Asked for:", "Who can see it: Everyone → Only me"]),
    ("update", "refused", KUBERNETES, None, {"displayName": "K8s"},
     ["Not saved. Asked for:", "Name: Kubernetes → K8s"]),
    # The write's own read failed: the change asked for, alone.
    ("update", "failed", None, None, {"collaborationTags": {"askMeAbout": True}},
     ["Not saved. Asked for:", "Tags: + Ask me about"]),
    ("update", "failed", None, None, {"collaborationTags": {"ableToMentor": False}},
     ["Not saved. Asked for:", f"Tags: {MINUS} Can mentor"]),
    ("update", "failed", None, None, {"allowedAudiences": "family"},
     ["Not saved. Asked for:", "Who can see it set to My family"]),
    ("update", "failed", None, None, {
        "displayName": "Golang", "description": "", "categories": ["Languages", "Go"], "webUrl": "https://go.dev",
        "collaborationTags": ["askMeAbout"],
    }, [
        "Not saved. Asked for:", "Name set to Golang", "Description cleared", "Categories set to Languages, Go",
        "Link set to https://go.dev", "Tags set to Ask me about",
    ]),
    ("update", "failed", None, None, {"description": "Now with words.", "categories": [], "webUrl": None,
                                      "collaborationTags": [], "mood": "happy"}, [
        "Not saved. Asked for:", "Description set", "Categories cleared", "Link cleared", "Tags cleared",
        "mood changed",
    ]),
    ("update", "failed", None, None, None, ["Not saved."]),
    ("update", "succeeded", KUBERNETES, KUBERNETES, {}, ["No change to the fields the portal shows"]),
    # A tag switch Graph confirmed only by a second look (recorded with `before` and the switch).
    ("update", "succeeded", KUBERNETES, None, {"collaborationTags": {"askMeAbout": True, "ableToMentor": False}},
     [f"Tags: + Ask me about, {MINUS} Can mentor"]),
    ("restrict", "succeeded", KUBERNETES, KUBERNETES | {"allowedAudiences": "me"}, {"allowedAudiences": "me"},
     ["Who can see it: Everyone → Only me"]),
    # No longer visible to colleagues when looked at again: the moderation took effect, its answer was lost.
    ("restrict", "succeeded", KUBERNETES, None, {"allowedAudiences": "me"}, ["Who can see it: Everyone → Only me"]),
    ("restrict", "refused", KUBERNETES, None, {"allowedAudiences": "me"},
     ["Not saved. Asked for:", "Who can see it: Everyone → Only me"]),
    ("restrict", "failed", None, None, {"allowedAudiences": "me"},
     ["Not saved. Asked for:", "Who can see it set to Only me"]),
    ("delete", "succeeded", KUBERNETES, None, None, ["Deleted “Kubernetes” (Everyone; Can mentor)"]),
    ("delete", "succeeded", None, None, None, ["Deleted an interest the portal had not read first"]),
    ("delete", "failed", KUBERNETES, None, None, ["Tried to delete “Kubernetes” (Everyone; Can mentor)"]),
    ("delete", "failed", None, None, None, ["Tried to delete an interest"]),
    ("remove", "succeeded", KUBERNETES | {"collaborationTags": []}, None, None,
     ["Deleted “Kubernetes” (Everyone)"]),
    ("remove", "refused", KUBERNETES, None, None, ["Tried to delete “Kubernetes” (Everyone; Can mentor)"]),
    ("remove", "failed", None, None, None, ["Tried to delete an interest"]),
]  # fmt: skip


@pytest.mark.parametrize(("action", "outcome", "before", "after", "changes", "expected"), ACTION_CASES)
def test_each_action_and_outcome_in_words(action, outcome, before, after, changes, expected):
    assert words(action, outcome, before=before, after=after, changes=changes) == expected


def test_every_action_and_outcome_the_log_records_is_covered():
    covered = {(action, outcome) for action, outcome, *_rest in ACTION_CASES}
    for action in AuditEntry.Action.values:
        assert {outcome for covered_action, outcome in covered if covered_action == action} >= {
            "succeeded",
            "failed",
        }, action
    assert {outcome for _action, outcome in covered} == set(AuditEntry.Outcome.values)


def test_field_changes_against_the_asked_change_when_graphs_answer_is_missing():
    assert field_changes(KUBERNETES, None, {"displayName": "K8s", "allowedAudiences": "me"}) == [
        "Name: Kubernetes → K8s",
        "Who can see it: Everyone → Only me",
    ]


def test_malformed_values_are_read_as_empty_not_as_errors():
    before = {"displayName": 42, "categories": "not a list", "collaborationTags": {"x": 1}, "allowedAudiences": 7}
    assert field_changes(before, {"displayName": "Go", "categories": [3, "Go"]}, None) == [
        "Name: (none) → Go",
        f"Categories: + Go, {MINUS} not a list",  # one string for a list: Graph sometimes sends that
    ]


# --- Before and after side by side ------------------------------------------------------------------------


def test_the_states_an_entry_knows_are_labelled():
    assert [label for label, _ in states(before=KUBERNETES, after=KUBERNETES, changes={"x": 1})] == ["Before", "After"]
    assert [label for label, _ in states(before=KUBERNETES, after=None, changes={"x": 1})] == ["Before", "Asked for"]
    assert [label for label, _ in states(before=None, after=KUBERNETES, changes=None)] == ["After"]
    assert states(before=None, after=None, changes={}) == []


def test_side_by_side_reads_like_the_portal_and_marks_what_changed():
    after = KUBERNETES | {
        "allowedAudiences": "me",
        "collaborationTags": ["ableToMentor", "wantsToLearn"],
        "lastModifiedDateTime": "2026-11-23T17:10:05Z",
        "mood": {"b": "ø", "a": 1},
    }
    rows = {row.key: row for row in side_by_side([("Before", KUBERNETES), ("After", after)])}
    assert list(rows)[:6] == list(FIELD_LABELS)  # the edit form's fields first
    assert list(rows)[-1] == "mood"  # then Graph's own, then anything else
    assert rows["allowedAudiences"].values == ("Everyone", "Only me")
    assert rows["allowedAudiences"].label == "Who can see it"
    assert rows["collaborationTags"].values == ("Can mentor", "Can mentor, Wants to learn")
    assert rows["lastModifiedDateTime"].values == ("2 Nov 2026, 10:15 UTC", "23 Nov 2026, 17:10 UTC")
    assert rows["lastModifiedBy"].values == ("Ada Okafor", "Ada Okafor")
    assert rows["source"].values == ("user", "user")
    assert rows["mood"].values == (None, '{"a": 1, "b": "ø"}')
    changed = {key for key, row in rows.items() if row.changed}
    assert changed == {"allowedAudiences", "collaborationTags", "lastModifiedDateTime"}


def test_side_by_side_with_an_asked_change_shows_only_what_was_asked():
    rows = {row.key: row for row in side_by_side(states(
        before=KUBERNETES, after=None, changes={"collaborationTags": {"askMeAbout": True}, "webUrl": None}
    ))}  # fmt: skip
    assert rows["collaborationTags"].values == ("Can mentor", "+ Ask me about")
    assert rows["collaborationTags"].changed
    assert rows["webUrl"].values == ("https://kubernetes.io", "(none)")
    assert rows["webUrl"].changed
    assert rows["displayName"].values == ("Kubernetes", None)  # not part of the request
    assert not rows["displayName"].changed


def test_an_empty_or_unknown_value_is_shown_as_none():
    rows = {row.key: row for row in side_by_side([("After", {"categories": [], "collaborationTags": None})])}
    assert rows["categories"].values == ("(none)",)
    assert rows["collaborationTags"].values == ("(none)",)


def test_side_by_side_leaves_out_graphs_annotations_and_fields_null_in_every_state():
    before = KUBERNETES | {"@odata.context": "https://graph.microsoft.com/beta/$metadata#…", "inference": None}
    after = before | {"allowedAudiences": "me", "inference": None, "source": None}
    keys = [row.key for row in side_by_side([("Before", before), ("After", after)])]
    assert "@odata.context" not in keys
    assert "inference" not in keys
    assert "allowedAudiences" in keys
    # Graph's own field, null on one side only, is a change worth seeing.
    inferred = after | {"inference": {"confidenceScore": 0.9}}
    assert "inference" in [row.key for row in side_by_side([("Before", before), ("After", inferred)])]
