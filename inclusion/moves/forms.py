"""Forms for managed moves and off-site directions. They clean input; services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from inclusion.calendar.days import SchoolCalendar
from inclusion.core.forms import DATE_HINT, ChoiceOfModel, GovukDateField, GovukForm, text_area
from inclusion.moves.models import ManagedMove, OffsiteDirection, ReviewRequest
from inclusion.moves.services import (
    DirectionDetails,
    MoveDetails,
    MoveError,
    OutcomeDetails,
    ReviewDetails,
    check_notice,
    check_trial,
)


def _choice(label: str, what: str, *, required: bool = True) -> ChoiceOfModel:
    return ChoiceOfModel(
        label=label,
        queryset=None,
        required=required,
        empty_label="",
        error_messages={
            "required": f"Select {what}",
            # GOV.UK wording, not SQL.
            "invalid_choice": f"Select {what} from the list",  # noqa: S608
        },
    )


def _date(label: str, required: str) -> GovukDateField:
    return GovukDateField(label=label, required_message=required, help_text=DATE_HINT)


class _Dated(GovukForm):
    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def _not_future(self, name: str, what: str) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and value > self.today:
            raise forms.ValidationError(f"{what} must be today or in the past")
        return value


class MoveForm(_Dated):
    pupil = _choice("Pupil", "the pupil")
    to_school = _choice("School the pupil moves to", "the school the pupil moves to")
    agreed_on = _date("Date agreed", "Enter the date the move was agreed")
    agreed_by = text_area(
        "Who agreed",
        required="Enter who agreed the move",
        help_text="The parties who agreed: the parent, both schools and anyone else",
        limit=1000,
        rows=3,
    )
    starts_on = _date(
        "Start date at the new school", "Enter the pupil's start date at the new school"
    )
    trial = forms.BooleanField(
        label="This was a trial managed move",
        required=False,
        help_text="Only for a move agreed before 26 July 2026. Since then a trial must be "
        "recorded as an off-site direction.",
    )

    def clean_agreed_on(self) -> dt.date | None:
        return self._not_future("agreed_on", "The date agreed")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agreed_on = data.get("agreed_on")
        if agreed_on is not None:
            try:
                check_trial(agreed_on, bool(data.get("trial")))
            except MoveError as error:
                self.add_error("trial", str(error))
        return data

    def details(self) -> MoveDetails:
        data = self.cleaned_data
        return MoveDetails(
            to_school=data["to_school"],
            agreed_on=data["agreed_on"],
            agreed_by=data["agreed_by"],
            starts_on=data["starts_on"],
            trial=bool(data["trial"]),
        )


class MoveOutcomeForm(_Dated):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (
                ManagedMove.Outcome.COMPLETED.value,
                "Completed: the pupil is on the new school's roll",
            ),
            (ManagedMove.Outcome.DID_NOT_GO_AHEAD.value, "Did not go ahead"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the move was completed or did not go ahead",
            "invalid_choice": "Select whether the move was completed or did not go ahead",
        },
    )
    outcome_on = _date("Date of the outcome", "Enter the date of the outcome")

    def clean_outcome_on(self) -> dt.date | None:
        return self._not_future("outcome_on", "The date of the outcome")


class DirectionForm(_Dated):
    pupil = _choice("Pupil", "the pupil")
    setting_school = _choice("Another school", "a school", required=False)
    setting_provider = _choice("An alternative provider", "a provider", required=False)
    notice_given_on = _date(
        "Date written notice was given", "Enter the date written notice was given"
    )
    notice_method = forms.ChoiceField(
        label="How the written notice was given",
        choices=OffsiteDirection.NoticeMethod.choices,
        widget=forms.RadioSelect,
        help_text="A posted notice is deemed given on the 2nd working day after posting: the 2 "
        "school days of notice count from then",
        error_messages={
            "required": "Select how the written notice was given",
            "invalid_choice": "Select how the written notice was given",
        },
    )
    starts_on = _date("First day", "Enter the first day of the direction")
    days = forms.IntegerField(
        label="Number of school days",
        min_value=1,
        max_value=195,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of school days",
            "invalid": "The number of school days must be a whole number, like 30",
            "min_value": "The number of school days must be 1 or more",
            "max_value": "The number of school days must be 195 or fewer",
        },
    )
    times = forms.CharField(
        label="Times the pupil attends",
        max_length=200,
        help_text="For example, 9am to 3pm, Monday to Friday",
        error_messages={
            "required": "Enter the times the pupil attends",
            "max_length": "The times must be 200 characters or fewer",
        },
    )
    address = text_area("Address of the setting", required="Enter the address", limit=500)
    contact = forms.CharField(
        label="Contact at the setting",
        max_length=200,
        help_text="A name and a phone number or e-mail address",
        error_messages={
            "required": "Enter a contact at the setting",
            "max_length": "The contact must be 200 characters or fewer",
        },
    )
    objectives = text_area("Objectives", required="Enter the objectives of the direction")
    review_every_weeks = forms.IntegerField(
        label="Review every (school weeks)",
        min_value=1,
        max_value=39,
        help_text="The interval the governing board sets",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how often the direction is reviewed, in school weeks",
            "invalid": "The review interval must be a whole number of weeks, like 6",
            "min_value": "The review interval must be 1 week or more",
            "max_value": "The review interval must be 39 weeks or fewer",
        },
    )

    def __init__(self, *args: Any, calendar: SchoolCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calendar = calendar

    def clean_notice_given_on(self) -> dt.date | None:
        return self._not_future("notice_given_on", "The date written notice was given")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        school, provider = data.get("setting_school"), data.get("setting_provider")
        if "setting_school" in data and "setting_provider" in data:
            if school is None and provider is None:
                self.add_error("setting_school", "Select another school or a provider")
            elif school is not None and provider is not None:
                self.add_error(
                    "setting_school", "Select another school or an alternative provider, not both"
                )
        notice, starts = data.get("notice_given_on"), data.get("starts_on")
        method = data.get("notice_method")
        if notice is not None and starts is not None and method:
            posted = method == OffsiteDirection.NoticeMethod.POST
            try:
                check_notice(self.calendar, notice, starts, posted=posted)
            except MoveError as error:
                self.add_error("starts_on", str(error))
        return data

    def details(self) -> DirectionDetails:
        data = self.cleaned_data
        return DirectionDetails(
            setting_school=data["setting_school"],
            setting_provider=data["setting_provider"],
            notice_given_on=data["notice_given_on"],
            starts_on=data["starts_on"],
            days=data["days"],
            address=data["address"],
            contact=data["contact"],
            objectives=data["objectives"],
            times=data["times"],
            review_every_weeks=data["review_every_weeks"],
            notice_method=data["notice_method"],
        )


class ReviewForm(_Dated):
    held_on = _date("Date of the review", "Enter the date of the review")
    notes = text_area(
        "What the review found and decided", required="Enter what the review found and decided"
    )

    def __init__(self, *args: Any, direction: OffsiteDirection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.direction = direction

    def clean_held_on(self) -> dt.date | None:
        value = self._not_future("held_on", "The date of the review")
        if value is not None and value < self.direction.starts_on:
            raise forms.ValidationError(
                "The date of the review must be on or after the direction's first day"
            )
        return value

    def details(self) -> ReviewDetails:
        return ReviewDetails(held_on=self.cleaned_data["held_on"], notes=self.cleaned_data["notes"])


class ReviewRequestForm(_Dated):
    requested_by = forms.ChoiceField(
        label="Who asked for a review",
        choices=ReviewRequest.By.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who asked for a review",
            "invalid_choice": "Select who asked for a review",
        },
    )
    requested_on = _date("Date of the request", "Enter the date of the request")

    def __init__(self, *args: Any, direction: OffsiteDirection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.direction = direction
        if not direction.pupil.has_ehc_plan:
            cast(forms.ChoiceField, self.fields["requested_by"]).choices = [
                (ReviewRequest.By.PARENT.value, ReviewRequest.By.PARENT.label)
            ]

    def clean_requested_on(self) -> dt.date | None:
        return self._not_future("requested_on", "The date of the request")


OUTCOMES = [
    (OffsiteDirection.Outcome.RETURNED.value, "Returned to the school"),
    (OffsiteDirection.Outcome.MOVED.value, "Moved permanently to the setting (a managed move)"),
    (OffsiteDirection.Outcome.OTHER.value, "Other"),
]


class DirectionOutcomeForm(_Dated):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome of the direction",
            "invalid_choice": "Select the outcome of the direction",
        },
    )
    outcome_on = _date("Date of the outcome", "Enter the date of the outcome")
    note = text_area("Note (optional)", help_text="What was decided, and why", limit=2000)
    agreed_by = text_area(
        "Who agreed the move (if the pupil moved permanently)",
        help_text="The parties who agreed: the parent, both schools and anyone else",
        limit=1000,
        rows=3,
    )
    new_school_starts_on = GovukDateField(
        label="Start date at the new school (if the pupil moved permanently)",
        required=False,
        help_text=DATE_HINT,
    )

    def __init__(self, *args: Any, direction: OffsiteDirection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.direction = direction
        if direction.setting_school_id is None:
            field = cast(forms.ChoiceField, self.fields["outcome"])
            field.choices = [c for c in OUTCOMES if c[0] != OffsiteDirection.Outcome.MOVED]
            for name in ("agreed_by", "new_school_starts_on"):
                del self.fields[name]

    def clean_outcome_on(self) -> dt.date | None:
        value = self._not_future("outcome_on", "The date of the outcome")
        if value is not None and value < self.direction.starts_on:
            raise forms.ValidationError(
                "The date of the outcome must be on or after the direction's first day"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == OffsiteDirection.Outcome.MOVED and not data.get("agreed_by"):
            self.add_error("agreed_by", "Enter who agreed the move")
        return data

    def details(self) -> OutcomeDetails:
        data = self.cleaned_data
        return OutcomeDetails(
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            note=data["note"],
            agreed_by=data.get("agreed_by") or "",
            new_school_starts_on=data.get("new_school_starts_on"),
        )
