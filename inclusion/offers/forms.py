"""Forms of the attendance support plan: the plan, an intervention, a weekly check-in and
closing the plan. They clean and check input; the services decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from inclusion.accounts.models import User
from inclusion.core.forms import DATE_HINT, ChoiceOfModel, GovukDateField, GovukForm, text_area
from inclusion.offers.models import MAX_SESSIONS_A_WEEK, AttendanceSupportPlan, SupportIntervention
from inclusion.offers.progress import monday_of
from inclusion.offers.services import (
    CheckInDetails,
    ClosingDetails,
    InterventionDetails,
    PlanDetails,
)


def _percent(label: str, noun: str, *, help_text: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=4,
        decimal_places=1,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter the {noun} as a percentage",
            "invalid": f"The {noun} must be a number, like 82.5",
            "min_value": f"The {noun} must be between 0 and 100",
            "max_value": f"The {noun} must be between 0 and 100",
            "max_digits": f"The {noun} must be between 0 and 100",
            "max_whole_digits": f"The {noun} must be between 0 and 100",
            "max_decimal_places": f"The {noun} must have no more than 1 decimal place",
        },
    )


def _sessions(label: str, noun: str, *, help_text: str) -> forms.IntegerField:
    between = f"{noun.capitalize()} must be between 0 and {MAX_SESSIONS_A_WEEK}"
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_SESSIONS_A_WEEK,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {noun}",
            "invalid": f"{noun.capitalize()} must be a whole number, like 8",
            "min_value": between,
            "max_value": between,
        },
    )


class LeadChoice(ChoiceOfModel):
    def label_from_instance(self, obj: Any) -> str:
        user = cast(User, obj)
        return user.full_name or user.email


# The plan -------------------------------------------------------------------------------------


class PlanForm(GovukForm):
    baseline_percent = _percent(
        "Baseline attendance (%)",
        "baseline attendance",
        help_text="The pupil's attendance in the school's register before the plan, "
        "for example 72.5",
    )
    baseline_period = forms.CharField(
        label="What period was the baseline measured over?",
        max_length=120,
        help_text="For example, the last 6 school weeks",
        error_messages={
            "required": "Enter the period the baseline was measured over",
            "max_length": "The period must be 120 characters or fewer",
        },
    )
    target_percent = _percent(
        "Target attendance (%)",
        "target attendance",
        help_text="What the plan aims for: above the baseline, for example 90",
    )
    start_date = GovukDateField(
        label="Start date", required_message="Enter the date the plan starts", help_text=DATE_HINT
    )
    review_date = GovukDateField(
        label="Review date",
        required_message="Enter the date the plan will be reviewed",
        help_text="Usually 6 school weeks after the start. " + DATE_HINT,
    )
    lead = LeadChoice(
        label="Who leads the plan?",
        queryset=User.objects.none(),
        empty_label="Choose the lead",
        help_text="A member of the school's staff or the partnership's co-ordinator",
        error_messages={
            "required": "Select who leads the plan",
            "invalid_choice": "Select who leads the plan from the list",
        },
    )

    def __init__(self, *args: Any, leads: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(lead=leads)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        baseline, target = data.get("baseline_percent"), data.get("target_percent")
        if baseline is not None and target is not None and target <= baseline:
            self.add_error("target_percent", "The target must be above the baseline attendance")
        start, review = data.get("start_date"), data.get("review_date")
        if start is not None and review is not None and review < start:
            self.add_error("review_date", "The review date must be on or after the start date")
        return data

    def details(self) -> PlanDetails:
        data = self.cleaned_data
        return PlanDetails(
            baseline_percent=data["baseline_percent"],
            baseline_period=data["baseline_period"].strip(),
            target_percent=data["target_percent"],
            start_date=data["start_date"],
            review_date=data["review_date"],
            lead=data["lead"],
        )


# An intervention ------------------------------------------------------------------------------


class InterventionForm(GovukForm):
    kind = forms.ChoiceField(
        label="What is the intervention?",
        choices=SupportIntervention.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the intervention is",
            "invalid_choice": "Select what the intervention is",
        },
    )
    description = text_area(
        "Description (optional)",
        help_text="What it involves, how often and where. Needed if you chose Other.",
        rows=3,
    )
    who = forms.CharField(
        label="Who does it?",
        max_length=120,
        help_text="Name and role, for example: J. Patel, attendance officer",
        error_messages={
            "required": "Enter who does it",
            "max_length": "Who does it must be 120 characters or fewer",
        },
    )
    from_date = GovukDateField(
        label="From", required_message="Enter the date the intervention starts", help_text=DATE_HINT
    )
    to_date = GovukDateField(
        label="To (optional)",
        required=False,
        help_text="Leave blank if it carries on. " + DATE_HINT,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SupportIntervention.Kind.OTHER and not data.get("description"):
            self.add_error("description", "Enter a description of the intervention")
        first, last = data.get("from_date"), data.get("to_date")
        if first is not None and last is not None and last < first:
            self.add_error("to_date", "The end date must be on or after the start date")
        return data

    def details(self) -> InterventionDetails:
        data = self.cleaned_data
        return InterventionDetails(
            kind=data["kind"],
            description=data["description"].strip(),
            who=data["who"].strip(),
            from_date=data["from_date"],
            to_date=data["to_date"],
        )


# A weekly check-in ----------------------------------------------------------------------------


class CheckInForm(GovukForm):
    week_of = GovukDateField(
        label="Week beginning",
        required_message="Enter the Monday the week began",
        help_text="The Monday of the school week, for example 2 3 2026. "
        "Any other day of the week is taken as that week.",
    )
    sessions_possible = _sessions(
        "Sessions possible",
        "sessions possible",
        help_text="Morning and afternoon sessions the pupil could have attended that week, "
        "from the school's own register: 10 in a full week",
    )
    sessions_attended = _sessions(
        "Sessions attended",
        "sessions attended",
        help_text="Sessions the pupil attended that week, from the school's own register",
    )
    helped = text_area(
        "What helped (optional)",
        help_text="For example, the morning meet and greet, a lift from a relative",
        rows=3,
    )
    barriers = text_area(
        "Barriers (optional)",
        help_text="What got in the way of attending, and anything to follow up",
        rows=3,
    )

    def clean_week_of(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("week_of")
        return monday_of(value) if value is not None else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        possible, attended = data.get("sessions_possible"), data.get("sessions_attended")
        if possible is not None and attended is not None and attended > possible:
            self.add_error(
                "sessions_attended", "Sessions attended must be no more than the sessions possible"
            )
        return data

    def details(self) -> CheckInDetails:
        data = self.cleaned_data
        return CheckInDetails(
            week_of=data["week_of"],
            sessions_possible=data["sessions_possible"],
            sessions_attended=data["sessions_attended"],
            helped=data["helped"].strip(),
            barriers=data["barriers"].strip(),
        )


# Closing the plan -----------------------------------------------------------------------------


class CloseForm(GovukForm):
    closed_on = GovukDateField(
        label="Date the plan closed",
        required_message="Enter the date the plan closed",
        help_text=DATE_HINT,
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=AttendanceSupportPlan.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select the outcome"},
    )
    outcome_notes = text_area(
        "Notes on the outcome (optional)",
        help_text="What changed, and what happens next. Needed if you chose Other.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == AttendanceSupportPlan.Outcome.OTHER and not data.get(
            "outcome_notes"
        ):
            self.add_error("outcome_notes", "Enter what the outcome was")
        return data

    def details(self) -> ClosingDetails:
        data = self.cleaned_data
        return ClosingDetails(
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            outcome_notes=data["outcome_notes"].strip(),
        )
