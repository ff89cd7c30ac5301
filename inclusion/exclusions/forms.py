"""Forms: raising a consultation, recording it, recording an exclusion, the notifications
checklist and what happened afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from inclusion.core.forms import DATE_HINT, GovukDateField, GovukForm, text_area
from inclusion.exclusions.models import (
    NOTICE_FIELDS,
    Alternative,
    ConsultationOutcome,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
)
from inclusion.exclusions.services import (
    MAX_REASONS,
    ConsultationRecord,
    ExclusionDetails,
    ExclusionProgress,
)
from inclusion.forums.forms.fields import ChoiceListField, TimeOfDayField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _date(label: str, *, required: bool = True, message: str = "") -> GovukDateField:
    return GovukDateField(
        label=label, required=required, required_message=message, help_text=DATE_HINT
    )


def _check(label: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


class RaiseConsultationForm(GovukForm):
    considered_on = _date(
        "Date the school began considering a permanent exclusion",
        message="Enter the date the school began considering a permanent exclusion",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_considered_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("considered_on")
        if value is not None and value > self.today:
            raise forms.ValidationError("The date must be today or in the past")
        return value


class ConsultationForm(GovukForm):
    held_on = _date("Date the consultation was held")
    held_with = forms.CharField(
        label="With whom",
        max_length=200,
        help_text="For example, the Partnership Chair and the co-ordinator",
        error_messages={"required": "Enter who the consultation was held with"},
    )
    alternatives = forms.MultipleChoiceField(
        label="Alternatives offered",
        required=False,
        choices=Alternative.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select alternatives from the list"},
    )
    alternatives_other = forms.CharField(
        label="Other alternative",
        max_length=200,
        required=False,
        help_text="If you selected other",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ConsultationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome",
            "invalid_choice": "Select the outcome",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advice"] = text_area("Advice given", required="Enter the advice given")
        self.order_fields(["held_on", "held_with", "advice", "alternatives"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("alternatives") or []
        if Alternative.OTHER in chosen and not (data.get("alternatives_other") or "").strip():
            self.add_error("alternatives_other", "Enter the other alternative offered")
        return data

    def record(self) -> ConsultationRecord:
        d = self.cleaned_data
        return ConsultationRecord(
            held_on=d["held_on"],
            held_with=d["held_with"],
            advice=d["advice"],
            alternatives=tuple(d["alternatives"]),
            alternatives_other=d["alternatives_other"]
            if Alternative.OTHER in d["alternatives"]
            else "",
            outcome=d["outcome"],
        )


class ExclusionForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type",
        choices=ExclusionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type", "invalid_choice": "Select the type"},
    )
    start_date = _date("Start date")
    days = forms.CharField(
        label="Length of a suspension, in school days",
        required=False,
        max_length=5,
        help_text="In half days: for example 1, 2.5 or 5. A lunchtime suspension counts as half "
        "a day; a permanent exclusion has no length.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    reasons = ChoiceListField(
        label="Reasons",
        queryset=ExclusionReason.objects.none(),
        help_text="Select up to 3",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least 1 reason",
            "invalid_choice": "Select reasons from the list",
        },
    )
    missed_public_exam = _check("The pupil will miss a public examination")
    parent_representations = _check("The parent has made representations to the board")

    def __init__(
        self, *args: Any, reasons: QuerySet[ExclusionReason], needs_override: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(reasons=reasons)
        self.needs_override = needs_override
        if needs_override:
            self.fields["override_reason"] = text_area(
                "Reason for recording a permanent exclusion without a consultation (optional)",
                help_text="For a permanent exclusion only when no consultation with the "
                "Partnership Chair was held in the 30 days before it starts. The override is "
                "recorded in the audit trail.",
            )

    def clean_reasons(self) -> Any:
        chosen = self.cleaned_data.get("reasons")
        if chosen is not None and len(chosen) > MAX_REASONS:
            raise forms.ValidationError("Select no more than 3 reasons")
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["sessions"] = 0
        if data.get("kind") == ExclusionKind.SUSPENSION:
            data["sessions"] = self._sessions(data.get("days") or "")
        return data

    def _sessions(self, text: str) -> int:
        text = text.strip()
        if not text:
            self.add_error("days", "Enter the length of the suspension in school days")
            return 0
        try:
            halves = Decimal(text) * 2
        except InvalidOperation:
            halves = Decimal("0.1")
        if halves != halves.to_integral_value() or halves < 1 or halves > 90:
            self.add_error(
                "days",
                "Enter the length as whole or half school days between 0.5 and 45, like 2.5",
            )
            return 0
        return int(halves)

    def details(self) -> ExclusionDetails:
        d = self.cleaned_data
        return ExclusionDetails(
            kind=d["kind"],
            start_date=d["start_date"],
            sessions=d["sessions"],
            reasons=list(d["reasons"]),
            missed_public_exam=d["missed_public_exam"],
            parent_representations=d["parent_representations"],
            override_reason=d.get("override_reason", ""),
        )


SOCIAL_WORKER = "social_worker_notified_at"
NOT_APPLICABLE = "social_worker_not_applicable"


class NoticesForm(GovukForm):
    """A date and a time for each person told; blank when not told yet. The social worker's row
    may be marked not applicable (the pupil has no social worker)."""

    def __init__(self, *args: Any, names: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        for name, label in names:
            self.fields[f"{name}_date"] = _date(f"{label}: date told", required=False)
            self.fields[f"{name}_time"] = TimeOfDayField(
                label=f"{label}: time told", required=False, help_text="For example, 2:15pm"
            )
            if name == SOCIAL_WORKER:
                self.fields[NOT_APPLICABLE] = _check(
                    "Not applicable: the pupil has no social worker"
                )

    @staticmethod
    def initial_for(exclusion: Exclusion) -> dict[str, Any]:
        initial: dict[str, Any] = {NOT_APPLICABLE: exclusion.social_worker_not_applicable}
        for name, _ in NOTICE_FIELDS:
            value = getattr(exclusion, name)
            if value is not None:
                local = timezone.localtime(value)
                initial[f"{name}_date"] = local.date()
                initial[f"{name}_time"] = local.time().replace(second=0, microsecond=0)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        now = timezone.localtime()
        for name, label in self.names:
            day, time = data.get(f"{name}_date"), data.get(f"{name}_time")
            if day is None and time is None:
                data[name] = None
            elif day is None:
                if f"{name}_date" not in self.errors:
                    self.add_error(f"{name}_date", f"Enter the date the {label.lower()} was told")
            elif time is None:
                if f"{name}_time" not in self.errors:
                    self.add_error(f"{name}_time", f"Enter the time the {label.lower()} was told")
            else:
                at = timezone.make_aware(dt.datetime.combine(day, time))
                who = label.lower()
                if day > now.date():
                    self.add_error(
                        f"{name}_date", f"The date the {who} was told must be today or in the past"
                    )
                elif at > now:
                    self.add_error(
                        f"{name}_time", f"The time the {who} was told must be now or in the past"
                    )
                data[name] = at
        if data.get(NOT_APPLICABLE) and data.get(SOCIAL_WORKER) is not None:
            self.add_error(
                NOT_APPLICABLE,
                "Enter when the social worker was told, or select that the pupil has no social "
                "worker, not both",
            )
        return data

    def notices(self) -> dict[str, dt.datetime | None]:
        return {name: self.cleaned_data.get(name) for name, _ in self.names}

    def social_worker_not_applicable(self) -> bool | None:
        """Ticked or not; ``None`` when the form has no social worker row."""
        if NOT_APPLICABLE not in self.fields:
            return None
        return bool(self.cleaned_data.get(NOT_APPLICABLE))

    def pairs(
        self,
    ) -> list[tuple[str, forms.BoundField, forms.BoundField, forms.BoundField | None]]:
        """Each person: the label, the date and time fields, and the "not applicable" box."""
        return [
            (
                label,
                self[f"{name}_date"],
                self[f"{name}_time"],
                self[NOT_APPLICABLE] if name == SOCIAL_WORKER else None,
            )
            for name, label in self.names
        ]


class ProgressForm(GovukForm):
    provision_where = forms.CharField(
        label="Where sixth-day provision is", max_length=200, required=False
    )
    provision_starts_on = _date("Date provision starts", required=False)
    parent_representations = _check("The parent has made representations to the board")
    missed_public_exam = _check("The pupil will miss a public examination")
    board_met_on = _date("Date the governing board met", required=False)
    decision_given_on = _date(
        "Date the board's written decision was given or posted", required=False
    )
    decision_posted = _check("The written decision was posted")
    review_applied_on = _date("Date an independent review was applied for", required=False)
    panel_decided_on = _date("Date the review panel decided", required=False)
    reconsidered_on = _date("Date the board reconsidered", required=False)

    PERMANENT_ONLY = (
        "decision_given_on",
        "decision_posted",
        "review_applied_on",
        "panel_decided_on",
        "reconsidered_on",
    )

    def __init__(self, *args: Any, permanent: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not permanent:
            for name in self.PERMANENT_ONLY:
                del self.fields[name]

    @staticmethod
    def initial_for(exclusion: Exclusion) -> dict[str, Any]:
        return {
            name: getattr(exclusion, name)
            for name in (
                "provision_where",
                "provision_starts_on",
                "parent_representations",
                "missed_public_exam",
                "board_met_on",
                "decision_given_on",
                "decision_posted",
                "review_applied_on",
                "panel_decided_on",
                "reconsidered_on",
            )
        }

    def progress(self) -> ExclusionProgress:
        d = self.cleaned_data
        return ExclusionProgress(
            provision_where=d["provision_where"],
            provision_starts_on=d["provision_starts_on"],
            parent_representations=d["parent_representations"],
            missed_public_exam=d["missed_public_exam"],
            board_met_on=d["board_met_on"],
            decision_given_on=d.get("decision_given_on"),
            decision_posted=d.get("decision_posted", False),
            review_applied_on=d.get("review_applied_on"),
            panel_decided_on=d.get("panel_decided_on"),
            reconsidered_on=d.get("reconsidered_on"),
        )
