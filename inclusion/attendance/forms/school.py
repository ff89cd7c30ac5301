"""The filters of the "what the school enters" page: a day (``?date=YYYY-MM-DD``, default
today) and whether to show the whole week containing it (``?week=1``)."""

from __future__ import annotations

import datetime as dt

from django import forms

from inclusion.core.forms import GovukForm

DATE_FORMAT_MESSAGE = "Date must be a real date in the format YYYY-MM-DD, for example 2026-03-02"


class SchoolCodesFilterForm(GovukForm):
    date = forms.DateField(
        label="Date",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="For example, 2026-03-02",
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    week = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "That day"), ("1", "The whole week (Monday to Friday)")],
        error_messages={"invalid_choice": "Select whether to show the day or the whole week"},
        widget=forms.RadioSelect,
    )

    def period(self, today: dt.date) -> tuple[dt.date, dt.date, bool]:
        """The first and last dates asked for and whether it is a week; today on errors."""
        cleaned = self.cleaned_data if self.is_bound and self.is_valid() else {}
        day = cleaned.get("date") or today
        if cleaned.get("week") == "1":
            monday = day - dt.timedelta(days=day.weekday())
            return monday, monday + dt.timedelta(days=4), True
        return day, day, False
