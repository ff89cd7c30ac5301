"""Forms for education plans: the plan (baseline and review interval), a SMART target, and a
review meeting with progress towards each target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import BoundField

from inclusion.core.forms import DATE_HINT, GovukDateField, GovukForm, text_area
from inclusion.placements.models import Review, Target
from inclusion.placements.presenters.plans import PROGRESS_SCALE
from inclusion.placements.selectors.plans import today
from inclusion.placements.services.plans import (
    PlanDetails,
    ProgressDetails,
    ReviewDetails,
    TargetDetails,
)

MIN_WEEKS, MAX_WEEKS = 1, 39


class PlanForm(GovukForm):
    baseline_attainment = text_area(
        "Attainment",
        required="Enter the pupil's attainment at the start of the placement",
        help_text="Where the pupil is now in English, maths and any other subjects that matter",
    )
    baseline_attendance = forms.DecimalField(
        label="Attendance (%)",
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=1,
        help_text="Attendance over the last term, as a percentage, for example 82.5",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the pupil's attendance as a percentage",
            "invalid": "Attendance must be a number, like 82.5",
            "min_value": "Attendance must be between 0 and 100",
            "max_value": "Attendance must be between 0 and 100",
            "max_decimal_places": "Attendance must have no more than 1 decimal place",
        },
    )
    baseline_behaviour = text_area(
        "Behaviour",
        required="Enter the pupil's behaviour at the start of the placement",
        help_text="For example, suspensions and incidents this year and what triggers them",
    )
    baseline_wellbeing = text_area(
        "Wellbeing",
        required="Enter the pupil's wellbeing at the start of the placement",
        help_text="For example, mood, relationships, and support from other services",
    )
    review_every_weeks = forms.IntegerField(
        label="How often is the plan reviewed, in school weeks?",
        min_value=MIN_WEEKS,
        max_value=MAX_WEEKS,
        help_text="Usually every 6 school weeks. Holidays do not count.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how often the plan is reviewed, in school weeks",
            "invalid": "How often the plan is reviewed must be a whole number of school weeks",
            "min_value": "How often the plan is reviewed must be between 1 and 39 school weeks",
            "max_value": "How often the plan is reviewed must be between 1 and 39 school weeks",
        },
    )

    def details(self) -> PlanDetails:
        data = self.cleaned_data
        return PlanDetails(
            baseline_attainment=data["baseline_attainment"],
            baseline_attendance=data["baseline_attendance"],
            baseline_behaviour=data["baseline_behaviour"],
            baseline_wellbeing=data["baseline_wellbeing"],
            review_every_weeks=data["review_every_weeks"],
        )


class TargetForm(GovukForm):
    description = text_area(
        "Target",
        required="Enter the target",
        help_text="Specific, measurable, achievable, relevant and time-bound: "
        "for example, attend every timetabled session for 4 weeks",
        rows=3,
    )
    measure = text_area(
        "How will progress be measured?",
        required="Enter how progress will be measured",
        help_text="For example, the provider's attendance register, checked at each review",
        rows=3,
    )
    due_on = GovukDateField(
        label="Due date",
        required_message="Enter the date the target is due",
        help_text=DATE_HINT,
    )

    def __init__(self, *args: Any, starts_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on

    def clean_due_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("due_on")
        if value is not None and value < self.starts_on:
            raise forms.ValidationError(
                "The due date must be on or after the start of the placement"
            )
        return value

    def details(self) -> TargetDetails:
        data = self.cleaned_data
        return TargetDetails(
            description=data["description"], measure=data["measure"], due_on=data["due_on"]
        )


class ReviewForm(GovukForm):
    """A review meeting: one progress question (1 to 5, with a note) per target of the plan."""

    held_on = GovukDateField(
        label="Date of the review",
        required_message="Enter the date of the review",
        help_text=DATE_HINT,
    )
    attendees = text_area(
        "Who attended",
        required="Enter who attended the review",
        help_text="Names and roles, for example: J. Patel, Head of Year 9; the pupil; "
        "their mother; the provider's key worker",
        rows=3,
    )

    def __init__(
        self, *args: Any, targets: Sequence[Target], starts_on: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        self.starts_on = starts_on
        for n, target in enumerate(self.targets, start=1):
            self.fields[f"progress_{target.pk}"] = forms.TypedChoiceField(
                label=f"Progress towards target {n}",
                choices=[(score, label) for score, label in PROGRESS_SCALE.items()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select the progress towards target {n}",
                    "invalid_choice": f"Select the progress towards target {n}",
                },
            )
            self.fields[f"note_{target.pk}"] = text_area(f"Note on target {n} (optional)", rows=2)
        self.fields["pupil_voice"] = text_area(
            "The pupil's voice (optional)",
            help_text="What the pupil said about the placement and their targets, in their words",
        )
        self.fields["parent_voice"] = text_area(
            "The parent's or carer's voice (optional)",
            help_text="What the parent or carer said",
        )
        self.fields["provider_report"] = text_area(
            "The provider's report (optional)",
            help_text="Attendance, engagement and progress at the provider",
        )
        self.fields["decision"] = forms.ChoiceField(
            label="Decision",
            choices=Review.Decision.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select the decision",
                "invalid_choice": "Select the decision",
            },
        )
        self.fields["notes"] = text_area(
            "Notes (optional)", help_text="Actions agreed, and by whom"
        )

    def target_rows(self) -> list[tuple[int, Target, BoundField, BoundField]]:
        return [
            (n, target, self[f"progress_{target.pk}"], self[f"note_{target.pk}"])
            for n, target in enumerate(self.targets, start=1)
        ]

    def clean_held_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("held_on")
        if value is not None and value > today():
            raise forms.ValidationError("The date of the review must be today or in the past")
        if value is not None and value < self.starts_on:
            raise forms.ValidationError(
                "The date of the review must be on or after the start of the placement"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.targets:
            raise forms.ValidationError("Add at least one target to the plan before a review")
        return data

    def details(self) -> ReviewDetails:
        data = self.cleaned_data
        return ReviewDetails(
            held_on=data["held_on"],
            attendees=data["attendees"],
            pupil_voice=data["pupil_voice"],
            parent_voice=data["parent_voice"],
            provider_report=data["provider_report"],
            decision=data["decision"],
            notes=data["notes"],
            progress=[
                ProgressDetails(
                    target=target,
                    score=data[f"progress_{target.pk}"],
                    note=data[f"note_{target.pk}"],
                )
                for target in self.targets
            ],
        )
