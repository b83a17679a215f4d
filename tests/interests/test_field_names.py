"""One field, one name: the add and edit forms, the messages after an edit and the audit log's words all name the six
fields a person edits from graph/models.py's FIELD_LABELS, in English and in German."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from interests_portal.audit.changes import describe, side_by_side
from interests_portal.graph.models import FIELD_LABELS, Interest
from interests_portal.interests.forms import AudienceForm, CreateForm, EditForm
from interests_portal.interests.services import EDITABLE, Changed
from interests_portal.interests.views import _saved_message

# The form's field for each Graph field (InterestForm.to_graph).
FORM_FIELDS = {
    "displayName": "display_name",
    "description": "description",
    "categories": "categories",
    "webUrl": "web_url",
    "allowedAudiences": "allowed_audiences",
    "collaborationTags": "collaboration_tags",
}
BEFORE = {"displayName": "Chess", "description": "", "categories": [], "webUrl": None, "allowedAudiences": "everyone",
          "collaborationTags": []}  # fmt: skip
AFTER = {"displayName": "Go", "description": "Weiqi", "categories": ["Games"], "webUrl": "https://go.dev",
         "allowedAudiences": "me", "collaborationTags": ["ableToMentor"]}  # fmt: skip


def test_the_fields_a_person_edits_are_the_labelled_ones_in_the_forms_order():
    assert EDITABLE == tuple(FIELD_LABELS) == tuple(FORM_FIELDS)
    shown = render_to_string("interests/page.html#form-fields", {"form": CreateForm()})
    places = [shown.index(f'id="id_{field}') for field in FORM_FIELDS.values()]
    assert places == sorted(places)  # the audit log's detail lists them as the form shows them


@pytest.mark.parametrize("language", ["en-gb", "de"])
def test_forms_messages_and_the_audit_log_name_each_field_alike(language):
    with translation.override(language):
        names = {key: str(label) for key, label in FIELD_LABELS.items()}
        assert len(set(names.values())) == 6  # no two fields share a name
        for form in (CreateForm(), EditForm(interest_id="i-1")):
            assert {key: str(form[field].label) for key, field in FORM_FIELDS.items()} == names
        assert str(AudienceForm()["allowed_audiences"].label) == names["allowedAudiences"]
        # The audit log: each field's line starts with its name, and the detail view's rows are named alike.
        lines = describe(action="update", outcome="succeeded", before=BEFORE, after=AFTER, changes=AFTER)
        for key in ("displayName", "categories", "webUrl", "allowedAudiences", "collaborationTags"):
            assert any(line.startswith(f"{names[key]}: ") for line in lines), (key, lines)
        rows = {row.key: row.label for row in side_by_side([("Before", BEFORE), ("After", AFTER)])}
        assert {key: rows[key] for key in FIELD_LABELS} == names
        # The message after an edit that kept changes made elsewhere.
        kept = _saved_message(Changed(Interest(id="i-1", display_name="Go"), changed=("displayName",),
                                      elsewhere=("webUrl", "collaborationTags")))  # fmt: skip
        assert kept.endswith(f"{names['webUrl']}, {names['collaborationTags']}.")


def test_the_english_names():
    with translation.override("en-gb"):
        assert [str(label) for label in FIELD_LABELS.values()] == [
            "Name", "Description", "Categories", "Link", "Who can see it", "Tags",
        ]  # fmt: skip
