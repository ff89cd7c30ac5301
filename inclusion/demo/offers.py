"""The demo county's Attendance Offer support plans: one for each submitted referral whose purpose
is "Attendance Offer", with the referral's attendance as the baseline, a target above it, two or
three interventions and a check-in for each school week since the plan started (about six).

Most plans improve week by week towards (or past) the target, one stays flat around the baseline,
and exactly one has its last complete school week missing, so its check-in is overdue.

``build_attendance_offers(rng)`` works on a county already built (it needs the referrals from
``casework``); it is not called by ``generate.build_county`` yet. Dates are relative to ``today``.
Everything here is invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendars_for
from inclusion.offers.models import (
    MAX_SESSIONS_A_WEEK,
    AttendanceSupportPlan,
    SupportIntervention,
    WeeklyCheckIn,
)
from inclusion.offers.progress import WEEK, friday_of, last_complete_school_week
from inclusion.referrals.models import Purpose, Referral, Status

WEEKS = 6  # school weeks of check-ins before today
TARGET_RISE = Decimal(12)
TARGET_CAP = Decimal(96)
INTERVENTIONS = (
    (SupportIntervention.Kind.MEET_AND_GREET, "Head of Year at the side gate", ""),
    (SupportIntervention.Kind.KEY_WORKER, "Pastoral key worker", "Ten minutes each morning"),
    (SupportIntervention.Kind.MENTORING, "Learning mentor", "Weekly, Wednesday period 3"),
    (SupportIntervention.Kind.HOME_VISIT, "Attendance officer", "With the family, at home"),
    (SupportIntervention.Kind.EARLY_HELP, "Designated safeguarding lead", ""),
)
HELPED = (
    "The morning meet and greet: came in through the side gate without fuss.",
    "A lift from an aunt on two mornings.",
    "Knowing which lessons were first; the timetable card helped.",
    "Time with the key worker after a difficult Monday.",
)
BARRIERS = (
    "Anxious on Monday morning after a weekend at home.",
    "Ill on Thursday (parent phoned in).",
    "Missed the bus twice; travel plan to be reviewed.",
    "",
)


@dataclass(frozen=True)
class _Trend:
    name: str
    start_gap: int  # sessions below full attendance in the first week
    weekly_gain: float  # sessions gained each week


IMPROVING = _Trend("improving", 4, 0.7)
FLAT = _Trend("flat", 3, 0.0)


def _referrals() -> QuerySet[Referral]:
    return (
        Referral.objects.filter(purpose=Purpose.ATTENDANCE_OFFER, attendance_plan__isnull=True)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .select_related("school", "partnership")
        .order_by("submitted_at", "reference")
    )


def _leads() -> tuple[dict[object, User], dict[object, User]]:
    staff: dict[object, User] = {}
    coordinators: dict[object, User] = {}
    members = Membership.objects.filter(is_active=True).select_related("user").order_by("pk")
    for m in members:
        if m.role == Role.SCHOOL_STAFF:
            staff.setdefault(m.school_id, m.user)
        elif m.role == Role.COORDINATOR:
            coordinators.setdefault(m.partnership_id, m.user)
    return staff, coordinators


def _school_weeks(calendar: SchoolCalendar, today: dt.date) -> list[tuple[dt.date, int]]:
    """The last ``WEEKS`` complete school weeks, oldest first: (Monday, school days)."""
    monday = last_complete_school_week(calendar, today)
    weeks: list[tuple[dt.date, int]] = []
    for _ in range(WEEKS * 3):  # holidays in between are skipped
        if monday is None or len(weeks) == WEEKS:
            break
        try:
            days = len(calendar.school_days_in(monday, friday_of(monday)))
        except CalendarMissingError:
            break
        if days:
            weeks.append((monday, days))
        monday -= WEEK
    return weeks[::-1]


def build_attendance_offers(rng: random.Random, *, today: dt.date | None = None) -> int:
    """Support plans for the county's submitted Attendance Offer referrals that have none yet;
    returns how many were made. Running it twice adds nothing."""
    today = today or timezone.localdate()
    referrals = list(_referrals())
    staff, coordinators = _leads()
    calendars = calendars_for({r.school.local_authority_id for r in referrals})
    made = 0
    for index, referral in enumerate(referrals):
        lead = staff.get(referral.school_id) or coordinators.get(referral.partnership_id)
        weeks = _school_weeks(calendars[referral.school.local_authority_id], today)
        if lead is None or not weeks:
            continue
        trend = FLAT if index % 4 == 3 else IMPROVING
        overdue = index == (1 if len(referrals) > 1 else 0)  # exactly one
        _plan(rng, referral, lead, weeks, trend=trend, overdue=overdue)
        made += 1
    return made


def _plan(
    rng: random.Random,
    referral: Referral,
    lead: User,
    weeks: list[tuple[dt.date, int]],
    *,
    trend: _Trend,
    overdue: bool,
) -> AttendanceSupportPlan:
    baseline = Decimal(referral.attendance_percent or 70).quantize(Decimal("0.1"))
    target = min(TARGET_CAP, baseline + TARGET_RISE)
    if target <= baseline:
        target = min(Decimal(100), baseline + 1)
    start, last = weeks[0][0], weeks[-1][0]
    plan = AttendanceSupportPlan.objects.create(
        referral=referral,
        baseline_percent=baseline,
        baseline_period="The 6 school weeks before the referral",
        target_percent=target,
        start_date=start,
        review_date=last + WEEK * 2,
        lead=lead,
        created_by=lead,
    )
    for kind, who, description in rng.sample(INTERVENTIONS, rng.choice((2, 3))):
        SupportIntervention.objects.create(
            plan=plan, kind=kind, who=who, description=description, from_date=start
        )
    recorded = weeks[:-1] if overdue else weeks
    WeeklyCheckIn.objects.bulk_create(
        _check_in(rng, plan, week, days, n, trend=trend) for n, (week, days) in enumerate(recorded)
    )
    return plan


def _check_in(
    rng: random.Random,
    plan: AttendanceSupportPlan,
    week: dt.date,
    days: int,
    n: int,
    *,
    trend: _Trend,
) -> WeeklyCheckIn:
    possible = min(MAX_SESSIONS_A_WEEK, 2 * days)
    missed = (trend.start_gap - trend.weekly_gain * n) * possible / MAX_SESSIONS_A_WEEK
    missed += rng.choice((-1, 0, 0, 1))
    attended = max(0, min(possible, round(possible - missed)))
    return WeeklyCheckIn(
        plan=plan,
        week_of=week,
        sessions_possible=possible,
        sessions_attended=attended,
        helped=rng.choice(HELPED),
        barriers=rng.choice(BARRIERS) if attended < possible else "",
        recorded_by=plan.lead,
    )
