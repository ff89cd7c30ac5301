"""Recording the forum's decision on a case: outcome, rationale, new tier, services signposted
to, and up to three actions with an owner and a due date."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils import timezone

from inclusion.accounts.models import Membership
from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.forums.forms.fields import ChoiceListField
from inclusion.forums.models import Outcome
from inclusion.forums.services.decisions import (
    MAX_ACTIONS,
    ActionDetails,
    DecisionDetails,
    Owner,
)
from inclusion.guidance.models import SupportService
from inclusion.organisations.models import Agency
from inclusion.referrals.models import Referral

TIERS = (1, 2, 3, 4)


def owner_choices(
    referral: Referral, people: Sequence[Membership], agencies: Sequence[Agency]
) -> list[tuple[str, str]]:
    """The select's options: people first, then organisations, as ``kind:uuid`` values."""
    choices: list[tuple[str, str]] = [("", "Choose who owns it")]
    seen: set[uuid.UUID] = set()
    for membership in people:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        user = membership.user
        name = user.full_name or user.email
        role = membership.get_role_display()
        choices.append((f"user:{user.pk}", f"Person: {name} ({role}, {membership.organisation})"))
    choices.append((f"school:{referral.school_id}", f"Organisation: {referral.school.name}"))
    choices.append(
        (f"partnership:{referral.partnership_id}", f"Organisation: {referral.partnership.name}")
    )
    choices += [(f"agency:{agency.pk}", f"Organisation: {agency.name}") for agency in agencies]
    return choices


def parse_owner(value: str) -> Owner | None:
    kind, _, pk = value.partition(":")
    try:
        return Owner(kind, uuid.UUID(pk))
    except ValueError:
        return None


class ServiceChoiceField(ChoiceListField):
    def label_from_instance(self, obj: SupportService) -> str:
        return f"{obj.name} ({obj.get_category_display()})"


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome",
            "invalid_choice": "Select the outcome",
        },
    )
    rationale = forms.CharField(
        label="Rationale",
        max_length=5000,
        widget=forms.Textarea,
        help_text="Why the forum decided this. Name the pupil only if the case is named.",
        error_messages={
            "required": "Enter the rationale for the decision",
            "max_length": "The rationale must be 5,000 characters or fewer",
        },
    )
    new_tier = forms.TypedChoiceField(
        label="New tier (for a change of tier)",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the new tier"},
    )
    services = ServiceChoiceField(
        label="Services to signpost to (for signposting)",
        required=False,
        queryset=SupportService.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select services from the list",
            "invalid_pk_value": "Select services from the list",
        },
    )

    def __init__(
        self,
        *args: Any,
        services: QuerySet[SupportService],
        owners: list[tuple[str, str]],
        tier_names: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        tier_field = cast(forms.TypedChoiceField, self.fields["new_tier"])
        tier_field.choices = [
            (tier, f"Tier {tier}" + (f": {tier_names[tier]}" if tier in tier_names else ""))
            for tier in TIERS
        ]
        service_field = cast(forms.ModelMultipleChoiceField, self.fields["services"])  # type: ignore[type-arg]
        service_field.queryset = services
        for n in range(1, MAX_ACTIONS + 1):
            self._add_action_fields(n, owners)

    def _add_action_fields(self, n: int, owners: list[tuple[str, str]]) -> None:
        self.fields[f"action_{n}_description"] = forms.CharField(
            label=f"What action {n} is",
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"govuk_rows": 2}),
            error_messages={"max_length": f"Action {n} must be 1,000 characters or fewer"},
        )
        self.fields[f"action_{n}_owner"] = forms.ChoiceField(
            label=f"Who owns action {n}",
            required=False,
            choices=owners,
            error_messages={"invalid_choice": f"Select who owns action {n} from the list"},  # noqa: S608
        )
        self.fields[f"action_{n}_due_on"] = GovukDateField(
            label=f"Action {n} due date", required=False, help_text="For example, 27 3 2026"
        )

    def action_rows(self) -> list[tuple[int, BoundField, BoundField, BoundField]]:
        return [
            (
                n,
                self[f"action_{n}_description"],
                self[f"action_{n}_owner"],
                self[f"action_{n}_due_on"],
            )
            for n in range(1, MAX_ACTIONS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        tier_missing = outcome == Outcome.TIER_CHANGE and data.get("new_tier") is None
        if tier_missing and "new_tier" not in self.errors:
            self.add_error("new_tier", "Select the new tier")
        no_services = outcome == Outcome.SIGNPOSTING and not data.get("services")
        if no_services and "services" not in self.errors:
            self.add_error("services", "Select at least one service to signpost to")
        for n in range(1, MAX_ACTIONS + 1):
            self._check_action(n, data)
        return data

    def _check_action(self, n: int, data: dict[str, Any]) -> None:
        names = [f"action_{n}_{part}" for part in ("description", "owner", "due_on")]
        if any(name in self.errors for name in names):
            return
        description, owner, due = (data.get(name) for name in names)
        if not (description or owner or due):
            return
        if not description:
            self.add_error(names[0], f"Enter what action {n} is")
        if not owner:
            self.add_error(names[1], f"Select who owns action {n}")
        if due is None:
            self.add_error(names[2], f"Enter the due date of action {n}")
        elif due < timezone.localdate():
            self.add_error(names[2], f"The due date of action {n} must be today or in the future")

    def details(self) -> DecisionDetails:
        data = self.cleaned_data
        tier_change = data["outcome"] == Outcome.TIER_CHANGE
        actions = []
        for n in range(1, MAX_ACTIONS + 1):
            if not data.get(f"action_{n}_description"):
                continue
            owner = parse_owner(data[f"action_{n}_owner"])
            if owner is None:  # cannot happen: the value is one of the choices
                raise ValueError("An action's owner is not one of the choices")
            due: dt.date = data[f"action_{n}_due_on"]
            actions.append(
                ActionDetails(
                    description=data[f"action_{n}_description"].strip(),
                    owner=owner,
                    due_on=due,
                )
            )
        return DecisionDetails(
            outcome=data["outcome"],
            rationale=data["rationale"],
            new_tier=data.get("new_tier") if tier_change else None,
            services=list(data.get("services") or []),
            actions=actions,
        )
