"""The demo's Attendance Offer support plans (``inclusion.demo.offers``), on a small county."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from inclusion.calendar.days import calendar_for
from inclusion.demo.generate import build_county
from inclusion.demo.offers import build_attendance_offers
from inclusion.offers import progress
from inclusion.offers.models import AttendanceSupportPlan
from inclusion.referrals.models import Purpose, Referral, Status
from tests.factories import leicestershire

TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def county_built(db):
    """The county without the plans ``build_county`` made as of the real today."""
    build_county(pupils=300, schools=12, providers=6, seed=7)
    AttendanceSupportPlan.objects.all().delete()


def test_every_submitted_attendance_offer_referral_gets_a_plan(county_built):
    made = build_attendance_offers(random.Random(3), today=TODAY)
    referrals = Referral.objects.filter(purpose=Purpose.ATTENDANCE_OFFER).exclude(
        status__in=[Status.DRAFT, Status.WITHDRAWN]
    )
    assert made == referrals.count() >= 2
    assert AttendanceSupportPlan.objects.count() == made
    assert build_attendance_offers(random.Random(3), today=TODAY) == 0  # nothing twice

    calendar = calendar_for(leicestershire())
    last = progress.last_complete_school_week(calendar, TODAY)
    overdue, improving = 0, 0
    for plan in AttendanceSupportPlan.objects.prefetch_related("check_ins", "interventions"):
        check_ins = list(plan.check_ins.order_by("week_of"))
        assert plan.target_percent > plan.baseline_percent
        assert 2 <= plan.interventions.count() <= 3
        assert len(check_ins) >= 5
        for check_in in check_ins:
            assert (
                progress.week_refusal(
                    check_in.week_of, start=plan.start_date, today=TODAY, calendar=calendar
                )
                is None
            )
            assert check_in.sessions_attended <= check_in.sessions_possible <= 10
        weeks = [c.week_of for c in check_ins]
        if progress.overdue_week(last_complete=last, start=plan.start_date, recorded=weeks):
            overdue += 1
        first, latest = check_ins[0], check_ins[-1]
        if latest.sessions_attended > first.sessions_attended:
            improving += 1
    assert overdue == 1
    assert improving >= 2
