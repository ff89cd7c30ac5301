from __future__ import annotations

from typing import Any, cast

from django import forms

from inclusion.accounts.models import Membership
from inclusion.core.forms import GovukForm


class SignInForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
        strip=False,
    )


class ChooseRoleForm(GovukForm):
    membership = forms.ChoiceField(
        label="Which role are you acting in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role you are acting in"},
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {str(m.pk): m for m in memberships}
        cast(forms.ChoiceField, self.fields["membership"]).choices = [
            (key, str(membership)) for key, membership in self.memberships.items()
        ]

    def chosen(self) -> Membership:
        return self.memberships[self.cleaned_data["membership"]]


class AppCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows for Inclusion Partnerships.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the code as 6 numbers, like 123456")
        return code


class RecoveryCodeForm(GovukForm):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 8-character codes you saved when you set up two-factor sign-in.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter a recovery code"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if not (code.isascii() and code.isalnum() and len(code) == 8):
            raise forms.ValidationError("Enter the recovery code as 8 letters and numbers")
        return code
