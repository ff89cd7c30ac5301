"""Forms for terms and closures (GOV.UK wording). The rules that need the rest of the calendar
(overlaps, closures inside a term) are checked by :mod:`inclusion.calendar.services`."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from inclusion.calendar.models import Closure, Term
from inclusion.calendar.services import CalendarRuleError, ClosureDetails, TermDetails
from inclusion.core.forms import GovukDateField, GovukForm

NAME_MAX = 60


def _name_field(*, label: str, hint: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=NAME_MAX,
        help_text=hint,
        error_messages={
            "required": required,
            "max_length": f"{label} must be {NAME_MAX} characters or fewer",
        },
    )


class CalendarForm(GovukForm):
    def show_rule_error(self, error: CalendarRuleError) -> None:
        """Show a refusal from the services beside the field it concerns."""
        self.add_error(error.field, error.message)


class TermForm(CalendarForm):
    name = _name_field(
        label="Name of the term",
        hint="For example, Autumn term",
        required="Enter the name of the term",
    )
    starts_on = GovukDateField(
        label="First day of term",
        required_message="Enter the first day of term",
        help_text="Include INSET days at the start of term. For example, 1 9 2026",
    )
    ends_on = GovukDateField(
        label="Last day of term",
        required_message="Enter the last day of term",
        help_text="For example, 18 12 2026",
    )

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "Last day of term must be after the first day of term")
        return data

    def details(self) -> TermDetails:
        data = self.cleaned_data
        return TermDetails(name=data["name"], starts_on=data["starts_on"], ends_on=data["ends_on"])

    @staticmethod
    def initial_for(term: Term) -> dict[str, object]:
        return {"name": term.name, "starts_on": term.starts_on, "ends_on": term.ends_on}


class ClosureForm(CalendarForm):
    kind = forms.ChoiceField(
        label="Type of closure",
        choices=Closure.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of closure",
            "invalid_choice": "Select the type of closure",
        },
    )
    name = _name_field(
        label="Name of the closure",
        hint="For example, October half term or Staff training day",
        required="Enter the name of the closure",
    )
    starts_on = GovukDateField(
        label="First day of the closure",
        required_message="Enter the first day of the closure",
        help_text="For example, 26 10 2026",
    )
    ends_on = GovukDateField(
        label="Last day of the closure",
        required_message="Enter the last day of the closure",
        help_text="For a closure of one day, such as an INSET day, enter the same date again",
    )

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        starts_on: dt.date | None = data.get("starts_on")
        ends_on: dt.date | None = data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", "Last day of the closure must be the same as or after the first day"
            )
        return data

    def details(self) -> ClosureDetails:
        data = self.cleaned_data
        return ClosureDetails(
            name=data["name"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )

    @staticmethod
    def initial_for(closure: Closure) -> dict[str, object]:
        return {
            "kind": closure.kind,
            "name": closure.name,
            "starts_on": closure.starts_on,
            "ends_on": closure.ends_on,
        }
