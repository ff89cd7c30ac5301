"""The filters of the "today" page: school, provider and state."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from inclusion.attendance.selectors.today import ABSENT, NOT_MARKED, PRESENT, TodayFilters
from inclusion.core.forms import GovukForm
from inclusion.organisations.models import School
from inclusion.placements.forms.placements import ChoiceOfModel
from inclusion.providers.models import Provider

STATE_CHOICES = [
    ("", "Any"),
    (PRESENT, "Present"),
    (ABSENT, "Absent"),
    (NOT_MARKED, "Not marked yet"),
]


class TodayFilterForm(GovukForm):
    school = ChoiceOfModel(
        label="School",
        required=False,
        queryset=School.objects.none(),
        empty_label="All schools",
        error_messages={"invalid_choice": "Select a school from the list"},
    )
    provider = ChoiceOfModel(
        label="Provider",
        required=False,
        queryset=Provider.objects.none(),
        empty_label="All providers",
        error_messages={"invalid_choice": "Select a provider from the list"},
    )
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
        cast(ChoiceOfModel, self.fields["provider"]).queryset = providers
        cast(ChoiceOfModel, self.fields["school"]).queryset = schools

    def filters(self) -> TodayFilters:
        if not self.is_valid():
            return TodayFilters()
        data = self.cleaned_data
        return TodayFilters(
            school_id=data["school"].pk if data["school"] else None,
            provider_id=data["provider"].pk if data["provider"] else None,
            state=data["state"],
        )
