"""Pupil forms. Business rules live in services; these turn input into clean values."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.core.reference import need_type_choices, sen_provision_choices
from inclusion.organisations.models import LocalAuthority, School
from inclusion.pupils.models import ConsentToShare, Pupil, Sex
from inclusion.pupils.services import PupilDetails
from inclusion.pupils.validation import (
    check_secondary_date_of_birth,
    normalise_postcode,
    normalise_upn,
)

YEAR_CHOICES = [(str(year), f"Year {year}") for year in range(7, 14)]
YES_NO = [("yes", "Yes"), ("no", "No")]


class PupilForm(GovukForm):
    sections = (
        (
            "Personal details",
            (
                "upn",
                "legal_first_name",
                "legal_last_name",
                "preferred_first_name",
                "preferred_last_name",
                "date_of_birth",
                "sex",
                "nc_year",
                "school",
            ),
        ),
        ("Home address", ("address_line_1", "address_line_2", "town", "postcode")),
        ("Special educational needs", ("sen_provision", "primary_need", "secondary_need")),
        ("Care and consent", ("looked_after", "care_la", "consent_to_share")),
    )

    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        help_text="13 characters, starting with a letter. Temporary UPNs end with a letter.",
        max_length=20,
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
        error_messages={"required": "Enter the pupil's UPN"},
    )
    legal_first_name = forms.CharField(
        label="Legal first name",
        max_length=100,
        error_messages={"required": "Enter the pupil's legal first name"},
    )
    legal_last_name = forms.CharField(
        label="Legal last name",
        max_length=100,
        error_messages={"required": "Enter the pupil's legal last name"},
    )
    preferred_first_name = forms.CharField(
        label="Preferred first name (optional)", max_length=100, required=False
    )
    preferred_last_name = forms.CharField(
        label="Preferred last name (optional)", max_length=100, required=False
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2012",
        required_message="Enter the pupil's date of birth",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the pupil's sex"},
    )
    nc_year = forms.ChoiceField(
        label="Year group",
        choices=[("", "Choose a year group"), *YEAR_CHOICES],
        error_messages={"required": "Select the pupil's year group"},
    )
    school = forms.ModelChoiceField(
        label="School on roll",
        queryset=School.objects.none(),
        empty_label="Choose a school",
        error_messages={
            "required": "Select the school the pupil is on roll at",
            "invalid_choice": "Select a school from the list",
        },
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=120, required=False)
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", max_length=120, required=False
    )
    town = forms.CharField(label="Town or city", max_length=80, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={"required": "Enter the pupil's home postcode"},
    )
    sen_provision = forms.ChoiceField(
        label="Special educational needs provision",
        choices=sen_provision_choices(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the pupil's special educational needs provision"},
    )
    primary_need = forms.ChoiceField(
        label="Primary need (optional)",
        required=False,
        choices=[("", "None recorded"), *need_type_choices()],
        help_text="Only for pupils with an EHC plan or SEN support",
    )
    secondary_need = forms.ChoiceField(
        label="Secondary need (optional)",
        required=False,
        choices=[("", "None recorded"), *need_type_choices()],
    )
    looked_after = forms.ChoiceField(
        label="Is the pupil looked after by a local authority?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the pupil is looked after"},
    )
    care_la = forms.ModelChoiceField(
        label="Local authority that looks after the pupil",
        required=False,
        queryset=LocalAuthority.objects.filter(dfe_code__isnull=False),
        empty_label="Choose a local authority",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    consent_to_share = forms.ChoiceField(
        label="Has a parent or carer consented to sharing the pupil's information?",
        choices=ConsentToShare.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent to share has been given"},
    )

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_field = cast("forms.ModelChoiceField[School]", self.fields["school"])
        school_field.queryset = schools
        only = list(schools[:2])
        if len(only) == 1:
            # School staff file pupils under their own school: nothing to choose.
            school_field.widget = forms.HiddenInput()
            self.initial.setdefault("school", only[0].pk)

    @classmethod
    def initial_for(cls, pupil: Pupil) -> dict[str, Any]:
        needs = [need.need_type for need in pupil.needs.all()]
        return {
            "upn": pupil.upn,
            "legal_first_name": pupil.legal_first_name,
            "legal_last_name": pupil.legal_last_name,
            "preferred_first_name": pupil.preferred_first_name,
            "preferred_last_name": pupil.preferred_last_name,
            "date_of_birth": pupil.date_of_birth,
            "sex": pupil.sex,
            "nc_year": str(pupil.nc_year),
            "school": pupil.school_id,
            "address_line_1": pupil.address_line_1,
            "address_line_2": pupil.address_line_2,
            "town": pupil.town,
            "postcode": pupil.postcode,
            "sen_provision": pupil.sen_provision,
            "primary_need": needs[0] if needs else "",
            "secondary_need": needs[1] if len(needs) > 1 else "",
            "looked_after": "yes" if pupil.looked_after else "no",
            "care_la": pupil.care_la_id,
            "consent_to_share": pupil.consent_to_share,
        }

    def clean_upn(self) -> str:
        upn, self.upn_is_temporary = normalise_upn(self.cleaned_data["upn"])
        return upn

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean_date_of_birth(self) -> Any:
        value = self.cleaned_data["date_of_birth"]
        if value is not None:
            check_secondary_date_of_birth(value, today=timezone.localdate())
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("looked_after") == "yes" and not data.get("care_la"):
            self.add_error("care_la", "Select the local authority that looks after the pupil")
        if data.get("looked_after") == "no":
            data["care_la"] = None
        needs = [n for n in (data.get("primary_need"), data.get("secondary_need")) if n]
        if needs and data.get("sen_provision") == "N":
            self.add_error(
                "primary_need",
                "Remove the needs, or select EHC plan or SEN support as the provision",
            )
        if not data.get("primary_need") and data.get("secondary_need"):
            self.add_error("primary_need", "Select a primary need before a secondary need")
        if len(needs) == 2 and needs[0] == needs[1]:
            self.add_error(
                "secondary_need", "Select a secondary need different from the primary need"
            )
        return data

    def details(self) -> PupilDetails:
        data = self.cleaned_data
        return PupilDetails(
            upn=data["upn"],
            upn_is_temporary=self.upn_is_temporary,
            legal_first_name=data["legal_first_name"].strip(),
            legal_last_name=data["legal_last_name"].strip(),
            preferred_first_name=data["preferred_first_name"].strip(),
            preferred_last_name=data["preferred_last_name"].strip(),
            date_of_birth=data["date_of_birth"],
            sex=data["sex"],
            nc_year=int(data["nc_year"]),
            school=data["school"],
            address_line_1=data["address_line_1"].strip(),
            address_line_2=data["address_line_2"].strip(),
            town=data["town"].strip(),
            postcode=data["postcode"],
            sen_provision=data["sen_provision"],
            need_types=tuple(n for n in (data["primary_need"], data["secondary_need"]) if n),
            looked_after=data["looked_after"] == "yes",
            care_la=data["care_la"],
            consent_to_share=data["consent_to_share"],
        )

    def raise_upn_taken(self) -> None:
        self.add_error(
            "upn",
            ValidationError(
                "A pupil with this UPN is already recorded. Check the UPN, or ask your "
                "partnership co-ordinator to find the existing record",
                code="taken",
            ),
        )


class ContactForm(GovukForm):
    name = forms.CharField(label="Full name", max_length=150)
    relationship = forms.CharField(
        label="Relationship to the pupil",
        max_length=60,
        help_text="For example, mother, grandfather, foster carer",
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-20"}),
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    parental_responsibility = forms.ChoiceField(
        label="Do they have parental responsibility?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if they have parental responsibility"},
    )

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        digits = phone.replace(" ", "").replace("+44", "0")
        if phone and (not digits.isdigit() or not 10 <= len(digits) <= 11):
            raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone
