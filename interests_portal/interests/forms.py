import uuid
from typing import Any

from django import forms
from django.core.validators import URLValidator

from ..graph.models import AUDIENCE_CHOICES, AUDIENCES, TAGS, Interest, audience_label

AUDIENCE_FIELD_CHOICES = [(name, AUDIENCES[name]) for name in AUDIENCE_CHOICES]
TAG_CHOICES = list(TAGS.items())
MAX_CATEGORIES = 20
MAX_CATEGORY_LENGTH = 100


class InterestForm(forms.Form):
    """Every field a person edits on an interest. (`inference` and `source` are for syncing applications.)"""

    display_name = forms.CharField(label="Name", max_length=255)
    description = forms.CharField(
        label="Description", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    categories = forms.CharField(
        label="Categories", required=False, max_length=2200, help_text="Separate categories with commas."
    )
    collaboration_tags = forms.MultipleChoiceField(
        label="How I want to collaborate on it",
        choices=TAG_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    web_url = forms.CharField(
        label="Link",
        max_length=2048,
        required=False,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A web page about it, starting with https://",
        widget=forms.URLInput,
    )
    allowed_audiences = forms.ChoiceField(
        label="Who can see it", choices=AUDIENCE_FIELD_CHOICES, initial="organization"
    )

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Give the interest a name.")
        return name

    def clean_categories(self) -> list[str]:
        names: list[str] = []
        for part in self.cleaned_data["categories"].split(","):
            name = part.strip()
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if len(names) > MAX_CATEGORIES:
            raise forms.ValidationError(f"Use at most {MAX_CATEGORIES} categories.")
        too_long = [n for n in names if len(n) > MAX_CATEGORY_LENGTH]
        if too_long:
            raise forms.ValidationError(f"Keep each category under {MAX_CATEGORY_LENGTH} characters.")
        return names

    @classmethod
    def initial_from(cls, interest: Interest) -> dict[str, Any]:
        return {
            "display_name": interest.display_name,
            "description": interest.description,
            "categories": ", ".join(interest.categories),
            "collaboration_tags": [tag for tag in interest.collaboration_tags if tag in TAGS],
            "web_url": interest.web_url,
            "allowed_audiences": interest.audience or "organization",
        }

    def to_graph(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "displayName": data["display_name"],
            "description": data["description"] or None,
            "categories": data["categories"],
            "collaborationTags": data["collaboration_tags"],
            "webUrl": data["web_url"] or None,
            "allowedAudiences": data["allowed_audiences"],
        }


class CreateForm(InterestForm):
    # One per rendered add form: however often this form is sent, Graph gets one create (services.interest_create).
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and "key" not in self.initial:
            self.initial["key"] = uuid.uuid4()

    def request_key(self) -> uuid.UUID:
        return self.cleaned_data.get("key") or uuid.uuid4()


class EditForm(InterestForm):
    """The full edit of one interest. `seen` carries the version the form was made from (services.Seen); an audience
    the portal does not offer, which Graph holds, stays a choice so that saving other fields keeps it."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Any = None, *, interest_id: str, kept_audience: str = "", **kwargs: Any) -> None:
        super().__init__(data, auto_id=f"edit-{interest_id}-%s", **kwargs)  # its own ids beside the add form
        if kept_audience and kept_audience not in AUDIENCES:
            field = self.fields["allowed_audiences"]
            field.choices = [*AUDIENCE_FIELD_CHOICES, (kept_audience, audience_label(kept_audience))]  # type: ignore[attr-defined]


class AudienceForm(forms.Form):
    allowed_audiences = forms.ChoiceField(label="Who can see it", choices=AUDIENCE_FIELD_CHOICES)


class TagForm(forms.Form):
    """One tag set on or off: the pressed button says which and how (`ableToMentor:on`), as the row showed it, and
    the write applies it to the tags Graph holds then."""

    set = forms.RegexField(regex=r"^(?P<tag>[A-Za-z]+):(?P<state>on|off)$")

    def clean_set(self) -> tuple[str, bool]:
        tag, state = self.cleaned_data["set"].split(":")
        if tag not in TAGS:
            raise forms.ValidationError("That isn't a tag the portal offers.")
        return tag, state == "on"


class FilterForm(forms.Form):
    tag = forms.ChoiceField(label="Collaboration", choices=[("", "Any"), *TAG_CHOICES], required=False)
    audience = forms.ChoiceField(label="Visible to", choices=[("", "Anyone"), *AUDIENCE_FIELD_CHOICES], required=False)

    def apply(self, interests: list) -> list:
        if not self.is_valid():
            return interests
        tag, audience = self.cleaned_data["tag"], self.cleaned_data["audience"]
        return [
            interest for interest in interests
            if (not tag or tag in interest.collaboration_tags) and (not audience or interest.audience == audience)
        ]  # fmt: skip
