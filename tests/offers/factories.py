"""Attendance Offer referrals, support plans and check-ins for tests: fictional data only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from inclusion.accounts.models import Membership, Role, User
from inclusion.offers.models import AttendanceSupportPlan, SupportIntervention, WeeklyCheckIn
from inclusion.pupils.models import Pupil
from inclusion.referrals.models import Purpose, Referral, Status
from tests.conftest import County
from tests.factories import MembershipFactory, UserFactory
from tests.referrals.factories import make_referral

D = dt.date
TODAY = D(2026, 3, 4)  # a Wednesday in the spring term (February half term: 16 to 20 February)
START = D(2026, 2, 2)  # a Monday


def offer_referral(
    county: County,
    *,
    pupil: Pupil | None = None,
    by: Membership | None = None,
    status: str = Status.SUBMITTED,
    **answers: Any,
) -> Referral:
    """A submitted Attendance Offer referral for Amara (school_a) unless told otherwise."""
    answers.setdefault("purpose", Purpose.ATTENDANCE_OFFER)
    answers.setdefault("attendance_percent", 62)
    return make_referral(
        pupil=pupil or county.pupil_a,
        by=by or county.memberships["school_a"],
        status=status,
        **answers,
    )


def make_plan(
    county: County,
    *,
    referral: Referral | None = None,
    lead: User | None = None,
    start: dt.date = START,
    baseline: str = "62.5",
    target: str = "75",
    **fields: Any,
) -> AttendanceSupportPlan:
    """An active plan for Amara's Attendance Offer referral, led by school_a's staff member."""
    referral = referral or offer_referral(county)
    user = county.memberships["school_a"].user
    return AttendanceSupportPlan.objects.create(
        referral=referral,
        baseline_percent=Decimal(baseline),
        baseline_period="The last 6 school weeks",
        target_percent=Decimal(target),
        start_date=start,
        review_date=fields.pop("review_date", start + dt.timedelta(weeks=8)),
        lead=lead or user,
        created_by=user,
        **fields,
    )


def check_in(
    plan: AttendanceSupportPlan,
    week_of: dt.date,
    possible: int,
    attended: int,
    *,
    by: User | None = None,
    **notes: str,
) -> WeeklyCheckIn:
    return WeeklyCheckIn.objects.create(
        plan=plan,
        week_of=week_of,
        sessions_possible=possible,
        sessions_attended=attended,
        recorded_by=by or plan.lead,
        **notes,
    )


def intervention(plan: AttendanceSupportPlan, **fields: Any) -> SupportIntervention:
    values: dict[str, Any] = {
        "kind": SupportIntervention.Kind.MEET_AND_GREET,
        "who": "Fictional key worker, pastoral team",
        "from_date": plan.start_date,
    }
    return SupportIntervention.objects.create(plan=plan, **(values | fields))


def looked_after_plan(county: County) -> AttendanceSupportPlan:
    """A plan for Cara, looked after by the county, at Wreake Valley (the other partnership)."""
    staff = MembershipFactory.create(
        user=UserFactory.create(), role=Role.SCHOOL_STAFF, school=county.school_c
    )
    referral = offer_referral(county, pupil=county.pupil_c_looked_after, by=staff)
    return make_plan(county, referral=referral, lead=staff.user)
