"""Forms for the steps around the sections: choosing the pupil, adding an intervention, and
submitting (with the answer to the co-ordinator's question when the referral was returned)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.referrals.forms.fields import text_area, text_input
from inclusion.referrals.services.form import InterventionDetails


class PupilSearchForm(GovukForm):
    q = forms.CharField(
        label="Search by name or UPN",
        help_text="For example, Jordan Smith or A123456789012",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"max_length": "Search must be 100 characters or less"},
    )

    def query(self) -> str:
        return str(self.cleaned_data.get("q") or "") if self.is_valid() else ""


class StartForm(GovukForm):
    """The pupil chosen from the search results (radios drawn by the template)."""

    pupil = forms.UUIDField(
        label="Which pupil are you referring?",
        error_messages={
            "required": "Select the pupil you are referring",
            "invalid": "Select a pupil from the list",
        },
    )


class InterventionForm(GovukForm):
    what = text_input(
        "What was tried?",
        noun="What was tried",
        max_length=200,
        hint="For example, mentoring with the learning mentor, or a reduced timetable",
        required_message="Enter what was tried",
    )
    started_on = GovukDateField(
        label="Date it started",
        help_text="For example, 15 9 2025",
        required_message="Enter the date it started",
    )
    duration = text_input(
        "How long did it last?",
        noun="How long it lasted",
        max_length=60,
        hint="For example, 6 weeks, or 1 hour a week for a term",
        width="20",
        required_message="Enter how long it lasted",
    )
    impact = text_area(
        "What was the impact?",
        noun="The impact",
        required_message="Enter the impact",
        rows=4,
    )

    def clean_started_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data["started_on"]
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("Date it started must be today or in the past")
        return value

    def details(self) -> InterventionDetails:
        data = self.cleaned_data
        return InterventionDetails(
            what=data["what"],
            started_on=data["started_on"],
            duration=data["duration"],
            impact=data["impact"],
        )


class SubmitForm(GovukForm):
    """Only a returned referral asks for an answer."""

    answer = text_area(
        "Your answer",
        noun="Your answer",
        hint="The co-ordinator will see this with the referral",
        required_message="Enter your answer to the co-ordinator's question",
    )

    def __init__(self, *args: Any, returned: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not returned:
            del self.fields["answer"]

    def answer_text(self) -> str:
        return str(self.cleaned_data.get("answer", ""))
