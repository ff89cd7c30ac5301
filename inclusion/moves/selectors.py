"""Reads of managed moves and off-site directions, scoped to the acting membership (DESIGN.md §5).

- School staff: the records of their school, as the pupil's (directing, moving-out) school, and
  as the receiving school (read only, and only what the receiving school needs).
- Co-ordinator and chair: records where either school is in their partnership.
- LA officer: records where either school is maintained by their authority.
- Virtual School: records of the looked-after pupils in its care.
- Provider staff, governance members and administrators: none (the rule already answers 404).

Only staff of the pupil's (directing, moving-out) school change a record: ``*_to_change``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.calendar.days import SchoolCalendar, calendars_for
from inclusion.moves.models import DirectionReview, ManagedMove, OffsiteDirection, ReviewRequest
from inclusion.organisations.models import School
from inclusion.providers.models import Provider
from inclusion.pupils.models import Pupil
from inclusion.pupils.selectors import pupils_visible_to


def today() -> dt.date:
    """Today, for the pages (tests replace it)."""
    return timezone.localdate()


def _either(membership: Membership, first: str, second: str) -> Q | None:
    """Records whose ``first`` or ``second`` school is in the membership's scope."""
    role = membership.role
    if role == Role.SCHOOL_STAFF:
        return Q(**{f"{first}_id": membership.school_id}) | Q(
            **{f"{second}_id": membership.school_id}
        )
    if role in (Role.COORDINATOR, Role.CHAIR):
        pid = membership.partnership_id
        return Q(**{f"{first}__partnership_id": pid}) | Q(**{f"{second}__partnership_id": pid})
    if role == Role.LA_OFFICER:
        la = membership.local_authority_id
        return Q(**{f"{first}__local_authority_id": la}) | Q(
            **{f"{second}__local_authority_id": la}
        )
    if role == Role.VIRTUAL_SCHOOL:
        return Q(pupil__looked_after=True, pupil__care_la_id=membership.local_authority_id)
    return None


def moves_visible_to(*, membership: Membership | None) -> QuerySet[ManagedMove]:
    if membership is None or not can(membership, "moves.view_moves"):
        return ManagedMove.objects.none()
    scope = _either(membership, "from_school", "to_school")
    return ManagedMove.objects.none() if scope is None else ManagedMove.objects.filter(scope)


def directions_visible_to(*, membership: Membership | None) -> QuerySet[OffsiteDirection]:
    if membership is None or not can(membership, "moves.view_moves"):
        return OffsiteDirection.objects.none()
    scope = _either(membership, "school", "setting_school")
    if scope is None:
        return OffsiteDirection.objects.none()
    return OffsiteDirection.objects.filter(scope)


_MOVE_RELATED = ("pupil__school", "from_school__local_authority", "to_school", "direction")
_DIRECTION_RELATED = (
    "pupil__school",
    "school__local_authority",
    "setting_school",
    "setting_provider",
)


def access_move(*, membership: Membership | None, pk: uuid.UUID) -> ManagedMove:
    move = (
        moves_visible_to(membership=membership).select_related(*_MOVE_RELATED).filter(pk=pk).first()
    )
    if move is None:
        raise Http404
    return move


def access_direction(*, membership: Membership | None, pk: uuid.UUID) -> OffsiteDirection:
    direction = (
        directions_visible_to(membership=membership)
        .select_related(*_DIRECTION_RELATED)
        .prefetch_related(
            Prefetch("reviews", queryset=DirectionReview.objects.select_related("recorded_by")),
            Prefetch("review_requests", queryset=ReviewRequest.objects.all()),
            Prefetch("managed_moves", queryset=ManagedMove.objects.select_related("to_school")),
        )
        .filter(pk=pk)
        .first()
    )
    if direction is None:
        raise Http404
    return direction


def may_change(membership: Membership, school_id: uuid.UUID) -> bool:
    """Whether the membership may change a record whose pupil's school is ``school_id``."""
    return (
        can(membership, "moves.record_move")
        and membership.role == Role.SCHOOL_STAFF
        and membership.school_id == school_id
    )


def move_to_change(*, membership: Membership, pk: uuid.UUID) -> ManagedMove:
    move = access_move(membership=membership, pk=pk)
    if not may_change(membership, move.from_school_id):
        raise Http404
    return move


def direction_to_change(*, membership: Membership, pk: uuid.UUID) -> OffsiteDirection:
    direction = access_direction(membership=membership, pk=pk)
    if not may_change(membership, direction.school_id):
        raise Http404
    return direction


# Choices for the forms -------------------------------------------------------------------------


def pupils_to_move(*, membership: Membership) -> QuerySet[Pupil]:
    """The pupils a membership may record a move or direction for: its own school's."""
    if not can(membership, "moves.record_move") or membership.school_id is None:
        return Pupil.objects.none()
    return (
        pupils_visible_to(membership=membership)
        .filter(school_id=membership.school_id)
        .order_by("legal_last_name", "legal_first_name", "id")
    )


def other_schools(*, membership: Membership) -> QuerySet[School]:
    """Open schools other than the membership's own: where a pupil may move or be directed."""
    schools = School.objects.filter(is_open=True)
    if membership.school_id is not None:
        schools = schools.exclude(pk=membership.school_id)
    return schools.order_by("name")


def directory_providers() -> QuerySet[Provider]:
    """Providers of the directory a pupil may be directed to."""
    return Provider.objects.filter(is_active=True).order_by("name")


# The list ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovesList:
    moves: list[ManagedMove]
    directions: list[OffsiteDirection]


def moves_list(*, membership: Membership) -> MovesList:
    """Moves and directions in scope, with what the list shows, in a fixed number of queries:
    directions in force first (next review soonest first), then the rest newest first."""
    moves = list(
        moves_visible_to(membership=membership)
        .select_related("pupil", "from_school", "to_school")
        .order_by("outcome", "-agreed_on", "-created_at")
    )
    directions = list(
        directions_visible_to(membership=membership)
        .select_related("pupil", "school", "setting_school", "setting_provider")
        .prefetch_related(
            Prefetch(
                "review_requests",
                queryset=ReviewRequest.objects.filter(must_hold=True).order_by("requested_on"),
            ),
            Prefetch("reviews", queryset=DirectionReview.objects.order_by("-held_on")),
        )
        .order_by("-starts_on", "-created_at")
    )
    directions.sort(key=lambda d: (not d.in_force, d.next_review_on or dt.date.max))
    return MovesList(moves=moves, directions=directions)


def calendar_for_school(school: School) -> SchoolCalendar:
    return calendars_for([school.local_authority_id])[school.local_authority_id]


def latest_review_on(direction: OffsiteDirection) -> dt.date | None:
    """The latest review held (the direction's ``reviews`` prefetched, newest first)."""
    reviews = list(direction.reviews.all())
    return max((r.held_on for r in reviews), default=None)


def directions_for_register(
    *, membership: Membership, first: dt.date, last: dt.date
) -> list[OffsiteDirection]:
    """Directions given by the membership's school (or its partnership's schools) that are in
    force at some time from ``first`` to ``last``: for the page of what the school enters in its
    register. One query."""
    directions = directions_visible_to(membership=membership)
    if membership.school_id is not None:
        directions = directions.filter(school_id=membership.school_id)
    elif membership.partnership_id is not None:
        directions = directions.filter(school__partnership_id=membership.partnership_id)
    in_force = Q(outcome=OffsiteDirection.Outcome.IN_FORCE) | Q(outcome_on__gte=first)
    return list(
        directions.filter(in_force, starts_on__lte=last)
        .select_related("pupil", "setting_school", "setting_provider")
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "starts_on")
    )
