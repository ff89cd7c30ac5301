"""Choosing accepted referrals to add to a meeting's agenda, and moving a case."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from inclusion.core.forms import GovukForm
from inclusion.forums.forms.fields import ChoiceListField
from inclusion.forums.services.agenda import DOWN, UP
from inclusion.referrals.models import Referral


class ReferralChoiceField(ChoiceListField):
    def label_from_instance(self, obj: Referral) -> str:
        purpose = obj.get_purpose_display() or "Purpose not given"
        return f"{obj.reference}: {obj.pupil.display_name}, {obj.school.name} ({purpose})"


class ScheduleForm(GovukForm):
    referrals = ReferralChoiceField(
        label="Cases to add to the agenda",
        queryset=Referral.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Referrals accepted for a forum that are not on another forthcoming agenda. "
        "Select all that apply.",
        error_messages={
            "required": "Select at least one case to add to the agenda",
            "invalid_choice": "Select cases from the list",
            "invalid_pk_value": "Select cases from the list",
        },
    )

    def __init__(self, *args: Any, referrals: QuerySet[Referral], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["referrals"])  # type: ignore[type-arg]
        field.queryset = referrals

    def chosen(self) -> list[Referral]:
        return list(self.cleaned_data["referrals"])


class MoveForm(GovukForm):
    direction = forms.ChoiceField(
        label="Move",
        choices=[(UP, "Up"), (DOWN, "Down")],
        error_messages={
            "required": "Select whether to move the case up or down",
            "invalid_choice": "Select whether to move the case up or down",
        },
    )
