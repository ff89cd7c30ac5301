"""The form that acknowledges an attendance alert: the action taken is required."""

from __future__ import annotations

from django import forms

from inclusion.core.forms import GovukForm

ACTION_MAX = 2000


class AcknowledgeForm(GovukForm):
    action_taken = forms.CharField(
        label="Action taken",
        help_text="For example, called parent; pupil ill",
        max_length=ACTION_MAX,
        widget=forms.Textarea(attrs={"govuk_rows": 4}),
        error_messages={
            "required": "Enter the action taken",
            "max_length": f"Action taken must be {ACTION_MAX:,} characters or fewer",
        },
    )
