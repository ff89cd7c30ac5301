"""The filters of the "today" page: school, provider and state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from inclusion.attendance.selectors.today import ABSENT, NOT_MARKED, PRESENT, TodayFilters
from inclusion.core.forms import GovukForm, list_filter
from inclusion.organisations.models import School
from inclusion.providers.models import Provider

STATE_CHOICES = [
    ("", "Any"),
    (PRESENT, "Present"),
    (ABSENT, "Absent"),
    (NOT_MARKED, "Not marked yet"),
]


class TodayFilterForm(GovukForm):
    # Set by the "previous school day" and "next school day" links, kept by the filters.
    day = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.HiddenInput,
        error_messages={"invalid": "The day must be a real date, like 2026-03-03"},
    )
    school = list_filter("School", all_label="All schools")
    provider = list_filter("Provider", all_label="All providers")
    state = forms.ChoiceField(
        label="Marked",
        required=False,
        choices=STATE_CHOICES,
        error_messages={"invalid_choice": "Select present, absent or not marked yet"},
    )

    def __init__(
        self,
        *args: Any,
        providers: QuerySet[Provider],
        schools: QuerySet[School],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(provider=providers, school=schools)

    def clean_day(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data["day"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("The day must be today or a day in the past")
        return day

    def chosen_day(self, today: dt.date) -> dt.date:
        """The day asked for, or today when none (or a wrong one) was given."""
        if self.is_bound and self.is_valid() and self.cleaned_data["day"]:
            return self.cleaned_data["day"]  # type: ignore[no-any-return]
        return today

    def filters(self) -> TodayFilters:
        if not self.is_valid():
            return TodayFilters()
        data = self.cleaned_data
        return TodayFilters(
            school_id=data["school"].pk if data["school"] else None,
            provider_id=data["provider"].pk if data["provider"] else None,
            state=data["state"],
        )
