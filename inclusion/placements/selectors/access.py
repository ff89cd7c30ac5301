"""Which placements a membership may see (DESIGN.md §5). A placement outside scope is a 404.

Schools see their pupils' placements; co-ordinators and chairs their partnership's schools';
the Virtual School its looked-after pupils'; LA officers their authority's. Provider staff see
only placements at their provider that are agreed or active, or ended in the last 30 days —
and of those only the information pack (views check ``sees_pack_only``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.placements.models import Placement

PROVIDER_SEES_ENDED_FOR_DAYS = 30


def _scope(membership: Membership, today: dt.date) -> Q | None:
    role = membership.role
    if role == Role.SCHOOL_STAFF:
        return Q(pupil__school_id=membership.school_id)
    if role in (Role.COORDINATOR, Role.CHAIR):
        return Q(pupil__school__partnership_id=membership.partnership_id)
    if role == Role.VIRTUAL_SCHOOL:
        return Q(pupil__looked_after=True, pupil__care_la_id=membership.local_authority_id)
    if role == Role.LA_OFFICER:
        return Q(pupil__school__local_authority_id=membership.local_authority_id)
    if role == Role.PROVIDER_STAFF and membership.provider_id is not None:
        recent = today - dt.timedelta(days=PROVIDER_SEES_ENDED_FOR_DAYS)
        current = Q(status__in=[Placement.Status.AGREED, Placement.Status.ACTIVE])
        # Ended after it began (a reason is recorded); one that never went ahead is not theirs.
        lately_ended = Q(status=Placement.Status.ENDED, end_date__gte=recent) & ~Q(end_reason="")
        return Q(site__provider_id=membership.provider_id) & (current | lately_ended)
    return None


def placements_visible_to(
    *, membership: Membership | None, today: dt.date | None = None
) -> QuerySet[Placement]:
    if membership is None or not can(membership, "placements.view_placement"):
        return Placement.objects.none()
    scope = _scope(membership, today or timezone.localdate())
    if scope is None:
        return Placement.objects.none()
    return Placement.objects.filter(scope)


def access_placement(*, membership: Membership | None, pk: uuid.UUID) -> Placement:
    placement = (
        placements_visible_to(membership=membership)
        .select_related("pupil", "pupil__school", "site", "site__provider", "school", "partnership")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def sees_pack_only(membership: Membership) -> bool:
    """Provider staff see the information pack and their own notes, nothing else."""
    return membership.role == Role.PROVIDER_STAFF
