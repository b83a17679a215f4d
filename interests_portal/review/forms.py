from django import forms

from ..graph.models import TAGS
from .team import TeamFilter

VIEWS = [("people", "People"), ("matrix", "Matrix"), ("interests", "By interest"), ("matches", "Mentoring matches")]


class TeamFilterForm(forms.Form):
    view = forms.ChoiceField(choices=VIEWS, required=False, label="Show")
    tag = forms.ChoiceField(choices=[("", "Any"), *TAGS.items()], required=False, label="Collaboration")
    category = forms.CharField(required=False, max_length=100, label="Category")
    q = forms.CharField(required=False, max_length=100, label="Text")

    def selected_view(self) -> str:
        return (self.cleaned_data.get("view") if self.is_valid() else "") or "people"

    def team_filter(self) -> TeamFilter:
        if not self.is_valid():
            return TeamFilter()
        data = self.cleaned_data
        return TeamFilter(tag=data["tag"], category=data["category"].strip(), text=data["q"].strip())


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Name or sign-in name", min_length=2, max_length=100)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("restrict", "Restrict to its owner"), ("delete", "Delete")])
    reason = forms.CharField(
        label="Reason (recorded in the audit log)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason of at least a few words: it is kept in the audit log."},
    )
    # A delete is confirmed (the browser's dialog, or the confirmation page without JavaScript) before it is sent.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Sent on by the page after a sign-in for consent: if consent is still missing, say so rather than ask again.
    resumed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError("Give a reason of at least a few words: it is kept in the audit log.")
        return reason
