"""The provider's form for a progress note or an incident."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.placements.models import ProviderNote
from inclusion.placements.services.notes import NoteDetails

TEXT_MAX = 5000


class NoteForm(GovukForm):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=ProviderNote.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether this is a progress note or an incident",
            "invalid_choice": "Select whether this is a progress note or an incident",
        },
    )
    occurred_on = GovukDateField(
        label="Date",
        required_message="Enter the date",
        help_text="The day it happened, for example, 27 3 2026",
    )
    text = forms.CharField(
        label="What happened",
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        help_text="Write about this pupil only: do not name other pupils.",
        error_messages={
            "required": "Enter what happened",
            "max_length": "What happened must be 5,000 characters or fewer",
        },
    )
    action_taken = forms.CharField(
        label="Action taken (for an incident)",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"govuk_rows": 3}),
        help_text="Who you told and what you did. Leave blank for a progress note.",
        error_messages={"max_length": "The action taken must be 5,000 characters or fewer"},
    )

    def clean_occurred_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("occurred_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        incident = data.get("kind") == ProviderNote.Kind.INCIDENT
        if incident and not data.get("action_taken") and "action_taken" not in self.errors:
            self.add_error("action_taken", "Enter the action taken")
        return data

    def details(self) -> NoteDetails:
        data = self.cleaned_data
        incident = data["kind"] == ProviderNote.Kind.INCIDENT
        return NoteDetails(
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            text=data["text"],
            action_taken=data["action_taken"] if incident else "",
        )
