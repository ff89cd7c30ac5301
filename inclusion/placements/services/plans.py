"""Writes to education plans: the plan with its baseline and review interval, its SMART targets,
and review meetings with progress per target. Every write is audited (field names only).

The next review date is set here, never by hand: from the placement's start when the plan is
made (or its interval changes), and from the meeting's date when a review is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.concurrency import EditCheck
from inclusion.placements.models import EducationPlan, Placement, Review, Target, TargetProgress
from inclusion.placements.selectors.plans import ReviewDate, review_basis, review_date_after

CREATE = AuditEvent.Verb.CREATE
UPDATE = AuditEvent.Verb.UPDATE
DELETE = AuditEvent.Verb.DELETE


class TargetHasProgressError(Exception):
    """A target with progress recorded at a review is part of the record: it stays."""


@dataclass(frozen=True)
class PlanDetails:
    baseline_attainment: str
    baseline_attendance: Decimal
    baseline_behaviour: str
    baseline_wellbeing: str
    review_every_weeks: int


@dataclass(frozen=True)
class TargetDetails:
    description: str
    measure: str
    due_on: dt.date


@dataclass(frozen=True)
class ProgressDetails:
    target: Target
    score: int
    note: str


@dataclass(frozen=True)
class ReviewDetails:
    held_on: dt.date
    attendees: str
    pupil_voice: str
    parent_voice: str
    provider_report: str
    decision: str
    notes: str
    progress: Sequence[ProgressDetails]


def _audit(
    *,
    actor: User,
    membership: Membership,
    verb: str,
    target: EducationPlan | Target | Review,
    placement: Placement,
    changes: Sequence[str],
) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=verb,
        target=target,
        pupil_id=placement.pupil_id,
        changes=changes,
    )


@transaction.atomic
def plan_save(
    *,
    actor: User,
    membership: Membership,
    placement: Placement,
    details: PlanDetails,
    check: EditCheck[EducationPlan | None] | None = None,
) -> tuple[EducationPlan, ReviewDate | None]:
    """Make the placement's plan, or change it. Returns the plan and, when the next review
    date was (re)counted, that date. With a ``check``, a plan made or changed since the page
    was opened is refused (StaleEditError)."""
    plan = EducationPlan.objects.select_for_update().filter(placement=placement).first()
    if check is not None:
        check.verify(plan)
    if plan is None:
        try:
            with transaction.atomic():
                return _plan_create(
                    actor=actor, membership=membership, placement=placement, details=details
                )
        except IntegrityError:  # someone made it a moment ago: change theirs, unless checked
            plan = EducationPlan.objects.select_for_update().get(placement=placement)
            if check is not None:
                check.verify(plan)
    plan.placement = placement
    return _plan_change(actor=actor, membership=membership, plan=plan, details=details)


def _plan_create(
    *, actor: User, membership: Membership, placement: Placement, details: PlanDetails
) -> tuple[EducationPlan, ReviewDate]:
    next_review = review_date_after(
        placement=placement, start=placement.start_date, weeks=details.review_every_weeks
    )
    plan = EducationPlan.objects.create(
        placement=placement, next_review_on=next_review.on, created_by=actor, **asdict(details)
    )
    changed = [name for name, value in asdict(details).items() if value not in ("", None)]
    _audit(
        actor=actor,
        membership=membership,
        verb=CREATE,
        target=plan,
        placement=placement,
        changes=[*changed, "next_review_on"],
    )
    return plan, next_review


def _plan_change(
    *, actor: User, membership: Membership, plan: EducationPlan, details: PlanDetails
) -> tuple[EducationPlan, ReviewDate | None]:
    changed = [name for name, value in asdict(details).items() if getattr(plan, name) != value]
    for name in changed:
        setattr(plan, name, getattr(details, name))
    next_review = None
    if "review_every_weeks" in changed:
        next_review = review_date_after(
            placement=plan.placement, start=review_basis(plan), weeks=plan.review_every_weeks
        )
        if next_review.on != plan.next_review_on:
            plan.next_review_on = next_review.on
            changed.append("next_review_on")
    if changed:
        plan.save(update_fields=[*changed, "updated_at"])
        _audit(
            actor=actor,
            membership=membership,
            verb=UPDATE,
            target=plan,
            placement=plan.placement,
            changes=changed,
        )
    return plan, next_review


@transaction.atomic
def target_add(
    *, actor: User, membership: Membership, plan: EducationPlan, details: TargetDetails
) -> Target:
    last = plan.targets.order_by("-position").values_list("position", flat=True).first()
    target = Target.objects.create(plan=plan, position=(last or 0) + 1, **asdict(details))
    _audit(
        actor=actor,
        membership=membership,
        verb=CREATE,
        target=target,
        placement=plan.placement,
        changes=list(asdict(details)),
    )
    return target


@transaction.atomic
def target_change(
    *, actor: User, membership: Membership, target: Target, details: TargetDetails
) -> list[str]:
    changed = [name for name, value in asdict(details).items() if getattr(target, name) != value]
    for name in changed:
        setattr(target, name, getattr(details, name))
    if changed:
        target.save(update_fields=[*changed, "updated_at"])
        _audit(
            actor=actor,
            membership=membership,
            verb=UPDATE,
            target=target,
            placement=target.plan.placement,
            changes=changed,
        )
    return changed


@transaction.atomic
def target_remove(*, actor: User, membership: Membership, target: Target) -> None:
    """Remove a target set in error; one with progress recorded at a review stays."""
    if target.progress.exists():
        raise TargetHasProgressError
    placement = target.plan.placement
    _audit(
        actor=actor,
        membership=membership,
        verb=DELETE,
        target=target,
        placement=placement,
        changes=[],
    )
    target.delete()


@transaction.atomic
def review_record(
    *, actor: User, membership: Membership, plan: EducationPlan, details: ReviewDetails
) -> tuple[Review, ReviewDate]:
    """Record a review meeting with progress towards every target of the plan, and set the
    next review date ``review_every_weeks`` school weeks after the meeting."""
    targets = {t.pk for t in plan.targets.all()}
    scored = [p.target.pk for p in details.progress]
    if set(scored) != targets or len(scored) != len(targets):
        raise ValueError("A review records progress towards every target of the plan, once")
    latest = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    next_review = review_date_after(
        placement=plan.placement, start=details.held_on, weeks=plan.review_every_weeks
    )
    fields = {k: v for k, v in asdict(details).items() if k != "progress"}
    review = Review.objects.create(
        plan=plan, next_review_on=next_review.on, recorded_by=actor, **fields
    )
    TargetProgress.objects.bulk_create(
        TargetProgress(review=review, target=p.target, score=p.score, note=p.note)
        for p in details.progress
    )
    changed = [name for name, value in fields.items() if value not in ("", None)]
    changed += ["next_review_on"] + (["progress"] if details.progress else [])
    _audit(
        actor=actor,
        membership=membership,
        verb=CREATE,
        target=review,
        placement=plan.placement,
        changes=changed,
    )
    if latest is None or details.held_on >= latest:  # an older review does not move the date
        _plan_next_review(actor=actor, membership=membership, plan=plan, on=next_review.on)
    return review, next_review


def _plan_next_review(
    *, actor: User, membership: Membership, plan: EducationPlan, on: dt.date
) -> None:
    if plan.next_review_on == on:
        return
    plan.next_review_on = on
    plan.save(update_fields=["next_review_on", "updated_at"])
    _audit(
        actor=actor,
        membership=membership,
        verb=UPDATE,
        target=plan,
        placement=plan.placement,
        changes=["next_review_on"],
    )


def plan_viewed(
    *, actor: User, membership: Membership, placement: Placement, plan: EducationPlan | None
) -> None:
    """Reading a plan (or finding there is none yet) is reading the pupil's record: audited."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=plan if plan is not None else placement,
        pupil_id=placement.pupil_id,
    )


def review_viewed(*, actor: User, membership: Membership, review: Review) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=review,
        pupil_id=review.plan.placement.pupil_id,
    )
