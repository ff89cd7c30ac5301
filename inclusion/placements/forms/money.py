"""Forms for the money pages: a partnership's average pupil cost for a school year, and the
filters that choose a school, a partnership and a term."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms

from inclusion.calendar.days import academic_year_label
from inclusion.core.forms import GovukForm
from inclusion.organisations.models import Partnership, School

MAX_AVERAGE_PUPIL_COST = Decimal(100_000)
OUT_OF_RANGE = "Average pupil cost must be between £0 and £100,000"


class MoneyField(forms.DecimalField):
    """An amount in pounds and pence; a pound sign, commas and spaces are allowed."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").replace(" ", "")
        return super().to_python(value)


@dataclass(frozen=True)
class CostDetails:
    partnership: Partnership
    academic_year: int
    amount: Decimal


class AveragePupilCostForm(GovukForm):
    partnership = forms.ChoiceField(
        label="Partnership",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the partnership",
            "invalid_choice": "Select a partnership from the list",
        },
    )
    academic_year = forms.TypedChoiceField(
        label="School year",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the school year",
            "invalid_choice": "Select a school year from the list",
        },
    )
    amount = MoneyField(
        label="Average pupil cost for the year",
        help_text="In pounds, for the whole school year. For example, 18000 or 18000.50",
        min_value=Decimal(0),
        max_value=MAX_AVERAGE_PUPIL_COST,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the average pupil cost",
            "invalid": "Average pupil cost must be an amount of money, like 18000 or 18000.50",
            "min_value": OUT_OF_RANGE,
            "max_value": OUT_OF_RANGE,
            "max_decimal_places": "Average pupil cost must be in pounds and pence, like 18000.50",
        },
    )

    def __init__(
        self,
        *args: Any,
        partnerships: Sequence[Partnership],
        years: Sequence[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnerships = {str(p.pk): p for p in partnerships}
        if len(partnerships) == 1:
            # A co-ordinator sets their own partnership's cost: nothing to choose.
            del self.fields["partnership"]
        else:
            choices = [(k, p.name) for k, p in self.partnerships.items()]
            cast(forms.ChoiceField, self.fields["partnership"]).choices = choices
        years_field = cast(forms.ChoiceField, self.fields["academic_year"])
        years_field.choices = [(y, academic_year_label(y)) for y in years]

    def details(self) -> CostDetails:
        data = self.cleaned_data
        key = data.get("partnership") or next(iter(self.partnerships))
        return CostDetails(self.partnerships[key], data["academic_year"], data["amount"])


class TermFilterForm(GovukForm):
    """The choices of a money page: a term, and a school or partnership when there are several.
    Only drawn on the page: the view reads the query string through the selectors, which
    answer 404 for a school, partnership or term outside the reader's scope."""

    def __init__(
        self,
        *,
        terms: Sequence[tuple[str, str]],
        schools: Sequence[School] = (),
        partnerships: Sequence[Partnership] = (),
        initial: dict[str, str],
    ) -> None:
        super().__init__(initial=initial)
        if len(schools) > 1:
            self.fields["school"] = forms.ChoiceField(
                label="School",
                required=False,
                choices=[("", "All schools"), *((str(s.pk), s.name) for s in schools)],
            )
        if len(partnerships) > 1:
            self.fields["partnership"] = forms.ChoiceField(
                label="Partnership",
                required=False,
                choices=[("", "All partnerships"), *((str(p.pk), p.name) for p in partnerships)],
            )
        self.fields["term"] = forms.ChoiceField(label="Term", choices=list(terms))
