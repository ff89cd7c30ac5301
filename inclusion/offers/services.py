"""Writes to attendance support plans: setting a plan up for an Attendance Offer referral,
changing it, closing it with its outcome, its interventions and its weekly check-ins. Every
write is atomic and audited in the same transaction (field names only, never values).

A refusal is an :class:`OfferError` whose message is fit to show; ``field`` names the form
field it belongs to, if any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.calendar.days import calendar_for
from inclusion.core.submit import RefusedError
from inclusion.offers import progress, selectors
from inclusion.offers.models import (
    MAX_SESSIONS_A_WEEK,
    AttendanceSupportPlan,
    SupportIntervention,
    WeeklyCheckIn,
)
from inclusion.referrals.models import Purpose, Referral, Status

CREATE = AuditEvent.Verb.CREATE
UPDATE = AuditEvent.Verb.UPDATE
# A plan is set up once the referral has been made: not for a draft or a withdrawn one.
NOT_OPEN = (Status.DRAFT, Status.WITHDRAWN)


class OfferError(RefusedError):
    """A business rule refused the write; the message is fit to show."""


class NotAttendanceOfferError(OfferError):
    pass


class PlanExistsError(OfferError):
    pass


class PlanClosedError(OfferError):
    pass


class DuplicateWeekError(OfferError):
    pass


@dataclass(frozen=True)
class PlanDetails:
    baseline_percent: Decimal
    baseline_period: str
    target_percent: Decimal
    start_date: dt.date
    review_date: dt.date
    lead: User


@dataclass(frozen=True)
class InterventionDetails:
    kind: str
    description: str
    who: str
    from_date: dt.date
    to_date: dt.date | None


@dataclass(frozen=True)
class CheckInDetails:
    week_of: dt.date  # a Monday
    sessions_possible: int
    sessions_attended: int
    helped: str
    barriers: str


@dataclass(frozen=True)
class ClosingDetails:
    closed_on: dt.date
    outcome: str
    outcome_notes: str


def _values(details: Any) -> dict[str, Any]:
    """A details dataclass as field values (a shallow copy: users stay users)."""
    return {f.name: getattr(details, f.name) for f in fields(details)}


def _filled(values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if value not in ("", None)]


def _changed(record: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(record, name) != value]


def _audit(
    *,
    actor: User,
    membership: Membership,
    verb: str,
    target: AttendanceSupportPlan | SupportIntervention | WeeklyCheckIn,
    plan: AttendanceSupportPlan,
    changes: list[str],
) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=verb,
        target=target,
        pupil_id=plan.referral.pupil_id,
        changes=changes,
    )


# Checks ---------------------------------------------------------------------------------------


def refusal_for(referral: Referral) -> str | None:
    """Why ``referral`` cannot have an attendance support plan, or ``None`` when it can."""
    if referral.purpose != Purpose.ATTENDANCE_OFFER:
        purpose = Purpose(referral.purpose).label if referral.purpose else "not chosen yet"
        return (
            "An attendance support plan is only for a referral whose purpose is "
            f"{Purpose.ATTENDANCE_OFFER.label}. This referral's purpose is {purpose}."
        )
    if referral.status in NOT_OPEN:
        return (
            f"This referral is {Status(referral.status).label.lower()}: an attendance support "
            "plan can be set up once the referral has been submitted."
        )
    return None


def _check_plan(referral: Referral, details: PlanDetails) -> None:
    if details.target_percent <= details.baseline_percent:
        raise OfferError("The target must be above the baseline attendance", field="target_percent")
    if not 0 <= details.baseline_percent <= 100:
        raise OfferError("The baseline must be between 0 and 100", field="baseline_percent")
    if details.target_percent > 100:
        raise OfferError("The target must be 100% or less", field="target_percent")
    if details.review_date < details.start_date:
        raise OfferError("The review date must be on or after the start date", field="review_date")
    if not selectors.lead_choices(referral=referral).filter(pk=details.lead.pk).exists():
        raise OfferError("Select a lead from the school's or the partnership's staff", field="lead")


def _check_active(plan: AttendanceSupportPlan) -> None:
    if not plan.is_active:
        raise PlanClosedError("This plan has been closed, so it cannot be changed")


# The plan -------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, actor: User, membership: Membership, referral: Referral, details: PlanDetails
) -> AttendanceSupportPlan:
    """Set up the referral's plan: only for an Attendance Offer referral, only once."""
    refusal = refusal_for(referral)
    if refusal is not None:
        raise NotAttendanceOfferError(refusal)
    if AttendanceSupportPlan.objects.filter(referral=referral).exists():
        raise PlanExistsError("This referral already has an attendance support plan")
    _check_plan(referral, details)
    values = _values(details)
    try:
        with transaction.atomic():
            plan = AttendanceSupportPlan.objects.create(
                referral=referral, created_by=actor, **values
            )
    except IntegrityError:  # someone set one up a moment ago
        raise PlanExistsError("This referral already has an attendance support plan") from None
    plan.referral = referral
    _audit(
        actor=actor,
        membership=membership,
        verb=CREATE,
        target=plan,
        plan=plan,
        changes=[*_filled(values), "status"],
    )
    return plan


@transaction.atomic
def plan_change(
    *, actor: User, membership: Membership, plan: AttendanceSupportPlan, details: PlanDetails
) -> list[str]:
    _check_active(plan)
    _check_plan(plan.referral, details)
    first_week = (
        WeeklyCheckIn.objects.filter(plan=plan).order_by("week_of").values_list("week_of").first()
    )
    if first_week is not None and details.start_date > progress.friday_of(first_week[0]):
        last_start = progress.friday_of(first_week[0])
        raise OfferError(
            f"The start date must be on or before {last_start:%-d %B %Y}, the end of the first "
            "week with a check-in",
            field="start_date",
        )
    values = _values(details)
    changed = _changed(plan, values)
    for name in changed:
        setattr(plan, name, values[name])
    if changed:
        plan.save(update_fields=[*changed, "updated_at"])
        _audit(
            actor=actor, membership=membership, verb=UPDATE, target=plan, plan=plan, changes=changed
        )
    return changed


@transaction.atomic
def plan_close(
    *, actor: User, membership: Membership, plan: AttendanceSupportPlan, details: ClosingDetails
) -> None:
    _check_active(plan)
    if details.closed_on < plan.start_date:
        raise OfferError(
            f"The date the plan closed must be on or after its start, {plan.start_date:%-d %B %Y}",
            field="closed_on",
        )
    if details.closed_on > selectors.today():
        raise OfferError("The date the plan closed must be today or in the past", field="closed_on")
    values = _values(details)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.status = AttendanceSupportPlan.Status.CLOSED
    plan.save(update_fields=[*values, "status", "updated_at"])
    _audit(
        actor=actor,
        membership=membership,
        verb=UPDATE,
        target=plan,
        plan=plan,
        changes=["status", *_filled(values)],
    )


def plan_viewed(*, actor: User, membership: Membership, plan: AttendanceSupportPlan) -> None:
    """Reading a plan is reading the pupil's record: audited."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=plan,
        pupil_id=plan.referral.pupil_id,
    )


# Interventions --------------------------------------------------------------------------------


def _check_intervention(details: InterventionDetails) -> None:
    if details.kind == SupportIntervention.Kind.OTHER and not details.description.strip():
        raise OfferError("Enter a description of the intervention", field="description")
    if details.to_date is not None and details.to_date < details.from_date:
        raise OfferError("The end date must be on or after the start date", field="to_date")


@transaction.atomic
def intervention_add(
    *,
    actor: User,
    membership: Membership,
    plan: AttendanceSupportPlan,
    details: InterventionDetails,
) -> SupportIntervention:
    _check_active(plan)
    _check_intervention(details)
    values = _values(details)
    intervention = SupportIntervention.objects.create(plan=plan, **values)
    _audit(
        actor=actor,
        membership=membership,
        verb=CREATE,
        target=intervention,
        plan=plan,
        changes=_filled(values),
    )
    return intervention


@transaction.atomic
def intervention_change(
    *,
    actor: User,
    membership: Membership,
    intervention: SupportIntervention,
    details: InterventionDetails,
) -> list[str]:
    plan = intervention.plan
    _check_active(plan)
    _check_intervention(details)
    values = _values(details)
    changed = _changed(intervention, values)
    for name in changed:
        setattr(intervention, name, values[name])
    if changed:
        intervention.save(update_fields=[*changed, "updated_at"])
        _audit(
            actor=actor,
            membership=membership,
            verb=UPDATE,
            target=intervention,
            plan=plan,
            changes=changed,
        )
    return changed


# Weekly check-ins -----------------------------------------------------------------------------


def _check_sessions(details: CheckInDetails) -> None:
    if details.sessions_possible > MAX_SESSIONS_A_WEEK:
        raise OfferError(
            f"Sessions possible must be {MAX_SESSIONS_A_WEEK} or fewer", field="sessions_possible"
        )
    if details.sessions_attended > details.sessions_possible:
        raise OfferError(
            "Sessions attended must be no more than the sessions possible",
            field="sessions_attended",
        )


@transaction.atomic
def check_in_record(
    *, actor: User, membership: Membership, plan: AttendanceSupportPlan, details: CheckInDetails
) -> WeeklyCheckIn:
    """Record a school week's check-in: a week with school days on the calendar, since the plan
    started, not in the future, once."""
    _check_active(plan)
    if details.week_of.weekday() != 0:
        raise ValueError("A check-in is for a week named by its Monday")
    _check_sessions(details)
    calendar = calendar_for(plan.referral.school.local_authority_id)
    refusal = progress.week_refusal(
        details.week_of, start=plan.start_date, today=selectors.today(), calendar=calendar
    )
    if refusal is not None:
        raise OfferError(refusal, field="week_of")
    duplicate = DuplicateWeekError(
        f"A check-in has already been recorded for the week beginning {details.week_of:%-d %B %Y}",
        field="week_of",
    )
    if WeeklyCheckIn.objects.filter(plan=plan, week_of=details.week_of).exists():
        raise duplicate
    values = _values(details)
    try:
        with transaction.atomic():
            check_in = WeeklyCheckIn.objects.create(plan=plan, recorded_by=actor, **values)
    except IntegrityError:  # recorded a moment ago by someone else
        raise duplicate from None
    _audit(
        actor=actor,
        membership=membership,
        verb=CREATE,
        target=check_in,
        plan=plan,
        changes=_filled(values),
    )
    return check_in
