"""Every read of pupils goes through here, scoped to the acting membership (DESIGN.md §5)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from inclusion.accounts.models import Membership, Role
from inclusion.organisations.models import School
from inclusion.pupils.models import Pupil


def _scope(membership: Membership) -> Q | None:
    """The pupils a membership may see, as a filter; ``None`` means none at all."""
    role = membership.role
    if role == Role.SCHOOL_STAFF:
        return Q(school_id=membership.school_id)
    if role in (Role.COORDINATOR, Role.CHAIR):
        return Q(school__partnership_id=membership.partnership_id)
    if role == Role.VIRTUAL_SCHOOL:
        return Q(looked_after=True, care_la_id=membership.local_authority_id)
    if role == Role.LA_OFFICER:
        return Q(school__local_authority_id=membership.local_authority_id)
    # Provider staff see pupils only through a current placement at their provider, which
    # the placements capability adds; governance viewers and administrators see no pupil.
    return None


def pupils_visible_to(*, membership: Membership | None) -> QuerySet[Pupil]:
    scope = _scope(membership) if membership is not None else None
    if scope is None:
        return Pupil.objects.none()
    return Pupil.objects.filter(scope)


def access_pupil(*, membership: Membership | None, pk: uuid.UUID) -> Pupil:
    """The pupil if the membership may see it; otherwise 404, exactly as if it did not exist."""
    pupil = (
        pupils_visible_to(membership=membership)
        .select_related("school", "care_la")
        .prefetch_related("needs", "contacts")
        .filter(pk=pk)
        .first()
    )
    if pupil is None:
        raise Http404
    return pupil


@dataclass(frozen=True)
class PupilFilters:
    query: str = ""
    school_id: uuid.UUID | None = None
    nc_year: int | None = None
    sen_provision: str = ""
    looked_after: bool | None = None


def pupil_search(*, membership: Membership | None, filters: PupilFilters) -> QuerySet[Pupil]:
    pupils = pupils_visible_to(membership=membership).select_related("school")
    query = filters.query.strip()
    if query:
        compact = query.replace(" ", "").upper()
        if len(compact) == 13 and compact[1:12].isdigit():
            pupils = pupils.filter(upn=compact)
        else:
            for word in query.lower().split():
                pupils = pupils.filter(search_name__contains=word)
    if filters.school_id is not None:
        pupils = pupils.filter(school_id=filters.school_id)
    if filters.nc_year is not None:
        pupils = pupils.filter(nc_year=filters.nc_year)
    if filters.sen_provision:
        pupils = pupils.filter(sen_provision=filters.sen_provision)
    if filters.looked_after is not None:
        pupils = pupils.filter(looked_after=filters.looked_after)
    return pupils.order_by("legal_last_name", "legal_first_name", "id")


def schools_for_pupils_of(*, membership: Membership | None) -> QuerySet[School]:
    """Schools the membership may file a pupil under, or filter its pupil list by."""
    if membership is None:
        return School.objects.none()
    role = membership.role
    if role == Role.SCHOOL_STAFF:
        return School.objects.filter(Q(pk=membership.school_id))
    if role in (Role.COORDINATOR, Role.CHAIR):
        return School.objects.filter(Q(partnership_id=membership.partnership_id))
    if role == Role.LA_OFFICER:
        return School.objects.filter(Q(local_authority_id=membership.local_authority_id))
    return School.objects.none()
