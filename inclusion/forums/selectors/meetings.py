"""Which forum meetings a membership may see (DESIGN.md §5). A meeting outside scope is a 404.

Co-ordinators and chairs see their partnership's meetings, school staff those of their school's
partnership, LA officers those of every partnership in their authority.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.forums.models import ForumMeeting
from inclusion.forums.timing import start_of_day
from inclusion.organisations.models import Partnership


def _partnership_scope(membership: Membership) -> Q | None:
    if membership.role in (Role.COORDINATOR, Role.CHAIR):
        return Q(pk=membership.partnership_id)
    if membership.role == Role.SCHOOL_STAFF:
        return Q(schools__id=membership.school_id)
    if membership.role == Role.LA_OFFICER:
        return Q(local_authority_id=membership.local_authority_id)
    return None


def partnerships_of(*, membership: Membership | None) -> QuerySet[Partnership]:
    """The partnerships whose forums the membership may see."""
    if membership is None or not can(membership, "forums.view_forums"):
        return Partnership.objects.none()
    scope = _partnership_scope(membership)
    return Partnership.objects.none() if scope is None else Partnership.objects.filter(scope)


def partnerships_managed_by(*, membership: Membership | None) -> QuerySet[Partnership]:
    """The partnerships for which the membership may arrange meetings."""
    if membership is None or not can(membership, "forums.manage_meetings"):
        return Partnership.objects.none()
    return partnerships_of(membership=membership).order_by("name")


def meetings_visible_to(*, membership: Membership | None) -> QuerySet[ForumMeeting]:
    partnerships = partnerships_of(membership=membership)
    return ForumMeeting.objects.filter(partnership__in=partnerships.values("pk"))


def access_meeting(*, membership: Membership | None, pk: uuid.UUID) -> ForumMeeting:
    meeting = (
        meetings_visible_to(membership=membership)
        .select_related("partnership")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def _listed(membership: Membership | None) -> QuerySet[ForumMeeting]:
    return (
        meetings_visible_to(membership=membership)
        .select_related("partnership")
        .annotate(case_count=Count("items"))
    )


def forthcoming_meetings(
    *, membership: Membership | None, today: dt.date
) -> QuerySet[ForumMeeting]:
    """Meetings from today on, soonest first."""
    return _listed(membership).filter(starts_at__gte=start_of_day(today)).order_by("starts_at")


def past_meetings(*, membership: Membership | None, today: dt.date) -> QuerySet[ForumMeeting]:
    """Meetings before today, latest first."""
    return _listed(membership).filter(starts_at__lt=start_of_day(today)).order_by("-starts_at")
