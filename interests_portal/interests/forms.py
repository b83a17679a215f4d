import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

from ..graph.models import (
    AUDIENCE_CHOICES,
    AUDIENCES,
    FIELD_LABELS,
    TAGS,
    Interest,
    audience_label,
    tag_description,
)
from ..portal.text import folded
from .listing import DEFAULT_SORT, SORTS, ListQuery
from .paging import page_number
from .visibility import Visibility, visibility

AUDIENCE_FIELD_CHOICES = [(name, AUDIENCES[name]) for name in AUDIENCE_CHOICES]
TAG_CHOICES = list(TAGS.items())
MAX_CATEGORIES = 20
MAX_CATEGORY_LENGTH = 100
# What may name the field whose audience is explained (`VisibilityForm.field`): an auto id, nothing else.
FIELD_ID = r"^[A-Za-z0-9_=-]{1,300}$"


class DescribedBoundField(BoundField):
    """A field also described by what the template shows beside it (the chosen audience's meaning and its warning,
    a same-name warning): `aria-describedby` names those too, after Django's own help and error ids."""

    @property
    def aria_describedby(self) -> str | None:
        own = super().aria_describedby
        suffixes = self.form.descriptions(self.name) if isinstance(self.form, InterestForm) else []
        ids = [own, *(f"{self.auto_id}_{suffix}" for suffix in suffixes)] if self.auto_id else [own]
        return " ".join(part for part in ids if part) or None


class TagCheckboxes(forms.CheckboxSelectMultiple):
    """One box per tag, each described (aria-describedby) by what the tag means, shown beside it."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_about"
        option["description"] = tag_description(str(option["value"]))
        return option


class DescribedCharField(forms.CharField):
    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return DescribedBoundField(form, self, field_name)


class DescribedChoiceField(forms.ChoiceField):
    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return DescribedBoundField(form, self, field_name)


class InterestForm(forms.Form):
    """Every field a person edits on an interest. (`inference` and `source` are for syncing applications.)"""

    display_name = DescribedCharField(label=FIELD_LABELS["displayName"], max_length=255)
    description = forms.CharField(
        label=FIELD_LABELS["description"],
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    categories = forms.CharField(
        label=FIELD_LABELS["categories"],
        required=False,
        max_length=2200,
        help_text=gettext_lazy("Separate categories with commas."),
    )
    collaboration_tags = forms.MultipleChoiceField(
        label=FIELD_LABELS["collaborationTags"],
        choices=TAG_CHOICES,
        required=False,
        widget=TagCheckboxes,
    )
    web_url = forms.CharField(
        label=FIELD_LABELS["webUrl"],
        max_length=2048,
        required=False,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=gettext_lazy("A web page about it, starting with https://"),
        widget=forms.URLInput,
    )
    allowed_audiences = DescribedChoiceField(
        label=FIELD_LABELS["allowedAudiences"], choices=AUDIENCE_FIELD_CHOICES, initial="organization"
    )
    # "Add it anyway" beside a same-name warning: the name it was ticked for, so it lets only that name through.
    same_name_ok = forms.CharField(required=False, max_length=255)

    # The interest already named like this one (set by the view when the write refused the name): the form warns.
    same_name: Interest | None = None

    def descriptions(self, field_name: str) -> list[str]:
        """What else describes a field: the suffixes of the ids the template gives those elements."""
        if field_name == "allowed_audiences":
            return ["about", "warning"]
        if field_name == "display_name" and self.same_name is not None:
            return ["same"]
        return []

    @property
    def visibility(self) -> Visibility:
        """Who will see the interest with the audience and tags the form holds now (as typed, or as it opened)."""
        audience = self["allowed_audiences"].value() or ""
        tags = self["collaboration_tags"].value() or []
        return visibility(str(audience), [str(tag) for tag in tags])

    def same_name_confirmed(self) -> bool:
        """The person ticked "add it anyway" for the name the form carries now."""
        confirmed = self.cleaned_data.get("same_name_ok") or ""
        return bool(confirmed) and folded(confirmed) == folded(self.cleaned_data.get("display_name") or "")

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(gettext_lazy("Give the interest a name."))
        return name

    def clean_categories(self) -> list[str]:
        names: list[str] = []
        for part in self.cleaned_data["categories"].split(","):
            name = part.strip()
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if len(names) > MAX_CATEGORIES:
            raise forms.ValidationError(
                ngettext_lazy("Use at most %(limit)d category.", "Use at most %(limit)d categories.", "limit")
                % {"limit": MAX_CATEGORIES}
            )
        too_long = [n for n in names if len(n) > MAX_CATEGORY_LENGTH]
        if too_long:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Keep each category under %(limit)d character.",
                    "Keep each category under %(limit)d characters.",
                    "limit",
                )
                % {"limit": MAX_CATEGORY_LENGTH}
            )
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


SUGGESTIONS_ID = "name-suggestions"


class CreateForm(InterestForm):
    # One per rendered add form: however often this form is sent, Graph gets one create (services.interest_create).
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and "key" not in self.initial:
            self.initial["key"] = uuid.uuid4()
        if settings.ORG_INDEX_ENABLED:
            # Names the organisation already uses, offered as the person types (org_index.views.name_suggestions):
            # a native datalist, so choosing one with the keyboard or a screen reader is the browser's own.
            self.fields["display_name"].widget.attrs.update({
                "list": SUGGESTIONS_ID,
                "autocomplete": "off",
                "hx-get": reverse("org_index:suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{SUGGESTIONS_ID}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "data-quiet": "",
            })  # fmt: skip

    @property
    def suggests_names(self) -> bool:
        return "list" in self.fields["display_name"].widget.attrs

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
    allowed_audiences = forms.ChoiceField(label=FIELD_LABELS["allowedAudiences"], choices=AUDIENCE_FIELD_CHOICES)


class TagForm(forms.Form):
    """One tag set on or off: the pressed button says which and how (`ableToMentor:on`), as the row showed it, and
    the write applies it to the tags Graph holds then."""

    set = forms.RegexField(regex=r"^(?P<tag>[A-Za-z]+):(?P<state>on|off)$")

    def clean_set(self) -> tuple[str, bool]:
        tag, state = self.cleaned_data["set"].split(":")
        if tag not in TAGS:
            raise forms.ValidationError(gettext_lazy("That isn't a tag the portal offers."))
        return tag, state == "on"


class VisibilityForm(forms.Form):
    """An audience and tags being chosen in an add or edit form, to explain (views.interest_visibility): `field` is
    the audience select's id, which the explanation's ids are made from."""

    field = forms.RegexField(regex=FIELD_ID)
    allowed_audiences = forms.CharField(required=False, max_length=64)
    collaboration_tags = forms.MultipleChoiceField(choices=TAG_CHOICES, required=False)


class FilterForm(forms.Form):
    """What My interests shows: words to find, a tag, an audience, an order (its query parameters)."""

    q = forms.CharField(label=gettext_lazy("Search"), max_length=200, required=False)
    tag = forms.ChoiceField(
        label=gettext_lazy("Collaboration"), choices=[("", gettext_lazy("Any")), *TAG_CHOICES], required=False
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Visible to"),
        choices=[("", pgettext_lazy("no audience filter", "Any audience")), *AUDIENCE_FIELD_CHOICES],
        required=False,
    )
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), choices=list(SORTS.items()), required=False)
    # The page of the list: in the page's URL and the pager's links, never a field of the form itself, so a new
    # search, filter or order starts again at the first page. Read leniently (paging.page_number): any value shows
    # the nearest page there is, never an error.
    page = forms.CharField(required=False)

    def query(self) -> ListQuery:
        """The query the parameters ask for; one that is not valid (a tag the portal doesn't know) is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ListQuery(
            text=data.get("q") or "",
            tag=data.get("tag") or "",
            audience=data.get("audience") or "",
            sort=data.get("sort") or DEFAULT_SORT,
        )

    def page_number(self) -> int:
        return page_number(self.data.get("page", "1") if self.is_bound else "1")

    def params(self) -> dict[str, str]:
        """The search, filters and order as the page's URL carries them (those the list was arranged by)."""
        query = self.query()
        sort = query.sort if query.sort != DEFAULT_SORT else ""
        values = {"q": query.text, "tag": query.tag, "audience": query.audience, "sort": sort}
        return {key: value for key, value in values.items() if value}
