"""Reads of attendance support plans, scoped through the referral selectors (DESIGN.md §5).

A plan belongs to a referral: whoever may see the referral may see its plan (school staff their
school's, co-ordinators and chairs their partnership's, LA officers their authority's). The
Virtual School, which does not read referrals, sees the plans of the looked-after pupils in its
care (through the pupil selectors). Provider staff, governance and administrators see none. A
plan out of scope is a 404.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role, User
from inclusion.attendance.selectors.measures import Loaded, pupil_attendance
from inclusion.calendar.days import (
    CalendarMissingError,
    SchoolCalendar,
    calendar_for,
    calendars_for,
)
from inclusion.offers.models import AttendanceSupportPlan, SupportIntervention, WeeklyCheckIn
from inclusion.pupils.selectors import pupils_visible_to
from inclusion.referrals.models import Referral
from inclusion.referrals.selectors.access import access_referral, referrals_visible_to

VIEW = "offers.view_plan"
PLAN_RELATED = (
    "referral__pupil",
    "referral__school",
    "referral__partnership",
    "lead",
    "created_by",
)


def today() -> dt.date:
    """Today's date in the service's time zone (tests replace it)."""
    return timezone.localdate()


def plans_visible_to(*, membership: Membership | None) -> QuerySet[AttendanceSupportPlan]:
    if membership is None or not can(membership, VIEW):
        return AttendanceSupportPlan.objects.none()
    if membership.role == Role.VIRTUAL_SCHOOL:
        pupils = pupils_visible_to(membership=membership)
        return AttendanceSupportPlan.objects.filter(referral__pupil__in=pupils)
    referrals = referrals_visible_to(membership=membership)
    return AttendanceSupportPlan.objects.filter(referral__in=referrals)


def access_plan(*, membership: Membership | None, pk: uuid.UUID) -> AttendanceSupportPlan:
    plan = (
        plans_visible_to(membership=membership).select_related(*PLAN_RELATED).filter(pk=pk).first()
    )
    if plan is None:
        raise Http404
    return plan


def plan_referral(*, membership: Membership | None, pk: uuid.UUID) -> Referral:
    """The referral a plan is set up for, within scope; else 404."""
    return access_referral(membership=membership, pk=pk)


def plan_of_referral(referral: Referral) -> AttendanceSupportPlan | None:
    """The referral's plan, if it has one (the referral is already in scope)."""
    return AttendanceSupportPlan.objects.filter(referral=referral).first()


def access_intervention(*, membership: Membership | None, pk: uuid.UUID) -> SupportIntervention:
    intervention = (
        SupportIntervention.objects.filter(plan__in=plans_visible_to(membership=membership), pk=pk)
        .select_related(*(f"plan__{name}" for name in PLAN_RELATED))
        .first()
    )
    if intervention is None:
        raise Http404
    return intervention


def plan_check_ins(plan: AttendanceSupportPlan) -> list[WeeklyCheckIn]:
    return list(
        WeeklyCheckIn.objects.filter(plan=plan).select_related("recorded_by").order_by("week_of")
    )


def plan_weeks_recorded(plan: AttendanceSupportPlan) -> set[dt.date]:
    return set(WeeklyCheckIn.objects.filter(plan=plan).values_list("week_of", flat=True))


def plan_interventions(plan: AttendanceSupportPlan) -> list[SupportIntervention]:
    return list(SupportIntervention.objects.filter(plan=plan).order_by("from_date", "created_at"))


def lead_choices(*, referral: Referral) -> QuerySet[User]:
    """Who may lead a plan: active staff of the referral's school and active co-ordinators and
    chairs of its partnership."""
    members = Q(
        memberships__is_active=True,
        memberships__role=Role.SCHOOL_STAFF,
        memberships__school_id=referral.school_id,
    ) | Q(
        memberships__is_active=True,
        memberships__role__in=[Role.COORDINATOR, Role.CHAIR],
        memberships__partnership_id=referral.partnership_id,
    )
    return User.objects.filter(members, is_active=True).distinct().order_by("full_name", "email")


def school_calendar(plan: AttendanceSupportPlan) -> SchoolCalendar:
    """The calendar of the local authority of the referral's school (two queries)."""
    return calendar_for(plan.referral.school.local_authority_id)


def ap_attendance(
    *, membership: Membership, plan: AttendanceSupportPlan, last: dt.date
) -> Loaded | None:
    """The pupil's alternative provision (the placements the membership may see) from the
    plan's start to ``last``, through the attendance measures; ``None`` before the start."""
    if last < plan.start_date:
        return None
    return pupil_attendance(
        membership=membership, pupil=plan.referral.pupil, first=plan.start_date, last=last
    )


# The list of active plans ---------------------------------------------------------------------


def active_plans(*, membership: Membership | None) -> list[AttendanceSupportPlan]:
    """The active plans in scope with their check-ins' figures, oldest start first: two queries
    whatever the number of plans."""
    check_ins = WeeklyCheckIn.objects.only(
        "plan_id", "week_of", "sessions_possible", "sessions_attended"
    ).order_by("week_of")
    return list(
        plans_visible_to(membership=membership)
        .filter(status=AttendanceSupportPlan.Status.ACTIVE)
        .select_related("referral__pupil", "referral__school", "lead")
        .prefetch_related(Prefetch("check_ins", check_ins))
        .order_by("start_date", "referral__pupil__legal_last_name", "pk")
    )


def calendars_of(plans: list[AttendanceSupportPlan]) -> dict[uuid.UUID, SchoolCalendar]:
    """The school calendars of the plans' schools' authorities (two queries)."""
    return calendars_for({plan.referral.school.local_authority_id for plan in plans})


def suggested_review_date(*, referral: Referral, start: dt.date, weeks: int = 6) -> dt.date:
    """``weeks`` school weeks after ``start`` on the school's calendar; whole calendar weeks
    where the calendar has no term dates for then."""
    try:
        return calendar_for(referral.school.local_authority_id).school_weeks_after(start, weeks)
    except CalendarMissingError:
        return start + dt.timedelta(weeks=weeks)
