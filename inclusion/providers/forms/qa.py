"""The QA visit form (the shared template, area by area) and marking an action done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.html import format_html

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.providers.models import QaJudgement, QaVisit
from inclusion.providers.qa_template import AREAS, Area
from inclusion.providers.services.qa import ActionDetails, JudgementDetails, VisitDetails

ACTION_ROWS = 3
EVIDENCE_MAX = 2000
Judgement = QaJudgement.Judgement


def _not_future(value: dt.date | None, message: str) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(message)


class QaVisitForm(GovukForm):
    visited_on = GovukDateField(
        label="Date of the visit",
        required_message="Enter the date of the visit",
        help_text="For example, 27 3 2026",
    )
    visitors = forms.CharField(
        label="Who visited",
        max_length=200,
        help_text="Names and roles, for example: A. Shah, Inclusion co-ordinator",
        error_messages={
            "required": "Enter who visited",
            "max_length": "Who visited must be 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in AREAS:
            for item in area.items:
                self.fields[f"judgement_{item.code}"] = forms.ChoiceField(
                    label=item.text,
                    choices=Judgement.choices,
                    widget=forms.RadioSelect(
                        attrs={"class": "govuk-radios--inline govuk-radios--small"}
                    ),
                    error_messages={
                        "required": f"Select a judgement for “{item.text}”",
                        "invalid_choice": f"Select a judgement for “{item.text}”",
                    },
                )
                self.fields[f"evidence_{item.code}"] = forms.CharField(
                    label=format_html(
                        'Evidence seen<span class="govuk-visually-hidden"> for “{}”</span> '
                        "(optional)",
                        item.text,
                    ),
                    required=False,
                    max_length=EVIDENCE_MAX,
                    widget=forms.Textarea(attrs={"govuk_rows": 2}),
                    error_messages={
                        "max_length": f"Evidence for “{item.text}” must be 2,000 characters "
                        "or fewer"
                    },
                )
        self.fields["overall_rating"] = forms.ChoiceField(
            label="Overall rating",
            choices=QaVisit.Rating.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select the overall rating",
                "invalid_choice": "Select the overall rating",
            },
        )
        self.fields["summary"] = forms.CharField(
            label="Summary (optional)",
            required=False,
            max_length=5000,
            widget=forms.Textarea,
            help_text="Strengths and what must improve. Do not name pupils.",
            error_messages={"max_length": "The summary must be 5,000 characters or fewer"},
        )
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_description"] = forms.CharField(
                label=f"Action {n}",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"govuk_rows": 2}),
                error_messages={"max_length": f"Action {n} must be 1,000 characters or fewer"},
            )
            self.fields[f"action_{n}_owner"] = forms.CharField(
                label=f"Who will do action {n}",
                required=False,
                max_length=120,
                error_messages={
                    "max_length": f"Who will do action {n} must be 120 characters or fewer"
                },
            )
            self.fields[f"action_{n}_due_on"] = GovukDateField(
                label=f"Action {n} due date", required=False, help_text="For example, 27 3 2026"
            )

    def areas(self) -> list[tuple[Area, list[tuple[BoundField, BoundField]]]]:
        return [
            (
                area,
                [
                    (self[f"judgement_{item.code}"], self[f"evidence_{item.code}"])
                    for item in area.items
                ],
            )
            for area in AREAS
        ]

    def action_rows(self) -> list[tuple[int, BoundField, BoundField, BoundField]]:
        return [
            (
                n,
                self[f"action_{n}_description"],
                self[f"action_{n}_owner"],
                self[f"action_{n}_due_on"],
            )
            for n in range(1, ACTION_ROWS + 1)
        ]

    def clean_visited_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("visited_on")
        _not_future(value, "The date of the visit must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_rating(data)
        self._check_actions(data)
        return data

    def _check_rating(self, data: dict[str, Any]) -> None:
        judgements = [data.get(f"judgement_{item.code}") for area in AREAS for item in area.items]
        if data.get("overall_rating") == QaVisit.Rating.MEETS and Judgement.NOT_MET in judgements:
            self.add_error(
                "overall_rating",
                "The overall rating cannot be “Meets the standards” when an item is not met",
            )

    def _check_actions(self, data: dict[str, Any]) -> None:
        visited = data.get("visited_on")
        for n in range(1, ACTION_ROWS + 1):
            description = data.get(f"action_{n}_description", "")
            owner = data.get(f"action_{n}_owner", "")
            due = data.get(f"action_{n}_due_on")
            row_has_errors = any(
                f"action_{n}_{part}" in self.errors for part in ("description", "owner", "due_on")
            )
            if row_has_errors or not (description or owner or due):
                continue
            if not description:
                self.add_error(f"action_{n}_description", f"Enter what action {n} is")
            if not owner:
                self.add_error(f"action_{n}_owner", f"Enter who will do action {n}")
            if due is None:
                self.add_error(f"action_{n}_due_on", f"Enter the due date of action {n}")
            elif visited is not None and due < visited:
                self.add_error(
                    f"action_{n}_due_on",
                    f"The due date of action {n} must be on or after the date of the visit",
                )

    def details(self) -> VisitDetails:
        data = self.cleaned_data
        actions = [
            ActionDetails(
                description=data[f"action_{n}_description"],
                owner=data[f"action_{n}_owner"],
                due_on=data[f"action_{n}_due_on"],
            )
            for n in range(1, ACTION_ROWS + 1)
            if data.get(f"action_{n}_description")
        ]
        return VisitDetails(
            visited_on=data["visited_on"],
            visitors=data["visitors"],
            overall_rating=data["overall_rating"],
            summary=data["summary"],
            judgements=[
                JudgementDetails(
                    item=item.code,
                    judgement=data[f"judgement_{item.code}"],
                    evidence=data[f"evidence_{item.code}"],
                )
                for area in AREAS
                for item in area.items
            ],
            actions=actions,
        )


class QaActionCompleteForm(GovukForm):
    completed_on = GovukDateField(
        label="Date completed",
        required_message="Enter the date the action was completed",
        help_text="For example, 27 3 2026",
    )

    def __init__(self, *args: Any, visited_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visited_on = visited_on

    def clean_completed_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("completed_on")
        _not_future(value, "The date completed must be today or in the past")
        if value is not None and value < self.visited_on:
            raise forms.ValidationError(
                "The date completed must be on or after the date of the visit"
            )
        return value
