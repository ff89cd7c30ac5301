"""Marking an action done, with the date it was done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from inclusion.core.forms import GovukDateField, GovukForm


class ActionDoneForm(GovukForm):
    completed_on = GovukDateField(
        label="Date done",
        required_message="Enter the date the action was done",
        help_text="For example, 27 3 2026",
    )

    def __init__(self, *args: Any, decided_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decided_on = decided_on

    def clean_completed_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("completed_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("The date done must be today or in the past")
        if value is not None and value < self.decided_on:
            raise forms.ValidationError(
                "The date done must be on or after the date of the decision"
            )
        return value
