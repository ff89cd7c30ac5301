"""One form per section of the Referral and Commissioning Form. A draft may be saved part way,
so answers may be left blank; what is given must be valid, and answers that only apply to
another choice (like the recharge for Tier 4 Programme Management) are dropped when that
choice is not made, as a GOV.UK conditional question would drop them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from inclusion.accounts.models import User
from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.core.reference import need_type_choices, sen_provision_choices
from inclusion.referrals.forms.fields import (
    checkboxes,
    email_input,
    initial_value,
    phone_input,
    radios,
    text_area,
    text_input,
    yes_no_radios,
)
from inclusion.referrals.models import AgencyKind, Consent, Plan, Purpose, Referral, SemhDetail
from inclusion.referrals.services.form import SECTION_FIELDS

NAMED_WITHOUT_CONSENT = {
    "purpose": "To name the pupil at an Inclusion Forum, record that a parent or carer has "
    "given consent first, or choose a discussion without naming the pupil",
    "consent": "The referral asks for an Inclusion Forum discussion naming the pupil, which "
    "needs a parent or carer's consent. Select Given, or first choose a discussion without "
    "naming the pupil",
}


class SectionForm(GovukForm):
    """A section's fields are named as the referral's, and save only those fields."""

    slug: ClassVar[str]

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        self.referral = referral
        super().__init__(*args, **kwargs)

    @classmethod
    def snapshot(cls, referral: Referral) -> dict[str, Any]:
        """The section's answers as saved (whoever is looking): its version, for the check
        that nobody else changed them while the page was open."""
        return {name: initial_value(getattr(referral, name)) for name in SECTION_FIELDS[cls.slug]}

    @classmethod
    def initial_for(cls, referral: Referral, user: User) -> dict[str, Any]:
        return cls.snapshot(referral)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SECTION_FIELDS[self.slug]}

    def refuse_named_without_consent(self, field: str) -> None:
        self.add_error(field, NAMED_WITHOUT_CONSENT[field])


class ReasonForm(SectionForm):
    slug = "reason"
    sections = (
        ("", ("purpose", "reason")),
        (
            "Commissioning (Tier 4 Programme Management only)",
            ("recharge_agreed", "commissioning_signatory"),
        ),
    )

    purpose = radios(
        "What is the referral for?", choices=Purpose.choices, noun="the purpose of the referral"
    )
    reason = text_area(
        "Why are you referring the pupil?",
        noun="The reason for the referral",
        hint="What has happened, what the school has noticed, and what you would like the "
        "partnership to help with. Do not name other pupils.",
        rows=8,
    )
    recharge_agreed = yes_no_radios(
        "Does the school agree to the average-pupil-cost recharge?",
        hint="For Tier 4 Programme Management the pupil stays on the school's roll and the "
        "school is recharged the average cost of a pupil while they are educated out of school.",
    )
    commissioning_signatory = text_input(
        "Name and role of the person agreeing for the school",
        noun="The name and role of the person agreeing",
        max_length=120,
        hint="For example, Sam Patel, headteacher",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") != Purpose.PROGRAMME_MANAGEMENT:
            data["recharge_agreed"], data["commissioning_signatory"] = None, ""
            return data
        if data.get("recharge_agreed") is None and "recharge_agreed" not in self.errors:
            self.add_error(
                "recharge_agreed",
                "Select yes if the school agrees to the average-pupil-cost recharge",
            )
        elif data.get("recharge_agreed") is False:
            self.add_error(
                "recharge_agreed",
                "Tier 4 Programme Management needs the school to agree to the "
                "average-pupil-cost recharge. Select yes, or choose a different purpose",
            )
        if not data.get("commissioning_signatory") and "commissioning_signatory" not in self.errors:
            self.add_error(
                "commissioning_signatory",
                "Enter the name and role of the person agreeing for the school",
            )
        return data


class NeedsForm(SectionForm):
    slug = "needs"
    sections = (
        (
            "The four broad areas of need",
            ("needs_communication", "needs_cognition", "needs_semh", "needs_sensory_physical"),
        ),
        ("Social, emotional and mental health", ("semh_details",)),
        ("Special educational needs", ("sen_provision", "need_types")),
    )

    needs_communication = text_area(
        "Communication and interaction", noun="Communication and interaction", rows=4
    )
    needs_cognition = text_area("Cognition and learning", noun="Cognition and learning", rows=4)
    needs_semh = text_area(
        "Social, emotional and mental health",
        noun="Social, emotional and mental health",
        rows=4,
    )
    needs_sensory_physical = text_area(
        "Sensory and/or physical needs", noun="Sensory and/or physical needs", rows=4
    )
    semh_details = checkboxes(
        "Which of these does the pupil show?",
        choices=SemhDetail.choices,
        noun="social, emotional and mental health difficulties",
        hint="SEND Code of Practice, paragraph 6.32. Select all that apply.",
    )
    sen_provision = forms.ChoiceField(
        label="Special educational needs provision",
        choices=sen_provision_choices(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the pupil's special educational needs provision",
            "invalid_choice": "Select the special educational needs provision from the list",
        },
    )
    need_types = checkboxes(
        "Types of special educational need",
        choices=need_type_choices(),
        noun="types of need",
        hint="Select all that apply",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("need_types") and data.get("sen_provision") == "N":
            self.add_error(
                "need_types",
                "Remove the types of need, or select EHC plan or SEN support as the provision",
            )
        return data


def _number_messages(noun: str, *, example: str, low: int, high: int) -> dict[str, str]:
    return {
        "invalid": f"{noun} must be a number, like {example}",
        "min_value": f"{noun} must be between {low} and {high}",
        "max_value": f"{noun} must be between {low} and {high}",
        "max_decimal_places": f"{noun} must have no more than 1 decimal place",
    }


def _number_input(width: str, mode: str = "decimal") -> forms.TextInput:
    return forms.TextInput(attrs={"class": f"govuk-input--width-{width}", "inputmode": mode})


class AttendanceForm(SectionForm):
    slug = "attendance"

    attendance_percent = forms.DecimalField(
        label="Attendance this school year, as a percentage",
        help_text="For example, 84.5",
        required=False,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(100),
        widget=_number_input("5"),
        error_messages=_number_messages("Attendance", example="84.5", low=0, high=100),
    )
    suspension_count = forms.IntegerField(
        label="Number of suspensions this school year",
        help_text="Enter 0 if there have been none",
        required=False,
        min_value=0,
        max_value=99,
        widget=_number_input("3", "numeric"),
        error_messages={
            **_number_messages("Number of suspensions", example="2", low=0, high=99),
            "invalid": "Number of suspensions must be a whole number, like 2",
        },
    )
    suspension_days = forms.DecimalField(
        label="Days suspended this school year",
        help_text="For example, 2.5",
        required=False,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(190),
        widget=_number_input("5"),
        error_messages=_number_messages("Days suspended", example="2.5", low=0, high=190),
    )
    behaviour_summary = text_area(
        "Summary of behaviour this school year",
        noun="The summary of behaviour",
        hint="Patterns, triggers, removals from class and what helps",
        rows=6,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days = data.get("suspension_days")
        if data.get("suspension_count") == 0 and days:
            self.add_error(
                "suspension_days", "Days suspended must be 0 when there have been no suspensions"
            )
        return data


class AgenciesForm(SectionForm):
    slug = "agencies"
    sections = (
        ("Agencies involved", ("agencies", "agencies_other")),
        ("Safeguarding", ("has_social_worker", "plan")),
    )

    agencies = checkboxes(
        "Which agencies are involved with the pupil or their family?",
        choices=AgencyKind.choices,
        noun="agencies",
        hint="Select all that apply. Leave blank if none are involved.",
    )
    agencies_other = text_input(
        "Other agencies involved",
        noun="Other agencies",
        max_length=200,
        hint="Only if you selected Other",
    )
    has_social_worker = yes_no_radios("Does the pupil have a social worker?")
    plan = radios(
        "Is the pupil on a child in need plan or a child protection plan?",
        choices=Plan.choices,
        noun="the plan",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if AgencyKind.OTHER not in data.get("agencies", []):
            data["agencies_other"] = ""
        elif not data.get("agencies_other") and "agencies_other" not in self.errors:
            self.add_error("agencies_other", "Enter the other agencies involved")
        return data


class ConsentForm(SectionForm):
    slug = "consent"
    sections = (
        ("Consent", ("consent", "consent_given_by", "consent_on")),
        ("Views", ("parent_views",)),
    )

    consent = radios(
        "Has a parent or carer given consent to the referral?",
        choices=Consent.choices,
        noun="whether consent was given",
        hint="A discussion that names the pupil at an Inclusion Forum needs consent.",
    )
    consent_given_by = text_input(
        "Who gave consent?",
        noun="Who gave consent",
        max_length=120,
        hint="Their name and relationship to the pupil, for example, Jo Smith, mother",
    )
    consent_on = GovukDateField(
        label="Date consent was given", required=False, help_text="For example, 27 3 2026"
    )
    parent_views = text_area(
        "What are the parent's or carer's views?", noun="The parent's or carer's views", rows=6
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") != Consent.GIVEN:
            data["consent_given_by"], data["consent_on"] = "", None
            return data
        if not data.get("consent_given_by") and "consent_given_by" not in self.errors:
            self.add_error("consent_given_by", "Enter who gave consent")
        given_on: dt.date | None = data.get("consent_on")
        if given_on is not None and given_on > timezone.localdate():
            self.add_error("consent_on", "Date consent was given must be today or in the past")
        return data


class VoiceForm(SectionForm):
    slug = "voice"

    pupil_voice = text_area(
        "What does the pupil say?",
        noun="What the pupil says",
        hint="In their own words if you can: how school feels, what is hard and what would help",
        rows=6,
    )
    known_risks = text_area(
        "Known risks",
        noun="Known risks",
        hint="To the pupil, to others or to staff, including when travelling or off site. "
        "Write 'None known' if there are none.",
        rows=6,
    )


class ContactsForm(SectionForm):
    slug = "contacts"
    sections = (
        ("About you", ("referrer_name", "referrer_role", "referrer_email", "referrer_phone")),
        (
            "The school's designated safeguarding lead (DSL)",
            ("dsl_name", "dsl_email", "dsl_phone"),
        ),
    )

    referrer_name = text_input(
        "Your name", noun="Your name", max_length=120, width="20", autocomplete="name"
    )
    referrer_role = text_input(
        "Your role", noun="Your role", max_length=120, hint="For example, SENCo, inclusion lead"
    )
    referrer_email = email_input(
        "Your email address", noun="Your email address", autocomplete="email"
    )
    referrer_phone = phone_input("Your phone number")
    dsl_name = text_input("DSL's name", noun="The DSL's name", max_length=120, width="20")
    dsl_email = email_input("DSL's email address", noun="The DSL's email address")
    dsl_phone = phone_input("DSL's phone number")

    @classmethod
    def initial_for(cls, referral: Referral, user: User) -> dict[str, Any]:
        """The referrer is the signed-in user unless someone else has been named."""
        initial = super().initial_for(referral, user)
        if not referral.referrer_name and not referral.referrer_email:
            initial["referrer_name"], initial["referrer_email"] = user.full_name, user.email
        return initial


SECTION_FORMS: dict[str, type[SectionForm]] = {
    form.slug: form
    for form in (
        ReasonForm,
        NeedsForm,
        AttendanceForm,
        AgenciesForm,
        ConsentForm,
        VoiceForm,
        ContactsForm,
    )
}
