"""Forms for the directory search, provider records, sites, contacts and registration changes."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.organisations.models import LocalAuthority
from inclusion.organisations.postcodes import PostcodeFacts, lookup, normalise
from inclusion.providers.models import (
    DAY_FIELDS,
    OfferArea,
    Provider,
    ProviderContact,
    ProviderSite,
)
from inclusion.providers.selectors.directory import DirectoryFilters, Sort, offer_choices
from inclusion.providers.services.directory import (
    ContactDetails,
    ProviderDescription,
    ProviderRegistration,
    RegistrationRequest,
    SiteDetails,
)
from inclusion.providers.status import QaStatus

DAY_CHOICES = [(field, field.removeprefix("open_").capitalize()) for field in DAY_FIELDS]
KEY_STAGE_CHOICES = [("ks3", "Key stage 3"), ("ks4", "Key stage 4"), ("post16", "Post-16")]
DISTANCE_CHOICES = [("", "Any distance"), ("5", "5 miles"), ("10", "10 miles"), ("20", "20 miles")]
SORT_CHOICES = [
    (Sort.NAME, "Name (A to Z)"),
    (Sort.DISTANCE, "Distance from the postcode"),
    (Sort.PRICE, "Price for a week (lowest first)"),
    (Sort.QA, "Most recent QA visit"),
]
NEEDS_URN = {Provider.Registration.INDEPENDENT_SCHOOL, Provider.Registration.PRU_OR_AP_ACADEMY}
POSTCODE_FORMAT = "Enter a postcode in the correct format, like LE1 6ZG"
POSTCODE_UNKNOWN = "Enter a postcode that exists: we could not find that one"

urn_field_validator = RegexValidator(r"^\d{6}$", "Enter a URN of 6 digits, like 120345")
ukprn_field_validator = RegexValidator(r"^1\d{7}$", "Enter a UKPRN of 8 digits starting with 1")
phone_validator = RegexValidator(
    r"^[0-9 +()]{10,20}$", "Enter a phone number, like 0116 496 0000 or +44 116 496 0000"
)


def clean_postcode(value: str) -> PostcodeFacts:
    if normalise(value) is None:
        raise forms.ValidationError(POSTCODE_FORMAT)
    facts = lookup(value)
    if facts is None:
        raise forms.ValidationError(POSTCODE_UNKNOWN)
    return facts


def pounds_field(label: str, invalid: str) -> forms.DecimalField:
    """An optional amount in pounds and pence, typed into a short text box."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={"invalid": invalid},
    )


class DirectoryFilterForm(GovukForm):
    q = forms.CharField(label="Provider name", required=False, max_length=100)
    offer = forms.MultipleChoiceField(
        label="Offer", required=False, widget=forms.CheckboxSelectMultiple
    )
    key_stage = forms.MultipleChoiceField(
        label="Key stage",
        required=False,
        choices=KEY_STAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    registration = forms.MultipleChoiceField(
        label="Registration status",
        required=False,
        choices=Provider.Registration.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    qa_status = forms.MultipleChoiceField(
        label="QA status",
        required=False,
        choices=[(status.value, status.label) for status in QaStatus],
        widget=forms.CheckboxSelectMultiple,
    )
    postcode = forms.CharField(
        label="Distance from postcode",
        help_text="For example, LE1 6ZG",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    within = forms.ChoiceField(label="Within", required=False, choices=DISTANCE_CHOICES)
    day = forms.MultipleChoiceField(
        label="Open on",
        required=False,
        choices=DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    min_price = pounds_field(
        "Lowest price for a week, in pounds", "Enter the lowest price as a number, like 500"
    )
    max_price = pounds_field(
        "Highest price for a week, in pounds", "Enter the highest price as a number, like 900"
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = offer_choices()  # type: ignore[attr-defined]

    def clean_postcode(self) -> PostcodeFacts | None:
        value = self.cleaned_data["postcode"].strip()
        return clean_postcode(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_price", "The highest price must be the same as or more than the lowest"
            )
        if (
            data.get("sort") == Sort.DISTANCE
            and not data.get("postcode")
            and "postcode" not in self.errors
        ):
            self.add_error("postcode", "Enter a postcode to sort by distance")
        if data.get("within") and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter a postcode to search within a distance")
        return data

    def filters(self) -> DirectoryFilters:
        if not self.is_valid():
            return DirectoryFilters()
        data = self.cleaned_data
        place: PostcodeFacts | None = data["postcode"]
        return DirectoryFilters(
            query=data["q"],
            offers=tuple(data["offer"]),
            key_stages=tuple(data["key_stage"]),
            registrations=tuple(data["registration"]),
            qa_statuses=tuple(QaStatus(value) for value in data["qa_status"]),
            days=tuple(data["day"]),
            near=(place.easting, place.northing) if place else None,
            within_miles=int(data["within"]) if data["within"] else None,
            min_weekly_price=data["min_price"],
            max_weekly_price=data["max_price"],
            sort=data["sort"] or (Sort.DISTANCE if place else Sort.NAME),
        )


class _TimeField(forms.TimeField):
    def __init__(self, *, label: str) -> None:
        super().__init__(
            label=label,
            required=False,
            input_formats=["%H:%M", "%H.%M"],
            help_text="Use the 24-hour clock, like 09:30",
            widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
            error_messages={"invalid": f"Enter {label.lower()} as a time, like 09:30"},
        )


class ProviderForm(GovukForm):
    """A provider's record. Provider staff get only the descriptive part
    (``with_registration=False``); changes to registration go through a request."""

    sections = (
        (
            "Organisation",
            ("name", "legal_name", "company_number", "charity_number", "website", "phone", "email"),
        ),
        (
            "Registration and inspection",
            (
                "registration",
                "urn",
                "ukprn",
                "local_authority",
                "inspectorate",
                "last_inspection_date",
                "last_inspection_outcome",
                "is_active",
            ),
        ),
        ("Offer", ("description", "offers", "key_stages", "min_age", "max_age")),
        (
            "Opening, places and price",
            ("days", "opens_at", "closes_at", "capacity", "price", "price_unit", "transport"),
        ),
    )

    name = forms.CharField(label="Name", max_length=160)
    legal_name = forms.CharField(
        label="Organisation's legal name (optional)", max_length=160, required=False
    )
    company_number = forms.CharField(
        label="Company number (optional)",
        max_length=8,
        required=False,
        validators=[RegexValidator(r"^[A-Z0-9]{8}$", "Enter a company number of 8 characters")],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    charity_number = forms.CharField(
        label="Charity number (optional)",
        max_length=8,
        required=False,
        validators=[RegexValidator(r"^\d{6,8}$", "Enter a charity number of 6 to 8 digits")],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address, like https://example.org"},
    )
    phone = forms.CharField(
        label="Organisation's phone number (optional)",
        max_length=20,
        required=False,
        validators=[phone_validator],
    )
    email = forms.EmailField(
        label="Organisation's e-mail address (optional)",
        required=False,
        help_text="A shared address such as info@, not a person's own address. It is published.",
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like info@example.org"
        },
    )
    description = forms.CharField(
        label="What the provider offers", required=False, widget=forms.Textarea
    )
    offers = forms.ModelMultipleChoiceField(
        label="Offer",
        queryset=OfferArea.objects.select_related("parent"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    key_stages = forms.MultipleChoiceField(
        label="Key stages",
        choices=KEY_STAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(
        label="Youngest age (optional)", required=False, min_value=4, max_value=25
    )
    max_age = forms.IntegerField(
        label="Oldest age (optional)", required=False, min_value=4, max_value=25
    )
    days = forms.MultipleChoiceField(
        label="Days open",
        choices=DAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = _TimeField(label="Opening time")
    closes_at = _TimeField(label="Closing time")
    capacity = forms.IntegerField(
        label="Places (optional)", required=False, min_value=1, max_value=2000
    )
    price = pounds_field(
        "Price in pounds (optional)", "Enter the price as a number, like 95 or 95.50"
    )
    price_unit = forms.ChoiceField(
        label="The price is",
        choices=[("", "No price given"), *Provider.PriceUnit.choices],
        required=False,
    )
    transport = forms.CharField(label="Transport (optional)", required=False, widget=forms.Textarea)
    registration = forms.ChoiceField(
        label="Registration status",
        choices=Provider.Registration.choices,
        widget=forms.RadioSelect,
    )
    urn = forms.CharField(
        label="URN",
        help_text="Needed for a registered independent school, pupil referral unit or AP academy",
        required=False,
        max_length=6,
        validators=[urn_field_validator],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    ukprn = forms.CharField(
        label="UKPRN",
        help_text="Needed for a further education college",
        required=False,
        max_length=8,
        validators=[ukprn_field_validator],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    local_authority = forms.ModelChoiceField(
        label="Local authority the provider is in",
        queryset=LocalAuthority.objects.exclude(kind=LocalAuthority.Kind.DISTRICT),
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    inspectorate = forms.ChoiceField(
        label="Last inspected by (optional)",
        choices=[("", "Not inspected"), *Provider.Inspectorate.choices],
        required=False,
    )
    last_inspection_date = GovukDateField(label="Date of the last inspection", required=False)
    last_inspection_outcome = forms.CharField(
        label="Outcome of the last inspection (optional)", max_length=80, required=False
    )
    is_active = forms.BooleanField(label="Listed in the directory", required=False, initial=True)

    REGISTRATION_FIELDS = (
        "registration",
        "urn",
        "ukprn",
        "local_authority",
        "inspectorate",
        "last_inspection_date",
        "last_inspection_outcome",
        "is_active",
    )

    def __init__(self, *args: Any, with_registration: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_registration = with_registration
        if not with_registration:
            for name in self.REGISTRATION_FIELDS:
                del self.fields[name]

    @classmethod
    def initial_for(cls, provider: Provider) -> dict[str, Any]:
        initial = {
            name: getattr(provider, name) for name in cls.base_fields if hasattr(provider, name)
        }
        initial["offers"] = list(provider.offers.all())
        initial["key_stages"] = [
            key for key, field in _KEY_STAGE_FIELDS.items() if getattr(provider, field)
        ]
        initial["days"] = [day for day in DAY_FIELDS if getattr(provider, day)]
        initial["local_authority"] = provider.local_authority_id
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_age", "The oldest age must be the same as or more than the youngest"
            )
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time")
        if data.get("price") is not None and not data.get("price_unit"):
            self.add_error("price_unit", "Select whether the price is per session, day or week")
        if self.with_registration:
            _check_registration_numbers(self, data)
        return data

    def description_details(self) -> ProviderDescription:
        data = self.cleaned_data
        stages = set(data["key_stages"])
        days = set(data["days"])
        return ProviderDescription(
            name=data["name"].strip(),
            legal_name=data["legal_name"].strip(),
            company_number=data["company_number"],
            charity_number=data["charity_number"],
            website=data["website"],
            phone=data["phone"].strip(),
            email=data["email"].lower(),
            description=data["description"].strip(),
            key_stage_3="ks3" in stages,
            key_stage_4="ks4" in stages,
            post_16="post16" in stages,
            min_age=data["min_age"],
            max_age=data["max_age"],
            open_monday="open_monday" in days,
            open_tuesday="open_tuesday" in days,
            open_wednesday="open_wednesday" in days,
            open_thursday="open_thursday" in days,
            open_friday="open_friday" in days,
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            capacity=data["capacity"],
            price=data["price"],
            price_unit=data["price_unit"] if data["price"] is not None else "",
            transport=data["transport"].strip(),
        )

    def registration_details(self) -> ProviderRegistration:
        data = self.cleaned_data
        kind = data["registration"]
        return ProviderRegistration(
            registration=kind,
            urn=data["urn"] if kind in NEEDS_URN else "",
            ukprn=data["ukprn"] if kind == Provider.Registration.FURTHER_EDUCATION else "",
            local_authority=data["local_authority"],
            inspectorate=data["inspectorate"],
            last_inspection_date=data["last_inspection_date"],
            last_inspection_outcome=data["last_inspection_outcome"].strip(),
            is_active=data["is_active"],
        )

    def chosen_offers(self) -> list[OfferArea]:
        return list(self.cleaned_data["offers"])


_KEY_STAGE_FIELDS = {"ks3": "key_stage_3", "ks4": "key_stage_4", "post16": "post_16"}


def _check_registration_numbers(form: forms.Form, data: dict[str, Any]) -> None:
    kind = data.get("registration")
    if kind in NEEDS_URN and not data.get("urn") and "urn" not in form.errors:
        form.add_error("urn", "Enter the URN of the registered school")
    if (
        kind == Provider.Registration.FURTHER_EDUCATION
        and not data.get("ukprn")
        and "ukprn" not in form.errors
    ):
        form.add_error("ukprn", "Enter the UKPRN of the college")


class SiteForm(GovukForm):
    name = forms.CharField(
        label="Site name",
        max_length=120,
        help_text="For example, Main site or Farm site",
        error_messages={"required": "Enter the site name"},
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=120)
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", max_length=120, required=False
    )
    town = forms.CharField(
        label="Town or city", max_length=80, error_messages={"required": "Enter the town or city"}
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=20,
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )

    @classmethod
    def initial_for(cls, site: ProviderSite) -> dict[str, Any]:
        return {name: getattr(site, name) for name in cls.base_fields}

    def clean_postcode(self) -> PostcodeFacts:
        return clean_postcode(self.cleaned_data["postcode"])

    def details(self) -> SiteDetails:
        data = self.cleaned_data
        return SiteDetails(
            name=data["name"].strip(),
            address_line_1=data["address_line_1"].strip(),
            address_line_2=data["address_line_2"].strip(),
            town=data["town"].strip(),
            location=data["postcode"],
        )


class ContactForm(GovukForm):
    kind = forms.ChoiceField(
        label="Role",
        choices=ProviderContact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the contact's role"},
    )
    name = forms.CharField(
        label="Full name",
        max_length=120,
        error_messages={"required": "Enter the contact's full name"},
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)
    phone = forms.CharField(
        label="Phone number (optional)", max_length=20, required=False, validators=[phone_validator]
    )
    email = forms.EmailField(
        label="E-mail address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.org"
        },
    )

    @classmethod
    def initial_for(cls, contact: ProviderContact) -> dict[str, Any]:
        return {name: getattr(contact, name) for name in cls.base_fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.errors:
            self.add_error("phone", "Enter a phone number or an e-mail address")
        return data

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            kind=data["kind"],
            name=data["name"].strip(),
            job_title=data["job_title"].strip(),
            phone=re.sub(r"\s+", " ", data["phone"].strip()),
            email=data["email"].lower(),
        )


class RegistrationChangeForm(GovukForm):
    registration = forms.ChoiceField(
        label="Registration status",
        choices=Provider.Registration.choices,
        widget=forms.RadioSelect,
    )
    urn = ProviderForm.base_fields["urn"]
    ukprn = ProviderForm.base_fields["ukprn"]
    reason = forms.CharField(
        label="What has changed",
        help_text="For example, the date you were registered and where the evidence is",
        widget=forms.Textarea,
        max_length=2000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_registration_numbers(self, data)
        return data

    def request(self) -> RegistrationRequest:
        data = self.cleaned_data
        kind = data["registration"]
        return RegistrationRequest(
            registration=kind,
            urn=data["urn"] if kind in NEEDS_URN else "",
            ukprn=data["ukprn"] if kind == Provider.Registration.FURTHER_EDUCATION else "",
            reason=data["reason"].strip(),
        )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Do you confirm this change?",
        choices=[("confirm", "Yes, confirm the change"), ("reject", "No, do not accept it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you confirm the change"},
    )
