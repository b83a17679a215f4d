from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry
from .selectors import object_id
from .text import folded

MIN_LETTERS = 3  # of a name typed in the Person filter: pg_trgm indexes a name's runs of three


class AuditFilterForm(forms.Form):
    """The audit page's filters, from the query string. Every field is optional; an invalid one means nothing is
    looked up, and the page says what to fix, with what was typed kept in the fields."""

    person = forms.CharField(
        required=False,
        max_length=100,
        label=_("Person"),
        help_text=_(
            "Who made the change, or whose profile it was: any part of a name, 3 letters or more (accents and "
            "capitals don't matter), or an object id."
        ),
    )
    action = forms.ChoiceField(required=False, label=_("Action"), choices=[("", _("Any")), *AuditEntry.Action.choices])
    outcome = forms.ChoiceField(
        required=False, label=_("Outcome"), choices=[("", _("Any")), *AuditEntry.Outcome.choices]
    )
    since = forms.DateField(
        required=False, label=_("From (UTC)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        required=False, label=_("To (UTC)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_person(self) -> str:
        person: str = self.cleaned_data["person"]
        # Fewer letters than a trigram: PostgreSQL's index on the names cannot narrow the search, and it would read
        # the whole log (and match much of it).
        if person and object_id(person) is None and sum(char.isalnum() for char in folded(person)) < MIN_LETTERS:
            raise forms.ValidationError(
                _("Type at least %(count)d letters of a name, or a whole object id."),
                code="short",
                params={"count": MIN_LETTERS},
            )
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            self.add_error(
                "until",
                forms.ValidationError(
                    _("“To” is before “From”. Choose a date on or after %(since)s, or clear “From”."),
                    code="range",
                    params={"since": date_format(since, "j M Y")},
                ),
            )
        return data

    def full_clean(self) -> None:
        super().full_clean()
        # The page reloads with the errors: the first field to fix gets the focus, so a keyboard or screen-reader
        # user lands on it and hears its error (the field's aria-describedby), without any script.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["autofocus"] = True
                break

    def filters(self) -> dict[str, Any]:
        """The cleaned filters, as keyword arguments of selectors.audit_entry_list. Only for a valid form."""
        return dict(self.cleaned_data)
