"""Reads of education plans, targets and reviews, scoped like placements (DESIGN.md §5).

A plan is part of the pupil's record: the school staff of the pupil's school, the partnership's
co-ordinator and chair, the Virtual School (its looked-after pupils) and LA officers read it.
Provider staff never see plans, even of placements at their provider (they see the pack only).

Review dates count school weeks on the school calendar of the pupil's school's local authority
(:mod:`inclusion.calendar.days`); where the calendar has no term dates for the years needed, the
date falls back to whole weeks of calendar days, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.models import Membership
from inclusion.calendar.days import CalendarMissingError, add_school_days, school_weeks_after
from inclusion.placements.models import EducationPlan, Placement, Review, Target, TargetProgress
from inclusion.placements.selectors.access import (
    access_placement,
    placements_visible_to,
    sees_pack_only,
)

DUE_SOON_SCHOOL_DAYS = 10
# Without term dates, "due soon" means the next two weeks of calendar days.
DUE_SOON_FALLBACK = dt.timedelta(days=14)
DAYS_PER_WEEK = 7
UNDER_REVIEW = (Placement.Status.AGREED, Placement.Status.ACTIVE)


def today() -> dt.date:
    """Today's date in the service's time zone (tests freeze ``timezone.localdate``)."""
    return timezone.localdate()


@dataclass(frozen=True)
class ReviewDate:
    """A review date, and whether the school calendar counted it (``False``: the calendar had
    no term dates for that time, so it is whole weeks of calendar days)."""

    on: dt.date
    from_calendar: bool


def review_date_after(*, placement: Placement, start: dt.date, weeks: int) -> ReviewDate:
    """``weeks`` school weeks after ``start`` on the calendar of the pupil's school's LA."""
    la = placement.pupil.school.local_authority_id
    try:
        return ReviewDate(school_weeks_after(la, start, weeks), True)
    except CalendarMissingError:
        return ReviewDate(start + dt.timedelta(days=DAYS_PER_WEEK * weeks), False)


def review_basis(plan: EducationPlan) -> dt.date:
    """The date the next review is counted from: the latest review, or the placement's start."""
    latest = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    return latest or plan.placement.start_date


def _refuse_pack_only(membership: Membership | None) -> None:
    if membership is None or sees_pack_only(membership):
        raise Http404


def plan_placement(*, membership: Membership | None, pk: uuid.UUID) -> Placement:
    """The placement a plan belongs to, within scope; 404 for provider staff."""
    _refuse_pack_only(membership)
    return access_placement(membership=membership, pk=pk)


def plan_of(placement: Placement) -> EducationPlan | None:
    """The placement's plan with its targets (each with its progress, latest review first) and
    its reviews (with who recorded them), or ``None``: four queries."""
    progress = TargetProgress.objects.select_related("review").order_by("-review__held_on")
    plan = (
        EducationPlan.objects.filter(placement=placement)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("targets", Target.objects.prefetch_related(Prefetch("progress", progress))),
            Prefetch("reviews", Review.objects.select_related("recorded_by")),
        )
        .first()
    )
    if plan is not None:
        plan.placement = placement
    return plan


def _visible_plans(membership: Membership | None) -> QuerySet[EducationPlan]:
    _refuse_pack_only(membership)
    return EducationPlan.objects.filter(placement__in=placements_visible_to(membership=membership))


def access_target(*, membership: Membership | None, pk: uuid.UUID) -> Target:
    """One target of a plan in scope, with its plan and placement; else 404."""
    target = (
        Target.objects.filter(plan__in=_visible_plans(membership), pk=pk)
        .select_related("plan__placement__pupil__school", "plan__placement__site__provider")
        .first()
    )
    if target is None:
        raise Http404
    return target


def target_has_progress(target: Target) -> bool:
    return target.progress.exists()


def plan_targets(plan: EducationPlan) -> list[Target]:
    return list(plan.targets.all())


def access_review(*, membership: Membership | None, pk: uuid.UUID) -> Review:
    """One review, with progress per target, of a plan in scope; else 404."""
    review = (
        Review.objects.filter(plan__in=_visible_plans(membership), pk=pk)
        .select_related(
            "recorded_by",
            "plan__placement__pupil__school",
            "plan__placement__site__provider",
        )
        .prefetch_related(
            Prefetch(
                "progress",
                TargetProgress.objects.select_related("target").order_by(
                    "target__position", "target__created_at"
                ),
            )
        )
        .first()
    )
    if review is None:
        raise Http404
    return review


# Reviews due.


@dataclass(frozen=True)
class DueHorizon:
    """Reviews on or before ``until`` are due soon; ``from_calendar`` as for :class:`ReviewDate`."""

    until: dt.date
    from_calendar: bool


def due_horizon(*, la: uuid.UUID | None, on: dt.date) -> DueHorizon:
    """The last of the next ten school days after ``on`` on the LA's calendar."""
    if la is not None:
        try:
            return DueHorizon(add_school_days(la, on, DUE_SOON_SCHOOL_DAYS), True)
        except CalendarMissingError:
            pass
    return DueHorizon(on + DUE_SOON_FALLBACK, False)


def authority_of(membership: Membership) -> uuid.UUID | None:
    """The local authority whose calendar counts a membership's school days."""
    if membership.school is not None:
        return membership.school.local_authority_id
    if membership.partnership is not None:
        return membership.partnership.local_authority_id
    return membership.local_authority_id


def reviews_due(*, membership: Membership, until: dt.date) -> QuerySet[EducationPlan]:
    """Plans of agreed or active placements in scope whose next review is on or before
    ``until`` (overdue ones included), oldest first: one query."""
    _refuse_pack_only(membership)
    placements = placements_visible_to(membership=membership).filter(status__in=UNDER_REVIEW)
    return (
        EducationPlan.objects.filter(
            placement__in=placements,
            next_review_on__isnull=False,
            next_review_on__lte=until,
        )
        .select_related("placement__pupil__school", "placement__site__provider", "placement__site")
        .order_by("next_review_on", "placement__pupil__legal_last_name", "pk")
    )
