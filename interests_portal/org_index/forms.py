from django import forms
from django.utils.translation import gettext_lazy as _

from ..graph.models import TAGS


class FindPeopleForm(forms.Form):
    """Find people's search box and filters: a real GET form (htmx makes it search as the person types)."""

    MAX_LENGTH = 100

    q = forms.CharField(
        label=_("Interest or name"),
        required=False,
        max_length=MAX_LENGTH,
        error_messages={"max_length": _("That is too long to search for: use at most %(limit_value)d characters.")},
    )
    tag = forms.ChoiceField(
        label=_("How they collaborate"),
        required=False,
        choices=[("", _("Any way"))] + [(tag, label) for tag, label in TAGS.items()],
    )
    department = forms.CharField(label=_("Department"), required=False, max_length=64)
    category = forms.CharField(label=_("Category"), required=False, max_length=100)
    exclude_team = forms.BooleanField(label=_("Leave out my direct reports"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def asked(self) -> bool:
        """Whether there is anything to search for (an empty form shows how to start, not everyone)."""
        data = self.cleaned_data
        return any(data.get(name) for name in ("q", "tag", "department", "category"))


class MentorsForm(forms.Form):
    exclude_team = forms.BooleanField(label=_("Leave out my direct reports"), required=False)


class SuggestionsForm(forms.Form):
    display_name = forms.CharField(required=False, max_length=255)  # the add form's field, as htmx sends it
