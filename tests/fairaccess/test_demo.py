"""The demo's Fair Access cases (``inclusion.demo.fairaccess``), on a small county."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from inclusion.calendar.days import calendar_for
from inclusion.demo.fairaccess import PLAN, build_fair_access
from inclusion.demo.generate import build_county
from inclusion.fairaccess.models import FairAccessCase, PanelMeeting, Status
from inclusion.fairaccess.presenters import clock_view
from inclusion.fairaccess.selectors import fairness_table
from inclusion.organisations.models import Partnership, School

TODAY = dt.date(2026, 3, 3)


@pytest.fixture
def county_built(db: None) -> None:
    """The county without the cases ``build_county`` made as of the real today."""
    build_county(pupils=300, schools=12, providers=6, seed=7)
    delete_fair_access()


def delete_fair_access() -> None:
    from inclusion.fairaccess import models

    for model in (
        models.CaseStatusChange,
        models.InYearAttempt,
        models.FairAccessCase,
        models.PanelMeeting,
    ):
        model.objects.all().delete()


def test_each_partnership_gets_cases_in_every_state_and_nothing_twice(county_built):
    made = build_fair_access(random.Random(3), today=TODAY)
    partnerships = Partnership.objects.filter(local_authority__dfe_code="855").count()
    assert made == FairAccessCase.objects.count() == partnerships * len(PLAN)
    assert build_fair_access(random.Random(3), today=TODAY) == 0
    statuses = set(FairAccessCase.objects.values_list("status", flat=True))
    assert statuses == {Status.OPEN, Status.AT_PANEL, Status.ALLOCATED, Status.STARTED}
    assert PanelMeeting.objects.filter(meets_on__gt=TODAY).count() == partnerships
    assert School.objects.filter(in_special_measures=True).count() == 1
    assert not School.objects.filter(local_authority__dfe_code="855", capacity=None).exists()

    case = FairAccessCase.objects.select_related("partnership").first()
    assert case is not None
    calendars = {
        case.partnership.local_authority_id: calendar_for(case.partnership.local_authority_id)
    }
    clocks = [
        clock_view(c, calendars, TODAY)
        for c in FairAccessCase.objects.select_related("partnership")
    ]
    assert sum(1 for c in clocks if c.clock and c.clock.overdue) == partnerships
    for c in FairAccessCase.objects.exclude(allocated_on=None):
        assert c.panel is not None
        assert c.allocated_on == c.panel.meets_on <= TODAY
        assert c.attempts.exists()
    table = fairness_table(case, today=TODAY)
    assert sum(row.fair_access for row in table.rows) >= 1
