"""The co-ordinator's triage queue: submitted referrals in the membership's scope, oldest first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.organisations.models import School
from inclusion.pupils.selectors import schools_for_pupils_of
from inclusion.referrals.models import Referral, Status
from inclusion.referrals.selectors.access import referrals_visible_to

# What the queue shows until the user chooses otherwise: the cases waiting on someone.
OPEN_QUEUE_STATUSES: tuple[str, ...] = (Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED)


@dataclass(frozen=True)
class QueueFilters:
    statuses: tuple[str, ...] = OPEN_QUEUE_STATUSES
    purpose: str = ""
    school_id: uuid.UUID | None = None
    routing: str = ""


def triage_queue(*, membership: Membership | None, filters: QueueFilters) -> QuerySet[Referral]:
    if membership is None or not can(membership, "referrals.view_queue"):
        return Referral.objects.none()
    referrals = (
        referrals_visible_to(membership=membership)
        .exclude(status=Status.DRAFT)
        .filter(status__in=filters.statuses)
    )
    if filters.purpose:
        referrals = referrals.filter(purpose=filters.purpose)
    if filters.school_id is not None:
        referrals = referrals.filter(school_id=filters.school_id)
    if filters.routing:
        referrals = referrals.filter(routing=filters.routing)
    return referrals.select_related("pupil", "school").order_by("submitted_at", "reference")


def queue_schools(*, membership: Membership | None) -> QuerySet[School]:
    """The schools whose referrals the membership's queue may hold (for the school filter)."""
    return schools_for_pupils_of(membership=membership).order_by("name")


def all_referrals(*, membership: Membership | None) -> QuerySet[Referral]:
    """Every referral the membership may see (a school's drafts too), newest first."""
    return (
        referrals_visible_to(membership=membership)
        .select_related("pupil", "school")
        .order_by("-created_at", "reference")
    )
