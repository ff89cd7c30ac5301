"""Field builders with GOV.UK wording, shared by the referral form's section pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

TEXT_LIMIT = 5000
YES_NO = [("yes", "Yes"), ("no", "No")]
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
PHONE_FORMAT = "Enter a phone number, like 01632 960 001 or 07700 900 982"


def text_area(
    label: str, *, noun: str, hint: str = "", rows: int = 5, required_message: str = ""
) -> forms.CharField:
    """A textarea; ``noun`` names the answer in error messages ("Reason must be …")."""
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required_message),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"govuk_rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": f"{noun} must be {TEXT_LIMIT:,} characters or less",
        },
    )


def text_input(
    label: str,
    *,
    noun: str,
    max_length: int,
    hint: str = "",
    width: str = "",
    required_message: str = "",
    autocomplete: str = "",
) -> forms.CharField:
    attrs = {"class": f"govuk-input--width-{width}"} if width else {}
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required_message),
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            "required": required_message,
            "max_length": f"{noun} must be {max_length} characters or less",
        },
    )


def email_input(label: str, *, noun: str, autocomplete: str = "") -> forms.EmailField:
    attrs = {"spellcheck": "false", "autocomplete": autocomplete or "off"}
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            "invalid": EMAIL_FORMAT,
            "max_length": f"{noun} must be 254 characters or less",
        },
    )


def check_phone(value: str) -> None:
    digits = value.replace(" ", "").replace("+44", "0")
    if value and (not digits.isdigit() or not 10 <= len(digits) <= 11):
        raise ValidationError(PHONE_FORMAT)


def phone_input(label: str, *, autocomplete: str = "") -> forms.CharField:
    field = text_input(
        label, noun="Phone number", max_length=20, width="20", autocomplete=autocomplete or "off"
    )
    field.validators.append(check_phone)
    return field


def radios(label: str, *, choices: Any, noun: str, hint: str = "") -> forms.ChoiceField:
    """Radios that may be left unanswered in a draft."""
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": f"Select {noun} from the list"},  # noqa: S608
    )


def checkboxes(label: str, *, choices: Any, noun: str, hint: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": f"Select {noun} from the list"},  # noqa: S608
    )


def yes_no(value: str) -> bool:
    return value == "yes"


def yes_no_radios(label: str, *, hint: str = "") -> forms.TypedChoiceField:
    """Yes or no, or not answered yet (``None``)."""
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select yes or no"},
    )


def initial_value(value: Any) -> Any:
    """A model value as a form's initial data (yes/no radios hold "yes" and "no")."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
