"""Forms of the placement pages: a placement's details, a timetable session, the confirmation
of a move (agree, start, end), the LA officer's compliance override, the Virtual School step,
agreeing a part-time timetable, and the list's filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from inclusion.core.forms import (
    DATE_HINT,
    ChoiceOfModel,
    GovukDateField,
    GovukForm,
    list_filter,
    text_area,
)
from inclusion.organisations.models import School
from inclusion.placements.models import Placement, PlacementSession
from inclusion.placements.presenters.pack import PACK_FIELD_CHOICES
from inclusion.placements.selectors.placements import PlacementFilters
from inclusion.placements.services.placements import DUAL_ROLL, PlacementDetails
from inclusion.providers.models import Provider, ProviderSite

NOTE_MAX = 2000
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


class SiteChoice(ChoiceOfModel):
    def label_from_instance(self, obj: Any) -> str:
        site = cast(ProviderSite, obj)
        return f"{site.provider.name}: {site.name}, {site.town}"


class PlacementForm(GovukForm):
    """The details of a placement; a school-commissioned one (``for_school``) also needs the
    school's commissioning agreement."""

    site = SiteChoice(
        label="Provider and site",
        queryset=ProviderSite.objects.none(),
        empty_label="Choose a provider and site",
        help_text="Active providers in the directory, by name",
        error_messages={
            "required": "Select the provider and site",
            "invalid_choice": "Select a provider and site from the list",
        },
    )
    category = forms.ChoiceField(
        label="Ofsted category",
        choices=Placement.Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the Ofsted category",
            "invalid_choice": "Select the Ofsted category",
        },
    )
    dual_registered = forms.BooleanField(
        label="The pupil is dual registered at the provider",
        required=False,
        help_text="Only where the provider is a school with its own register (a pupil referral "
        "unit, AP academy or registered independent school). Your school then enters D for the "
        "sessions there.",
    )
    purpose = text_area("Purpose of the placement", required="Enter the purpose of the placement")
    objectives = text_area(
        "Objectives",
        required="Enter the objectives of the placement",
        help_text="What the pupil should achieve by the end of the placement",
    )
    start_date = GovukDateField(
        label="Start date", required_message="Enter the start date", help_text=DATE_HINT
    )
    target_end_date = GovukDateField(
        label="Target end date", required_message="Enter the target end date", help_text=DATE_HINT
    )
    price = forms.DecimalField(
        label="Price in pounds (optional)",
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the price as a number, like 45 or 45.50",
            "min_value": "The price must be 0 or more",
            "max_digits": "The price must be less than £1,000,000",
            "max_whole_digits": "The price must be less than £1,000,000",
            "max_decimal_places": "The price must be in pounds and pence, like 45.50",
        },
    )
    price_unit = forms.ChoiceField(
        label="The price is (optional)",
        choices=Placement.PriceUnit.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select how the price is charged"},
    )
    transport = text_area(
        "Transport (optional)",
        help_text="How the pupil gets there and back, and who pays",
        rows=3,
    )
    suspension_procedure = text_area(
        "Agreed suspension procedure (optional)",
        help_text="What happens if the pupil is suspended while at the provider: who tells whom, "
        "who provides work, and how the pupil returns. Ofsted expects one for every placement.",
        rows=4,
    )
    pack_fields = forms.MultipleChoiceField(
        label="Information to share with the provider (optional)",
        choices=PACK_FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The provider sees only what you choose here, in the placement's "
        "information pack",
        error_messages={"invalid_choice": "Select information to share from the list"},
    )
    commissioning_agreement = text_area(
        "The school's commissioning agreement",
        required="Enter the school's commissioning agreement",
        help_text="What the school has agreed with the provider: what it buys, for how long, "
        "and how it will check the pupil is safe and learning",
        rows=6,
    )

    def __init__(
        self,
        *args: Any,
        sites: QuerySet[ProviderSite],
        for_school: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(SiteChoice, self.fields["site"]).queryset = sites
        if not for_school:
            del self.fields["commissioning_agreement"]

    @staticmethod
    def initial_for(placement: Placement) -> dict[str, Any]:
        return {
            "site": placement.site_id,
            "category": placement.category,
            "dual_registered": placement.dual_registered,
            "purpose": placement.purpose,
            "objectives": placement.objectives,
            "start_date": placement.start_date,
            "target_end_date": placement.target_end_date,
            "price": placement.price,
            "price_unit": placement.price_unit,
            "transport": placement.transport,
            "suspension_procedure": placement.suspension_procedure,
            "pack_fields": list(placement.pack_fields or []),
            "commissioning_agreement": placement.commissioning_agreement,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, target = data.get("start_date"), data.get("target_end_date")
        if start and target and target <= start:
            self.add_error("target_end_date", "The target end date must be after the start date")
        site = data.get("site")
        if data.get("dual_registered") and site and site.provider.registration not in DUAL_ROLL:
            self.add_error(
                "dual_registered",
                "A pupil can only be dual registered at a pupil referral unit, AP academy or "
                "registered independent school",
            )
        price, unit = data.get("price"), data.get("price_unit")
        if price is not None and not unit:
            self.add_error("price_unit", "Select how the price is charged")
        if unit and price is None and "price" not in self.errors:
            self.add_error("price", "Enter the price")
        return data

    def details(self) -> PlacementDetails:
        data = self.cleaned_data
        return PlacementDetails(
            site=data["site"],
            category=data["category"],
            dual_registered=data["dual_registered"],
            purpose=data["purpose"].strip(),
            objectives=data["objectives"].strip(),
            start_date=data["start_date"],
            target_end_date=data["target_end_date"],
            price=data["price"],
            price_unit=data["price_unit"] if data["price"] is not None else "",
            transport=data["transport"].strip(),
            suspension_procedure=data["suspension_procedure"].strip(),
            pack_fields=list(data["pack_fields"]),
            commissioning_agreement=data.get("commissioning_agreement", "").strip(),
        )


# A timetable session ---------------------------------------------------------------------------


def _time(label: str) -> forms.TimeField:
    noun = label[0].lower() + label[1:]
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        help_text="Use the 24-hour clock, like 09:30 or 13:00",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": f"Enter the {noun}",
            "invalid": f"Enter the {noun} as a time, like 09:30",
        },
    )


class SessionForm(GovukForm):
    weekday = forms.TypedChoiceField(
        label="Day",
        choices=PlacementSession.Weekday.choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
        error_messages={"required": "Select the day", "invalid_choice": "Select the day"},
    )
    starts_at = _time("Start time")
    ends_at = _time("End time")
    override_reason = text_area(
        "Reason to go ahead despite the registration test (optional)",
        help_text="Needed only if this session would make the provider meet the registration test",
        limit=NOTE_MAX,
        rows=3,
    )

    def __init__(self, *args: Any, may_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_override:
            del self.fields["override_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end time must be after the start time")
        return data


# Moves -------------------------------------------------------------------------------------


class TransitionForm(GovukForm):
    """Confirming a move. Ending an active placement asks why and when; recording that a
    proposed one is not going ahead asks why; agreeing may ask for a reason to go ahead despite
    the registration test (when the guard only warns)."""

    reason = forms.ChoiceField(
        label="Why did the placement end?",
        choices=Placement.EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the placement ended",
            "invalid_choice": "Select why the placement ended",
        },
    )
    end_date = GovukDateField(
        label="Date the placement ended",
        required_message="Enter the date the placement ended",
        help_text=DATE_HINT,
    )
    override_reason = text_area(
        "Reason to agree the placement despite the registration test",
        required="Enter the reason to agree the placement despite the registration test",
        limit=NOTE_MAX,
    )
    note = text_area("Note (optional)", limit=NOTE_MAX, help_text="Do not name the pupil")

    def __init__(
        self,
        *args: Any,
        ending: bool = False,
        not_going_ahead: bool = False,
        wants_override: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not ending:
            del self.fields["reason"], self.fields["end_date"]
        if not wants_override:
            del self.fields["override_reason"]
        if not_going_ahead:
            note = self.fields["note"]
            note.label = "Why is the placement not going ahead?"
            note.required = True
            note.error_messages["required"] = "Enter why the placement is not going ahead"
            note.error_messages["max_length"] = (
                f"Why the placement is not going ahead must be {NOTE_MAX:,} characters or fewer"
            )

    def clean_end_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("end_date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("The date the placement ended must be today or in the past")
        return value


class ComplianceOverrideForm(GovukForm):
    reason = text_area(
        "Why may the placement go ahead?",
        required="Enter why the placement may go ahead although the provider's compliance "
        "has lapsed",
        limit=NOTE_MAX,
        help_text="For example, what you have checked yourself and when the evidence will be "
        "renewed. Do not name the pupil.",
    )


class VirtualSchoolForm(GovukForm):
    note = text_area("Note (optional)", limit=NOTE_MAX, help_text="Do not name the pupil")

    def __init__(self, *args: Any, notifying: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if notifying:
            note = self.fields["note"]
            note.label = "Who did you tell, when and how?"
            note.required = True
            note.help_text = "For example: e-mailed the Virtual School head on 3 March 2026"
            note.error_messages["required"] = (
                "Enter who you told at the Virtual School, when and how"
            )
            note.error_messages["max_length"] = (
                f"Who you told must be {NOTE_MAX:,} characters or fewer"
            )


class PartTimeForm(GovukForm):
    review_on = GovukDateField(
        label="Date to review the part-time timetable",
        required_message="Enter the date to review the part-time timetable",
        help_text=DATE_HINT,
    )
    agreed = forms.BooleanField(
        label="The part-time timetable has been agreed with the pupil's parent or carer",
        error_messages={"required": "Confirm that the part-time timetable has been agreed"},
    )

    def clean_review_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("review_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError("The review date must be in the future")
        return value


# The list's filters ------------------------------------------------------------------------


class PlacementFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Placement.Status.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    category = forms.ChoiceField(
        label="Ofsted category",
        required=False,
        choices=[("", "Any category"), *Placement.Category.choices],
        error_messages={"invalid_choice": "Select an Ofsted category from the list"},
    )
    provider = list_filter("Provider", all_label="All providers")
    school = list_filter("School", all_label="All schools")

    def __init__(
        self,
        *args: Any,
        providers: QuerySet[Provider],
        schools: QuerySet[School],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(provider=providers, school=schools)

    def filters(self) -> PlacementFilters:
        if not self.is_valid():
            return PlacementFilters()
        data = self.cleaned_data
        return PlacementFilters(
            status=data["status"],
            category=data["category"],
            provider_id=data["provider"].pk if data["provider"] else None,
            school_id=data["school"].pk if data["school"] else None,
        )
