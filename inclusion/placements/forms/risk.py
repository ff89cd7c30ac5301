"""The Standard Risk Assessment form: every hazard as a row (likelihood, severity, control
measures, owner), the overall rating, a summary and the review date; and the empty form the
confirmation pages post (complete, sign off, start, review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.placements.models import Hazard, RiskAssessment
from inclusion.placements.presenters.risk import LIKELIHOOD_LABELS, SEVERITY_LABELS, scale_choices
from inclusion.placements.services.risk import (
    REVIEW_WITHIN_MONTHS,
    AssessmentDetails,
    HazardDetails,
    controls_missing_message,
    highest_band,
    latest_review_date,
    lower_than,
    needs_controls,
    overall_too_low_message,
    owner_missing_message,
    review_date_problem,
)

CONTROLS_MAX = 2000
OWNER_MAX = 120
SUMMARY_MAX = 5000
PARTS = ("likelihood", "severity", "controls", "owner")


def _label(text: str, hazard_label: str) -> SafeString:
    return format_html('{}<span class="govuk-visually-hidden"> for “{}”</span>', text, hazard_label)


def _scale_field(name: str, hazard_label: str, labels: dict[int, str]) -> forms.TypedChoiceField:
    message = f"Select the {name} for “{hazard_label}”"
    return forms.TypedChoiceField(
        label=_label(name.capitalize(), hazard_label),
        choices=[("", "Not scored yet"), *scale_choices(labels)],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": message},
    )


def _hazard_fields(value: str, label: str) -> dict[str, forms.Field]:
    return {
        f"{value}_likelihood": _scale_field("likelihood", label, LIKELIHOOD_LABELS),
        f"{value}_severity": _scale_field("severity", label, SEVERITY_LABELS),
        f"{value}_controls": forms.CharField(
            label=_label("Control measures", label),
            required=False,
            max_length=CONTROLS_MAX,
            widget=forms.Textarea(attrs={"govuk_rows": 3}),
            error_messages={
                "max_length": f"The control measures for “{label}” must be 2,000 characters "
                "or fewer"
            },
        ),
        f"{value}_owner": forms.CharField(
            label=_label("Owner", label),
            required=False,
            max_length=OWNER_MAX,
            help_text="Who makes sure the control measures happen, for example the DSL",
            error_messages={
                "max_length": f"The owner for “{label}” must be 120 characters or fewer"
            },
        ),
    }


class RiskAssessmentForm(GovukForm):
    """Saved as a draft as the user goes: nothing is required yet, but what is entered must
    keep the rules (a row needs both scores; medium or high needs control measures and an
    owner; the overall rating is not lower than the highest hazard band)."""

    def __init__(
        self, *args: Any, assessment: RiskAssessment, today: dt.date, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", _initial(assessment))
        super().__init__(*args, **kwargs)
        self.today = today
        for value, label in Hazard.choices:
            self.fields.update(_hazard_fields(value, label))
        self.fields["overall_rating"] = forms.ChoiceField(
            label="Overall rating",
            choices=RiskAssessment.Rating.choices,
            required=False,
            widget=forms.RadioSelect,
            help_text=_overall_hint(assessment),
            error_messages={"invalid_choice": "Select the overall rating"},
        )
        self.fields["summary"] = forms.CharField(
            label="Summary (optional)",
            required=False,
            max_length=SUMMARY_MAX,
            widget=forms.Textarea,
            help_text="The main risks and how they will be managed",
            error_messages={"max_length": "The summary must be 5,000 characters or fewer"},
        )
        latest = latest_review_date(today)
        self.fields["review_on"] = GovukDateField(
            label="Review date",
            required=False,
            help_text=(
                f"In the future and no more than {REVIEW_WITHIN_MONTHS} months from today "
                f"(by {latest.day} {latest:%B %Y}). For example, {latest.day} {latest.month} "
                f"{latest.year}"
            ),
        )

    def hazard_fields(self) -> list[tuple[str, str, list[BoundField]]]:
        return [
            (value, str(label), [self[f"{value}_{part}"] for part in PARTS])
            for value, label in Hazard.choices
        ]

    def clean_review_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("review_on")
        if value is not None and (problem := review_date_problem(value, self.today)):
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scores = [row.score for row in self._rows(data, check=True)]
        floor = highest_band(scores)
        overall = data.get("overall_rating")
        if overall and floor is not None and lower_than(overall, floor):
            self.add_error("overall_rating", overall_too_low_message(floor))
        return data

    def _rows(self, data: dict[str, Any], *, check: bool = False) -> list[HazardDetails]:
        rows = []
        for value, label in Hazard.choices:
            names = [f"{value}_{part}" for part in PARTS]
            if any(name in self.errors for name in names):
                continue
            likelihood, severity, controls, owner = (data.get(name) for name in names)
            if likelihood is None or severity is None:
                if check and (likelihood or severity or controls or owner):
                    self._missing_scores(value, str(label), likelihood, severity)
                continue
            row = HazardDetails(value, likelihood, severity, controls or "", owner or "")
            if check:
                self._check_controls(row)
            rows.append(row)
        return rows

    def _missing_scores(
        self, value: str, label: str, likelihood: int | None, severity: int | None
    ) -> None:
        if likelihood is None:
            self.add_error(f"{value}_likelihood", f"Select the likelihood for “{label}”")
        if severity is None:
            self.add_error(f"{value}_severity", f"Select the severity for “{label}”")

    def _check_controls(self, row: HazardDetails) -> None:
        if needs_controls(row.score) and not row.controls:
            self.add_error(
                f"{row.hazard}_controls", controls_missing_message(row.hazard, row.score)
            )
        if row.controls and not row.owner:
            self.add_error(f"{row.hazard}_owner", owner_missing_message(row.hazard))

    def details(self) -> AssessmentDetails:
        data = self.cleaned_data
        return AssessmentDetails(
            hazards=self._rows(data),
            overall_rating=data.get("overall_rating") or "",
            summary=data.get("summary") or "",
            review_on=data.get("review_on"),
        )


def _initial(assessment: RiskAssessment) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "overall_rating": assessment.overall_rating,
        "summary": assessment.summary,
        "review_on": assessment.review_on,
    }
    for row in assessment.hazards.all():
        for part in PARTS:
            initial[f"{row.hazard}_{part}"] = getattr(row, part)
    return initial


def _overall_hint(assessment: RiskAssessment) -> str:
    floor = highest_band(row.score for row in assessment.hazards.all())
    if floor is None:
        return (
            "Choose after scoring the hazards. It cannot be lower than the highest hazard rating."
        )
    return (
        f"Suggested: {floor.label.lower()}, the highest rating of the hazards as last saved. "
        "You can choose a higher rating but not a lower one."
    )


class ConfirmForm(GovukForm):
    """The form of a confirmation page: no fields; problems are shown as errors."""

    def add_problems(self, problems: list[str]) -> None:
        self.full_clean()
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        for problem in problems:
            self.add_error(None, problem)
