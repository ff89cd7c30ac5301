"""The registration-test page for co-ordinators and LA officers: every unregistered and online
provider, how close it is to having to register as a school, counted across all commissioners
(inclusion.placements.registration_test)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion.accounts.access import requires
from inclusion.placements.registration_test import (
    ProviderPosition,
    looked_after_or_sen_label,
    positions_for_unregistered,
    rule_on,
)
from inclusion.providers.forms.registration import RegistrationDateForm
from inclusion.providers.models import Provider, RegistrationRule
from inclusion.providers.presenters.provider import COMPLIANCE_TAG
from inclusion.providers.status import compliance_of

MEETS = ("Meets the test \N{EM DASH} must register or stop", "govuk-tag--red")
CLOSE = ("Close to the test", "govuk-tag--orange")
BELOW = ("Below the test", "govuk-tag--grey")


def hours_text(hours: Decimal) -> str:
    """18 rather than 18.0; 17.5 stays 17.5."""
    return f"{Decimal(hours).normalize():f}"


@dataclass(frozen=True)
class RulePresenter:
    rule: RegistrationRule

    @property
    def hours(self) -> str:
        return hours_text(self.rule.full_time_hours)

    @property
    def sen_text(self) -> str:
        if self.rule.sen_counts == RegistrationRule.SenCounts.ANY_SEN:
            return "has special educational needs (an EHC plan or SEN support)"
        return "has an education, health and care (EHC) plan"

    @property
    def column_label(self) -> str:
        label = looked_after_or_sen_label(self.rule)
        return label[:1].upper() + label[1:]

    def __getattr__(self, name: str) -> object:
        return getattr(self.rule, name)


@dataclass(frozen=True)
class PositionRow:
    position: ProviderPosition
    today: dt.date

    @property
    def provider(self) -> Provider:
        return self.position.provider

    @property
    def status(self) -> tuple[str, str]:
        if self.position.meets_test:
            return MEETS
        if self.position.headroom == 1:
            return CLOSE
        return BELOW

    @property
    def status_label(self) -> str:
        return self.status[0]

    @property
    def status_tag(self) -> str:
        return self.status[1]

    @property
    def compliance_label(self) -> str:
        return compliance_of(self.position.provider, self.today).label

    @property
    def compliance_tag(self) -> str:
        return COMPLIANCE_TAG[compliance_of(self.position.provider, self.today)]


@require_GET
@requires("providers.view_registration_test")
def registration_test(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RegistrationDateForm(request.GET or None, today=today)
    valid = not form.is_bound or form.is_valid()
    on = form.chosen_date(today) if form.is_bound and valid else today
    rows = [PositionRow(p, today) for p in positions_for_unregistered(on)] if valid else []
    return render(
        request,
        "providers/registration/test.html",
        {
            "title": "Registration test for unregistered providers",
            "date_form": form,
            "form": form if form.errors else None,
            "valid": valid,
            "on": on,
            "today": today,
            "rule": RulePresenter(rule_on(on)) if valid else None,
            "rows": rows,
            "meeting": sum(1 for row in rows if row.position.meets_test),
        },
        status=200 if valid else 400,
    )


urlpatterns: list[URLPattern] = [
    path("registration-test/", registration_test, name="registration_test"),
]
