from django import forms
from django.utils.translation import gettext_lazy

from ..graph.models import TAGS
from .team import TeamFilter

REASON_NEEDED = gettext_lazy("Give a reason of at least a few words: it is kept in the audit log.")
VIEWS = [
    ("people", gettext_lazy("People")),
    ("matrix", gettext_lazy("Matrix")),
    ("interests", gettext_lazy("By interest")),
    ("matches", gettext_lazy("Mentoring matches")),
]


class TeamFilterForm(forms.Form):
    view = forms.ChoiceField(choices=VIEWS, required=False, label=gettext_lazy("Show"))
    tag = forms.ChoiceField(
        choices=[("", gettext_lazy("Any")), *TAGS.items()], required=False, label=gettext_lazy("Collaboration")
    )
    category = forms.CharField(required=False, max_length=100, label=gettext_lazy("Category"))
    q = forms.CharField(
        required=False,
        max_length=100,
        label=gettext_lazy("Name, interest or description"),  # what it searches: people's names and interests
    )

    def selected_view(self) -> str:
        return (self.cleaned_data.get("view") if self.is_valid() else "") or "people"

    def team_filter(self) -> TeamFilter:
        if not self.is_valid():
            return TeamFilter()
        data = self.cleaned_data
        return TeamFilter(tag=data["tag"], category=data["category"].strip(), text=data["q"].strip())


class PeopleSearchForm(forms.Form):
    """What an admin types to find people: any part of a name, or the start of an email address."""

    MIN_LENGTH, MAX_LENGTH = 2, 100

    q = forms.CharField(
        label=gettext_lazy("Name or email address"),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Type a name or an email address to search for."),
            "min_length": gettext_lazy("Type at least two letters of a name or email address."),
            "max_length": gettext_lazy("That is too long for a name: use at most %(limit_value)d characters."),
        },
    )

    def clean_q(self) -> str:
        text: str = self.cleaned_data["q"]
        # Graph would search symbols alone as words of their own and find next to nothing: ask for letters instead.
        if not any(char.isalnum() for char in text):
            raise forms.ValidationError(gettext_lazy("Type part of a name or email address: letters or digits."))
        return text


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("restrict", gettext_lazy("Restrict to its owner")), ("delete", gettext_lazy("Delete"))]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (recorded in the audit log)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": REASON_NEEDED},
    )
    # A delete is confirmed (the browser's dialog, or the confirmation page without JavaScript) before it is sent.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Sent on by the page after a sign-in for consent: if consent is still missing, say so rather than ask again.
    resumed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError(REASON_NEEDED)
        return reason
