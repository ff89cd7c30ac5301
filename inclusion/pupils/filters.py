from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from inclusion.core.forms import GovukForm
from inclusion.core.reference import sen_provision_choices
from inclusion.organisations.models import School
from inclusion.pupils.forms import YEAR_CHOICES
from inclusion.pupils.selectors import PupilFilters


class PupilFilterForm(GovukForm):
    q = forms.CharField(
        label="Search by name or UPN",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    school = forms.ModelChoiceField(
        label="School",
        required=False,
        queryset=School.objects.none(),
        empty_label="All schools",
        error_messages={"invalid_choice": "Select a school from the list"},
    )
    year = forms.ChoiceField(
        label="Year group", required=False, choices=[("", "All years"), *YEAR_CHOICES]
    )
    sen = forms.ChoiceField(
        label="SEN provision", required=False, choices=[("", "Any"), *sen_provision_choices()]
    )
    looked_after = forms.ChoiceField(
        label="Looked after",
        required=False,
        choices=[("", "Any"), ("yes", "Looked after"), ("no", "Not looked after")],
    )

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[School]", self.fields["school"]).queryset = schools
        self.show_school_filter = schools.count() > 1
        if not self.show_school_filter:
            del self.fields["school"]

    def filters(self) -> PupilFilters:
        if not self.is_valid():
            return PupilFilters()
        data = self.cleaned_data
        school = data.get("school")
        looked_after = {"yes": True, "no": False}.get(data["looked_after"])
        return PupilFilters(
            query=data["q"],
            school_id=school.pk if school is not None else None,
            nc_year=int(data["year"]) if data["year"] else None,
            sen_provision=data["sen"],
            looked_after=looked_after,
        )
