"""Forms for Fair Access cases: intake, in-year applications, the panel, the decision, the offer
and the partnership's e-mail templates. They clean input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from inclusion.core.forms import DATE_HINT, ChoiceOfModel, GovukDateField, GovukForm, text_area
from inclusion.fairaccess.categories import Category
from inclusion.fairaccess.emails import unknown_placeholders
from inclusion.fairaccess.models import ClosureReason, FairAccessCase, InYearAttempt
from inclusion.fairaccess.services import AttemptDetails, CaseDetails, ClosureDetails
from inclusion.organisations import postcodes
from inclusion.organisations.models import LocalAuthority, Partnership, School

YEAR_GROUPS = [("", "Choose a year group")] + [(str(y), f"Year {y}") for y in range(1, 14)]
YES_NO = [("yes", "Yes"), ("no", "No")]
OLDEST_YEARS = 20


def _not_future(value: dt.date | None, today: dt.date, what: str) -> None:
    if value is not None and value > today:
        raise forms.ValidationError(f"{what} must be today or in the past")


class CaseForm(GovukForm):
    partnership = ChoiceOfModel(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label="Choose a partnership",
        help_text="The partnership whose Fair Access panel will consider the case",
        error_messages={
            "required": "Select the partnership",
            "invalid_choice": "Select a partnership from the list",
        },
    )
    legal_first_name = forms.CharField(
        label="Child's legal first name",
        max_length=100,
        error_messages={"max_length": "The first name must be 100 characters or fewer"},
    )
    legal_last_name = forms.CharField(
        label="Child's legal last name",
        max_length=100,
        error_messages={"max_length": "The last name must be 100 characters or fewer"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required_message="Enter the child's date of birth",
        help_text="For example, 17 5 2012",
    )
    nc_year = forms.TypedChoiceField(
        label="Year group",
        choices=YEAR_GROUPS,
        coerce=int,
        help_text="The year group the child would join",
        error_messages={
            "required": "Select the year group",
            "invalid_choice": "Select a year group from the list",
        },
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        max_length=10,
        help_text="Used to show the distance from home to each school",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the child's home postcode",
            "max_length": "Enter a real postcode, like LE3 8RF",
        },
    )
    looked_after = forms.TypedChoiceField(
        label="Is the child looked after by a local authority?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if the child is looked after, or no if not",
            "invalid_choice": "Select yes if the child is looked after, or no if not",
        },
    )
    care_la = ChoiceOfModel(
        label="Looking-after local authority (if looked after)",
        required=False,
        queryset=LocalAuthority.objects.filter(dfe_code__isnull=False),
        empty_label="Choose a local authority",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    category = forms.ChoiceField(
        label="Fair Access category",
        choices=Category.choices,
        widget=forms.RadioSelect,
        help_text="One of the 13 categories of the School Admissions Code, paragraph 3.17",
        error_messages={
            "required": "Select the Fair Access category",
            "invalid_choice": "Select the Fair Access category",
        },
    )
    protocol_decided_on = GovukDateField(
        label="Date of the decision to use the protocol",
        required_message="Enter the date of the decision to use the protocol",
        help_text="The 20-school-day clock runs from this date. " + DATE_HINT,
    )

    def __init__(
        self,
        *args: Any,
        partnerships: Any,
        today: dt.date,
        choose_partnership: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.set_choices(partnership=partnerships)
        if not choose_partnership:
            del self.fields["partnership"]
        self.fields["category_evidence"] = text_area(
            "Evidence for the category",
            required="Enter the evidence for the category",
            help_text="What shows the child is in this category, and who confirmed it",
        )
        # The evidence follows the category on the page.
        order = list(self.fields)
        order.remove("category_evidence")
        order.insert(order.index("category") + 1, "category_evidence")
        self.order_fields(order)

    def clean_home_postcode(self) -> str:
        value = postcodes.normalise(self.cleaned_data["home_postcode"])
        if value is None:
            raise forms.ValidationError("Enter a real postcode, like LE3 8RF")
        return value

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        _not_future(value, self.today, "Date of birth")
        if value is not None and value.year < self.today.year - OLDEST_YEARS:
            raise forms.ValidationError(
                f"Date of birth must be within the last {OLDEST_YEARS} years"
            )
        return value

    def clean_protocol_decided_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("protocol_decided_on")
        _not_future(value, self.today, "The date of the decision")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("looked_after") and data.get("care_la") is None:
            self.add_error("care_la", "Select the looking-after local authority")
        if data.get("looked_after") is False:
            data["care_la"] = None
        return data

    def details(self) -> CaseDetails:
        d = self.cleaned_data
        return CaseDetails(
            legal_first_name=d["legal_first_name"],
            legal_last_name=d["legal_last_name"],
            date_of_birth=d["date_of_birth"],
            nc_year=d["nc_year"],
            home_postcode=d["home_postcode"],
            looked_after=d["looked_after"],
            care_la=d["care_la"],
            category=d["category"],
            category_evidence=d["category_evidence"],
            protocol_decided_on=d["protocol_decided_on"],
        )


class AttemptForm(GovukForm):
    school_name = forms.CharField(
        label="School applied to",
        max_length=160,
        error_messages={"max_length": "The school's name must be 160 characters or fewer"},
    )
    applied_on = GovukDateField(
        label="Date of the application",
        required_message="Enter the date of the application",
        help_text=DATE_HINT,
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=InYearAttempt.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select the outcome"},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["notes"] = text_area("Notes (optional)")

    def clean_applied_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("applied_on")
        _not_future(value, self.today, "The date of the application")
        return value

    def details(self) -> AttemptDetails:
        d = self.cleaned_data
        return AttemptDetails(
            school_name=d["school_name"],
            applied_on=d["applied_on"],
            outcome=d["outcome"],
            notes=d["notes"],
        )


class PanelForm(GovukForm):
    meets_on = GovukDateField(
        label="Date of the panel meeting",
        required_message="Enter the date of the panel meeting",
        help_text=DATE_HINT,
    )

    def __init__(self, *args: Any, case: FairAccessCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_meets_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("meets_on")
        if value is not None and value < self.case.protocol_decided_on:
            raise forms.ValidationError(
                "The date of the panel meeting must be on or after the decision to use the protocol"
            )
        return value


class DecisionForm(GovukForm):
    school = ChoiceOfModel(
        label="Allocated school",
        queryset=School.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the allocated school",
            "invalid_choice": "Select the allocated school",
        },
    )
    allocated_on = GovukDateField(
        label="Date of the decision",
        required_message="Enter the date of the decision",
        help_text=DATE_HINT,
    )

    def __init__(
        self, *args: Any, case: FairAccessCase, schools: Any, today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.today = today
        self.set_choices(school=schools)
        self.fields["notes"] = text_area("Notes on the decision (optional)")

    def clean_allocated_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("allocated_on")
        _not_future(value, self.today, "The date of the decision")
        if value is not None and value < self.case.protocol_decided_on:
            raise forms.ValidationError(
                "The date of the decision must be on or after the decision to use the protocol"
            )
        return value


class OfferForm(GovukForm):
    offered_on = GovukDateField(
        label="Offer date", required_message="Enter the offer date", help_text=DATE_HINT
    )
    starts_on = GovukDateField(
        label="Start date (optional)",
        required=False,
        help_text="The first day the child attends the school, once agreed. " + DATE_HINT,
    )

    def __init__(self, *args: Any, case: FairAccessCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        offered, starts = data.get("offered_on"), data.get("starts_on")
        allocated = self.case.allocated_on
        if offered is not None and allocated is not None and offered < allocated:
            self.add_error("offered_on", "The offer date must be on or after the decision")
        if offered is not None and starts is not None and starts < offered:
            self.add_error("starts_on", "The start date must be on or after the offer date")
        return data


class CloseForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is the case being closed?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the case is being closed",
            "invalid_choice": "Select why the case is being closed",
        },
    )
    other = forms.CharField(
        label="The other reason (if another reason)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The other reason must be 200 characters or fewer"},
    )
    closed_on = GovukDateField(
        label="Date the case was closed",
        required_message="Enter the date the case was closed",
        help_text=DATE_HINT,
    )

    def __init__(self, *args: Any, case: FairAccessCase, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.today = today
        self.fields["notes"] = text_area(
            "Note",
            required="Enter a note on why the case is being closed",
            help_text="What happened, and who confirmed it",
        )

    def clean_closed_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("closed_on")
        _not_future(value, self.today, "The date the case was closed")
        if value is not None and value < self.case.protocol_decided_on:
            raise forms.ValidationError(
                "The date the case was closed must be on or after the decision to use the protocol"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == ClosureReason.OTHER:
            if not (data.get("other") or "").strip():
                self.add_error("other", "Enter the other reason for closing the case")
        else:
            data["other"] = ""
        return data

    def details(self) -> ClosureDetails:
        d = self.cleaned_data
        return ClosureDetails(
            closed_on=d["closed_on"], reason=d["reason"], other=d["other"], notes=d["notes"]
        )


class TemplateForm(GovukForm):
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"max_length": "The subject must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = text_area(
            "Message", required="Enter the message", rows=12, help_text="Placeholders are below"
        )

    def _known(self, name: str) -> str:
        value: str = self.cleaned_data[name]
        if unknown := unknown_placeholders(value):
            raise forms.ValidationError(
                f"Remove {{{unknown[0]}}} or use one of the placeholders listed"
            )
        return value

    def clean_subject(self) -> str:
        return self._known("subject")

    def clean_body(self) -> str:
        return self._known("body")
