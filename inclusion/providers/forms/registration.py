"""The date picker of the registration-test page: a GOV.UK date input sent by GET.

The page also answers ``?on=YYYY-MM-DD`` (for links), which is read into the same field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.placements.registration_test import earliest_rule_date

FIELD = "on"
NOT_A_DATE = "Date must be a real date"


class RegistrationDateForm(GovukForm):
    on = GovukDateField(
        label="Date",
        required=False,
        help_text="Show the position on this date. For example, 27 3 2026",
    )

    def __init__(self, data: QueryDict | None, *, today: dt.date, **kwargs: Any) -> None:
        self._bad_iso_date = False
        if data is not None and FIELD in data:
            data = self._from_iso(data)
        super().__init__(data, initial={FIELD: today}, **kwargs)

    def _from_iso(self, data: QueryDict) -> QueryDict:
        """Read ``on=2026-03-27`` into the date input's three parts."""
        data = data.copy()
        try:
            value = dt.date.fromisoformat(data.get(FIELD, "").strip())
        except ValueError:
            self._bad_iso_date = True
            return data
        for part, number in (("day", value.day), ("month", value.month), ("year", value.year)):
            data.setdefault(f"{FIELD}_{part}", str(number))
        return data

    def clean_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(FIELD)
        if self._bad_iso_date:
            raise forms.ValidationError(NOT_A_DATE, code="invalid")
        earliest = earliest_rule_date()
        if value is not None and (earliest is None or value < earliest):
            since = f" on or after {govuk_date(earliest)}" if earliest else " later"
            raise forms.ValidationError(
                f"Date must be{since}, when the registration test began", code="too_early"
            )
        return value

    def chosen_date(self, today: dt.date) -> dt.date:
        """The date asked for (today when none was given); call after ``is_valid``."""
        return self.cleaned_data.get(FIELD) or today
