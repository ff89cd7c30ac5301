"""The services refuse what the forms would have caught, so no other caller can get round them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inclusion.audit.models import AuditEvent
from inclusion.offers import services
from inclusion.offers.models import AttendanceSupportPlan, WeeklyCheckIn
from inclusion.referrals.models import Purpose
from tests.offers.factories import check_in, make_plan, offer_referral

D = dt.date
LAST_COMPLETE_WEEK = D(2026, 2, 23)


@pytest.fixture
def actor(county):
    membership = county.memberships["school_a"]
    return {"actor": membership.user, "membership": membership}


def details(county, **overrides) -> services.PlanDetails:
    values = {
        "baseline_percent": Decimal("62.5"),
        "baseline_period": "The last 6 school weeks",
        "target_percent": Decimal(80),
        "start_date": D(2026, 3, 2),
        "review_date": D(2026, 4, 20),
        "lead": county.memberships["school_a"].user,
    }
    return services.PlanDetails(**(values | overrides))


def week(week_of=LAST_COMPLETE_WEEK, possible=10, attended=8) -> services.CheckInDetails:
    return services.CheckInDetails(week_of, possible, attended, "", "")


def test_a_plan_only_for_an_attendance_offer_referral(county, actor):
    referral = offer_referral(county, purpose=Purpose.ADVICE_ONLY)
    with pytest.raises(services.NotAttendanceOfferError):
        services.plan_create(referral=referral, details=details(county), **actor)
    assert not AttendanceSupportPlan.objects.exists()


def test_one_plan_a_referral(county, actor):
    referral = offer_referral(county)
    services.plan_create(referral=referral, details=details(county), **actor)
    with pytest.raises(services.PlanExistsError):
        services.plan_create(referral=referral, details=details(county), **actor)
    assert AttendanceSupportPlan.objects.count() == 1
    assert AuditEvent.objects.filter(verb="create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"target_percent": Decimal("62.5")}, "target_percent"),
        ({"target_percent": Decimal("100.1")}, "target_percent"),
        ({"review_date": D(2026, 3, 1)}, "review_date"),
    ],
)
def test_plan_details_are_checked(county, actor, overrides, field):
    with pytest.raises(services.OfferError) as refused:
        services.plan_create(
            referral=offer_referral(county), details=details(county, **overrides), **actor
        )
    assert refused.value.field == field


def test_the_lead_must_belong_to_the_school_or_partnership(county, actor):
    outsider = county.memberships["provider"].user
    with pytest.raises(services.OfferError) as refused:
        services.plan_create(
            referral=offer_referral(county), details=details(county, lead=outsider), **actor
        )
    assert refused.value.field == "lead"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (week(possible=11, attended=0), "Sessions possible must be 10 or fewer"),
        (
            week(possible=8, attended=9),
            "Sessions attended must be no more than the sessions possible",
        ),
        (week(D(2026, 3, 9)), "The week must not be in the future"),
        (week(D(2026, 1, 26)), "The week must not be before the plan started on 2 February 2026"),
    ],
)
def test_check_ins_are_checked(county, actor, check, message):
    plan = make_plan(county)
    with pytest.raises(services.OfferError, match=message):
        services.check_in_record(plan=plan, details=check, **actor)
    assert not WeeklyCheckIn.objects.exists()


def test_a_duplicate_week_is_refused(county, actor):
    plan = make_plan(county)
    check_in(plan, D(2026, 2, 23), 10, 10)
    with pytest.raises(services.DuplicateWeekError):
        services.check_in_record(plan=plan, details=week(), **actor)


def test_a_week_must_be_named_by_its_monday(county, actor):
    with pytest.raises(ValueError, match="Monday"):
        services.check_in_record(plan=make_plan(county), details=week(D(2026, 2, 24)), **actor)


def test_a_closed_plan_takes_no_more_writes(county, actor):
    plan = make_plan(county)
    services.plan_close(
        plan=plan,
        details=services.ClosingDetails(D(2026, 3, 4), "no_improvement", ""),
        **actor,
    )
    with pytest.raises(services.PlanClosedError):
        services.check_in_record(plan=plan, details=week(), **actor)
    with pytest.raises(services.PlanClosedError):
        services.plan_change(plan=plan, details=details(county), **actor)
