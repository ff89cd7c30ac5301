"""The form for recording a visit: the date, who visited, a Yes or No answer for each item of the
partnership's checklist, and notes, concerns and follow-up actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import BoundField

from inclusion.core.forms import GovukDateField, GovukForm, text_area
from inclusion.placements.models import Placement
from inclusion.visits.models import CHECKLIST
from inclusion.visits.services import VisitDateError, VisitDetails, check_visit_date

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(question: str) -> forms.TypedChoiceField:
    message = f"Select yes if {question[0].lower()}{question[1:]}, or no if not"
    return forms.TypedChoiceField(
        label=question,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class VisitForm(GovukForm):
    visited_on = GovukDateField(
        label="Date of the visit",
        required_message="Enter the date of the visit",
        help_text="For example, 27 3 2026",
    )
    visitor_name = forms.CharField(
        label="Who visited",
        max_length=120,
        help_text="The name of each member of staff who visited",
        error_messages={
            "required": "Enter who visited",
            "max_length": "Who visited must be 120 characters or fewer",
        },
    )

    def __init__(self, *args: Any, placement: Placement, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.today = today
        for name, question in CHECKLIST:
            self.fields[name] = _yes_no(question)
        self.fields["notes"] = text_area(
            "Notes (optional)", help_text="What you saw and who you spoke to"
        )
        self.fields["concerns"] = text_area(
            "Concerns (optional)",
            help_text="Anything that worries you about the pupil or the provision. A concern is "
            "sent to the partnership's co-ordinator and counts in the provider's quality "
            "assurance.",
        )
        self.fields["follow_up"] = text_area(
            "Follow-up actions (optional)", help_text="What will be done, by whom and when"
        )

    def checklist_fields(self) -> list[BoundField]:
        return [self[name] for name, _ in CHECKLIST]

    def clean_visited_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("visited_on")
        if value is not None:
            try:
                check_visit_date(self.placement, value, self.today)
            except VisitDateError as error:
                raise forms.ValidationError(str(error)) from None
        return value

    def details(self) -> VisitDetails:
        data = self.cleaned_data
        answers = {name: data[name] for name, _ in CHECKLIST}
        return VisitDetails(
            visited_on=data["visited_on"],
            visitor_name=data["visitor_name"],
            notes=data["notes"],
            concerns=data["concerns"],
            follow_up=data["follow_up"],
            **answers,
        )
