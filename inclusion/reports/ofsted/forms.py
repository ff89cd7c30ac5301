"""Choosing the school's named lead for pupils in alternative provision."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from inclusion.accounts.models import User
from inclusion.core.forms import ChoiceOfModel, GovukForm


class StaffChoice(ChoiceOfModel):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class ApLeadForm(GovukForm):
    lead = StaffChoice(
        label="Who is your school's named lead?",
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        help_text="The person who can say where every pupil in alternative provision is, at any "
        "time. Staff of your school who use this service.",
        error_messages={
            "required": "Select your school's named lead",
            "invalid_choice": "Select a member of your school's staff from the list",
        },
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(lead=staff)
