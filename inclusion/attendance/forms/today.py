"""The filters of the "today" page: school, provider and state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

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

    def filters(self) -> TodayFilters:
        if not self.is_valid():
            return TodayFilters()
        data = self.cleaned_data
        return TodayFilters(
            school_id=data["school"].pk if data["school"] else None,
            provider_id=data["provider"].pk if data["provider"] else None,
            state=data["state"],
        )
