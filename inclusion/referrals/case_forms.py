"""Forms of the case pages (triage and routing) and the triage queue's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from inclusion.core.forms import ChoiceOfModel, GovukForm, list_filter
from inclusion.organisations.models import LocalAuthority, School
from inclusion.organisations.postcodes import normalise
from inclusion.referrals.models import Purpose, Routing, Status
from inclusion.referrals.routing import (
    RoutingResult,
    resolve_postcode,
    routing_for_authority,
    routing_for_other,
)
from inclusion.referrals.selectors.queue import OPEN_QUEUE_STATUSES, QueueFilters

NOTE_LIMIT = 2000


def _note(label: str, *, required: bool, message: str = "", help_text: str = "") -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"govuk_rows": 5}),
        error_messages={"max_length": f"{label} must be {NOTE_LIMIT} characters or fewer"},
    )
    if message:
        field.error_messages["required"] = message
    return field


class ReturnForm(GovukForm):
    note = _note(
        "Your question for the school",
        required=True,
        message="Enter your question for the school",
        help_text="The school sees this question and can change the referral to answer it. "
        "Do not repeat the pupil's personal details.",
    )


class AcceptForm(GovukForm):
    note = _note("Note for the school (optional)", required=False)


class CloseForm(GovukForm):
    note = _note(
        "Reason for closing the referral",
        required=True,
        message="Enter the reason for closing the referral",
    )


class ConfirmRoutingForm(GovukForm):
    """One of: an authority from our table, another authority's name, or a postcode."""

    authority = ChoiceOfModel(
        label="Local authority",
        required=False,
        queryset=LocalAuthority.objects.none(),
        empty_label="Choose a local authority",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    other_name = forms.CharField(
        label="Or enter the name of another local authority",
        required=False,
        max_length=120,
        error_messages={"max_length": "The name must be 120 characters or fewer"},
    )
    postcode = forms.CharField(
        label="Or find the local authority from a postcode",
        help_text="For example, LE1 6ZG",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": "Enter a real postcode, like LE1 6ZG"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[LocalAuthority]", self.fields["authority"])
        field.queryset = LocalAuthority.objects.exclude(kind=LocalAuthority.Kind.DISTRICT).order_by(
            "name"
        )
        self.result: RoutingResult | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        authority = data.get("authority")
        other = (data.get("other_name") or "").strip()
        postcode = (data.get("postcode") or "").strip()
        given = [bool(authority), bool(other), bool(postcode)]
        if self.errors:
            return data
        if not any(given):
            self.add_error(
                "authority", "Select the local authority, enter its name or enter a postcode"
            )
        elif sum(given) > 1:
            self.add_error(
                "authority",
                "Choose only one: a local authority from the list, another authority's name "
                "or a postcode",
            )
        elif authority is not None:
            self.result = routing_for_authority(authority)
        elif other:
            self.result = self._by_name(other)
        else:
            self.result = self._by_postcode(postcode)
        return data

    def _by_name(self, name: str) -> RoutingResult:
        known = self.fields["authority"].queryset.filter(name__iexact=name).first()  # type: ignore[attr-defined]
        return routing_for_authority(known) if known is not None else routing_for_other(name)

    def _by_postcode(self, postcode: str) -> RoutingResult | None:
        if normalise(postcode) is None:
            self.add_error("postcode", "Enter a real postcode, like LE1 6ZG")
            return None
        result = resolve_postcode(postcode)
        if not result.is_known:
            self.add_error(
                "postcode",
                f"We could not find the local authority for postcode {normalise(postcode)}: "
                "choose it from the list or enter its name",
            )
            return None
        return result


STATUS_ALL = "all"


class QueueFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Open: submitted, returned or accepted"),
            (STATUS_ALL, "Any status"),
            *[(value, label) for value, label in Status.choices if value != Status.DRAFT],
        ],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    purpose = forms.ChoiceField(
        label="Purpose",
        required=False,
        choices=[("", "Any purpose"), *Purpose.choices],
        error_messages={"invalid_choice": "Select a purpose from the list"},
    )
    school = list_filter("School", all_label="All schools")
    routing = forms.ChoiceField(
        label="Where the pupil lives",
        required=False,
        choices=[("", "Anywhere"), *Routing.choices],
        error_messages={"invalid_choice": "Select where the pupil lives from the list"},
    )

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(school=schools)

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        status = data["status"]
        if status == STATUS_ALL:
            statuses = tuple(value for value in Status.values if value != Status.DRAFT)
        else:
            statuses = (status,) if status else OPEN_QUEUE_STATUSES
        school = data.get("school")
        return QueueFilters(
            statuses=statuses,
            purpose=data["purpose"],
            school_id=school.pk if school is not None else None,
            routing=data["routing"],
        )
