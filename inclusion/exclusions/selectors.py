"""Reads of consultations and exclusions, scoped to the acting membership (DESIGN.md §5).

- School staff: their pupils' records, and the records their school made (kept when a pupil
  moves on).
- Co-ordinator and chair: the same for every school of the partnership.
- LA officer: the same for the authority's schools.
- Virtual School: looked-after pupils whose care authority is theirs (read only).
- Provider staff, governance members and administrators: nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.calendar.days import academic_year_bounds, academic_year_of
from inclusion.exclusions.models import (
    Consultation,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
    ExclusionRouting,
)
from inclusion.organisations.models import School
from inclusion.pupils.models import Pupil

# A permanent exclusion of a pupil of a partnership school needs a consultation held within
# this many days before it starts (or an override with a reason).
CONSULTATION_VALID_DAYS = 30


def _scope(membership: Membership, prefix: str = "") -> Q | None:
    """The records (with a ``pupil`` and a ``school``) a membership may see."""
    role = membership.role
    if role == Role.SCHOOL_STAFF:
        return Q(pupil__school_id=membership.school_id) | Q(school_id=membership.school_id)
    if role in (Role.COORDINATOR, Role.CHAIR):
        pid = membership.partnership_id
        return Q(pupil__school__partnership_id=pid) | Q(school__partnership_id=pid)
    if role == Role.LA_OFFICER:
        la = membership.local_authority_id
        return Q(pupil__school__local_authority_id=la) | Q(school__local_authority_id=la)
    if role == Role.VIRTUAL_SCHOOL:
        return Q(pupil__looked_after=True, pupil__care_la_id=membership.local_authority_id)
    return None


def _sees(membership: Membership | None) -> Q | None:
    if membership is None or not can(membership, "exclusions.view_exclusions"):
        return None
    return _scope(membership)


def exclusions_visible_to(*, membership: Membership | None) -> QuerySet[Exclusion]:
    scope = _sees(membership)
    if scope is None:
        return Exclusion.objects.none()
    return Exclusion.objects.filter(scope)


def consultations_visible_to(*, membership: Membership | None) -> QuerySet[Consultation]:
    scope = _sees(membership)
    if scope is None:
        return Consultation.objects.none()
    return Consultation.objects.filter(scope)


def access_exclusion(*, membership: Membership | None, pk: uuid.UUID) -> Exclusion:
    exclusion = (
        exclusions_visible_to(membership=membership)
        .select_related(
            "pupil__school__local_authority", "pupil__care_la", "school", "consultation"
        )
        .prefetch_related("reasons")
        .filter(pk=pk)
        .first()
    )
    if exclusion is None:
        raise Http404
    return exclusion


def access_consultation(*, membership: Membership | None, pk: uuid.UUID) -> Consultation:
    consultation = (
        consultations_visible_to(membership=membership)
        .select_related("pupil__school", "school", "partnership", "raised_by", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404
    return consultation


def pupil_for(*, membership: Membership | None, pk: uuid.UUID, rule: str) -> Pupil:
    """A pupil the membership may act on under ``rule`` (their school's, for school staff)."""
    from inclusion.pupils.selectors import pupils_visible_to

    if membership is None or not can(membership, rule):
        raise Http404
    pupil = (
        pupils_visible_to(membership=membership)
        .select_related("school__partnership", "school__district", "school__local_authority")
        .select_related("care_la")
        .filter(pk=pk)
        .first()
    )
    if pupil is None:
        raise Http404
    return pupil


def pupil_records(
    *, membership: Membership | None, pupil: Pupil
) -> tuple[list[Consultation], list[Exclusion]]:
    """A pupil's consultations and exclusions in scope (the pupil already fetched in scope)."""
    consultations = list(
        consultations_visible_to(membership=membership)
        .filter(pupil=pupil)
        .select_related("school")
        .order_by("-considered_on", "-created_at")
    )
    exclusions = list(
        exclusions_visible_to(membership=membership)
        .filter(pupil=pupil)
        .select_related("school")
        .prefetch_related("reasons")
        .order_by("-start_date", "-created_at")
    )
    return consultations, exclusions


def year_sessions(*, pupil_id: uuid.UUID, day: dt.date, exclude_pk: uuid.UUID | None = None) -> int:
    """The pupil's suspension sessions in the academic year of ``day``, at every school.

    Counted for the 45-day cap whatever the reader's scope: a total, never a record.
    """
    first, last = academic_year_bounds(academic_year_of(day))
    rows = Exclusion.objects.filter(
        pupil_id=pupil_id, start_date__range=(first, last), kind__in=SUSPENSION_KINDS
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return sum(rows.values_list("sessions", flat=True))


SUSPENSION_KINDS = (ExclusionKind.SUSPENSION, ExclusionKind.LUNCHTIME)


def school_suspensions(
    pupil_ids: Iterable[uuid.UUID], since: dt.date
) -> dict[tuple[uuid.UUID, uuid.UUID], list[tuple[dt.date, int]]]:
    """(pupil, school) → [(start, sessions)] of suspensions since ``since``: one query."""
    found: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[dt.date, int]]] = defaultdict(list)
    rows = Exclusion.objects.filter(
        pupil_id__in=list(pupil_ids), kind__in=SUSPENSION_KINDS, start_date__gte=since
    ).values_list("pupil_id", "school_id", "start_date", "sessions")
    for pupil_id, school_id, start, sessions in rows:
        found[(pupil_id, school_id)].append((start, sessions))
    return found


def recent_consultation(*, pupil: Pupil, on: dt.date) -> Consultation | None:
    """The latest consultation held for the pupil in the 30 days up to ``on``."""
    return (
        Consultation.objects.filter(
            pupil=pupil,
            held_on__isnull=False,
            held_on__lte=on,
            held_on__gte=on - dt.timedelta(days=CONSULTATION_VALID_DAYS),
        )
        .order_by("-held_on", "-created_at")
        .first()
    )


def routing_for_school(school: School) -> ExclusionRouting | None:
    if school.district_id is None:
        return None
    return ExclusionRouting.objects.filter(district_id=school.district_id).first()


def selectable_reasons(*, on: dt.date | None = None) -> QuerySet[ExclusionReason]:
    """Reason codes a new record may use: confirmed, and in force on ``on``."""
    reasons = ExclusionReason.objects.filter(confirmed=True)
    if on is not None:
        reasons = reasons.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    return reasons.order_by("code")


def deadline_exclusions(*, membership: Membership | None, since: dt.date) -> list[Exclusion]:
    """Exclusions in scope that started since ``since``, for the deadlines page: one query."""
    return list(
        exclusions_visible_to(membership=membership)
        .filter(start_date__gte=since)
        .select_related("pupil", "school")
        .order_by("start_date", "pk")
    )


@dataclass(frozen=True)
class PupilExclusionSummary:
    """For the pupil page: suspensions and exclusions this school year, and the suspension
    days counted against the 45-day cap (at any school)."""

    count: int
    sessions: int

    @property
    def days(self) -> str:
        whole, half = divmod(self.sessions, 2)
        return f"{whole}.5" if half else str(whole)


def pupil_summary(
    *, membership: Membership | None, pupil: Pupil, today: dt.date
) -> PupilExclusionSummary | None:
    """None when the membership may not read exclusions; the pupil is already in scope."""
    if membership is None or not can(membership, "exclusions.view_exclusions"):
        return None
    first, last = academic_year_bounds(academic_year_of(today))
    count = (
        exclusions_visible_to(membership=membership)
        .filter(pupil=pupil, start_date__range=(first, last))
        .count()
    )
    return PupilExclusionSummary(count, year_sessions(pupil_id=pupil.pk, day=today))
