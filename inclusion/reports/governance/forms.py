"""The choices of a governance report: the term (and the partnership, for those who may read
several). A GET form: a value that is not one of the choices gets a GOV.UK error and a 400."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from inclusion.calendar.models import Term
from inclusion.core.forms import GovukForm
from inclusion.organisations.models import Partnership


class ReportForm(GovukForm):
    def __init__(
        self,
        data: Any = None,
        *,
        terms: Sequence[tuple[str, str]],
        partnerships: Sequence[Partnership] = (),
        initial: dict[str, str] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        if len(partnerships) > 1:
            self.fields["partnership"] = forms.ChoiceField(
                label="Partnership",
                required=False,
                choices=[(str(p.pk), p.name) for p in partnerships],
                error_messages={"invalid_choice": "Select a partnership from the list"},
            )
        self.fields["term"] = forms.ChoiceField(
            label="Term",
            required=False,
            choices=list(terms),
            error_messages={"invalid_choice": "Select a term from the list"},
        )

    def chosen_term(self, terms: Sequence[Term], default: Term | None) -> Term | None:
        """The term asked for, or ``default`` when none was (call after ``is_valid``)."""
        wanted = self.cleaned_data.get("term") if self.is_bound else ""
        if not wanted:
            return default
        return next((t for t in terms if str(t.pk) == wanted), default)

    def chosen_partnership(self, partnerships: Sequence[Partnership]) -> Partnership:
        """The partnership asked for, else the first one (call after ``is_valid``; there is at
        least one)."""
        wanted = self.cleaned_data.get("partnership") if self.is_bound else ""
        found = next((p for p in partnerships if str(p.pk) == wanted), None)
        return found or partnerships[0]
