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
