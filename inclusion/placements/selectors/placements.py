"""Reads for the placement pages, scoped through ``selectors.access`` (a placement outside the
acting membership's scope is a 404 and never appears in a list or a count)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.calendar.days import CalendarMissingError, calendar_for
from inclusion.forums.models import Decision, Outcome
from inclusion.organisations.models import LocalAuthority, School
from inclusion.placements.hours import CURRENT_STATUSES
from inclusion.placements.models import Placement, PlacementSession, PlacementStatus, RiskAssessment
from inclusion.placements.selectors.access import access_placement, placements_visible_to
from inclusion.providers.models import Provider, ProviderSite
from inclusion.pupils.models import Pupil

# The forum outcomes that commission a placement.
PLACEMENT_OUTCOMES = (Outcome.PROGRAMME_MANAGEMENT, Outcome.AP_PLACEMENT)

_LIST_RELATED = ("pupil", "pupil__school", "site", "site__provider")


def _with_sessions() -> Prefetch[Literal["sessions"]]:
    return Prefetch("sessions", queryset=PlacementSession.objects.order_by("weekday", "starts_at"))


# Forum decisions -------------------------------------------------------------------------------


def decisions_for_placement(*, membership: Membership | None) -> QuerySet[Decision]:
    """Decisions of the membership's partnership's forums that commission a placement."""
    if membership is None or not can(membership, "placements.create_from_decision"):
        return Decision.objects.none()
    if membership.partnership_id is None:
        return Decision.objects.none()
    return Decision.objects.filter(
        agenda_item__meeting__partnership_id=membership.partnership_id,
        outcome__in=PLACEMENT_OUTCOMES,
    )


def access_decision(*, membership: Membership | None, pk: uuid.UUID) -> Decision:
    decision = (
        decisions_for_placement(membership=membership)
        .select_related(
            "agenda_item__meeting",
            "agenda_item__referral__pupil__school",
            "agenda_item__referral__partnership",
        )
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    return decision


# The directory -------------------------------------------------------------------------------


def placement_sites() -> QuerySet[ProviderSite]:
    """The sites a placement may be made at: active sites of active providers (the directory
    is open to everyone who may place a pupil)."""
    return (
        ProviderSite.objects.filter(is_active=True, provider__is_active=True)
        .select_related("provider")
        .order_by("provider__name", "name")
    )


# Lists -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementFilters:
    status: str = ""
    category: str = ""
    provider_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None


def placement_list(
    *, membership: Membership | None, filters: PlacementFilters
) -> QuerySet[Placement]:
    placements = placements_visible_to(membership=membership)
    if filters.status:
        placements = placements.filter(status=filters.status)
    if filters.category:
        placements = placements.filter(category=filters.category)
    if filters.provider_id is not None:
        placements = placements.filter(site__provider_id=filters.provider_id)
    if filters.school_id is not None:
        placements = placements.filter(pupil__school_id=filters.school_id)
    return (
        placements.select_related(*_LIST_RELATED)
        .prefetch_related(_with_sessions())
        .order_by("-start_date", "pupil__legal_last_name", "id")
    )


def list_schools(*, membership: Membership | None) -> QuerySet[School]:
    """The schools whose pupils' placements the membership sees (for the school filter)."""
    pupils = placements_visible_to(membership=membership).values("pupil__school_id")
    return School.objects.filter(pk__in=pupils).order_by("name")


def list_providers(*, membership: Membership | None) -> QuerySet[Provider]:
    """The providers of the placements the membership sees (for the provider filter)."""
    sites = placements_visible_to(membership=membership).values("site__provider_id")
    return Provider.objects.filter(pk__in=sites).order_by("name")


# One placement ---------------------------------------------------------------------------------


def placement_page(*, membership: Membership | None, pk: uuid.UUID) -> Placement:
    """A placement with its sessions, history and the people named on it (404 outside scope)."""
    placement = access_placement(membership=membership, pk=pk)
    return (
        Placement.objects.filter(pk=placement.pk)
        .select_related(
            "pupil__school__local_authority",
            "pupil__care_la",
            "site__provider",
            "school",
            "partnership",
            "referral",
            "risk_assessment",
            "registration_override_by",
            "compliance_override_by",
            "virtual_school_recorded_by",
            "part_time_agreed_by",
        )
        .prefetch_related(
            _with_sessions(),
            Prefetch(
                "history",
                queryset=PlacementStatus.objects.select_related("actor").order_by("at", "id"),
            ),
        )
        .get()
    )


def pupil_placements(
    *, membership: Membership | None, pupil: Pupil, current_only: bool = False
) -> list[Placement]:
    """The pupil's placements the membership sees, with their sites and sessions: two queries
    however many there are."""
    placements = placements_visible_to(membership=membership).filter(pupil=pupil)
    if current_only:
        placements = placements.filter(status__in=CURRENT_STATUSES)
    return list(
        placements.select_related("site__provider", "part_time_agreed_by")
        .prefetch_related(_with_sessions())
        .order_by("-start_date", "id")
    )


# What the guards read --------------------------------------------------------------------------


def current_risk_assessment(*, pupil_id: uuid.UUID) -> RiskAssessment | None:
    """The pupil's latest signed-off Standard Risk Assessment (in date or not)."""
    return (
        RiskAssessment.objects.filter(pupil_id=pupil_id, signed_off_at__isnull=False)
        .order_by("-version")
        .first()
    )


def term_school_days(la: LocalAuthority | uuid.UUID, today: dt.date) -> int | None:
    """School days in the term running today, or the next one in a holiday; None when the
    calendar has no term dates for the year (or no term follows)."""
    try:
        calendar = calendar_for(la)
        term = calendar.term_containing(today)
    except CalendarMissingError:
        return None
    if term is None:
        term = next((t for t in calendar.terms if t.starts_on > today), None)
    return None if term is None else calendar.term_school_days(term)
