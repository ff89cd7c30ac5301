"""Reads for the provider's view: the provider's own pupils, the information pack and the
provider's notes and incidents. Everything is narrowed by ``placements_visible_to``: a
placement outside the acting membership's scope is a 404 and never appears in a list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.placements.models import Placement, PlacementSession, ProviderNote
from inclusion.placements.selectors.access import placements_visible_to, sees_pack_only

# Current placements first, then those ended lately; the latest start first within each.
_STATUS_ORDER = Case(
    When(status=Placement.Status.ACTIVE, then=Value(0)),
    When(status=Placement.Status.AGREED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _sessions() -> Prefetch[Literal["sessions"]]:
    return Prefetch("sessions", queryset=PlacementSession.objects.order_by("weekday", "starts_at"))


def _notes() -> Prefetch[Literal["notes"]]:
    return Prefetch(
        "notes",
        queryset=ProviderNote.objects.select_related("recorded_by").order_by(
            "-occurred_on", "-created_at"
        ),
    )


def provider_placements(
    *, membership: Membership | None, today: dt.date | None = None
) -> QuerySet[Placement]:
    """The acting provider's placements: agreed or active, or ended in the last 30 days.

    Only provider staff have such a list; anyone else gets none (their own lists live
    elsewhere)."""
    if membership is None or not sees_pack_only(membership):
        return Placement.objects.none()
    return (
        placements_visible_to(membership=membership, today=today)
        .select_related("pupil", "site")
        .prefetch_related(_sessions())
        .annotate(status_order=_STATUS_ORDER)
        .order_by("status_order", "-start_date", "id")
    )


def _readable(membership: Membership | None, rule: str) -> QuerySet[Placement]:
    if membership is None or not can(membership, rule):
        return Placement.objects.none()
    return placements_visible_to(membership=membership).select_related(
        "pupil", "pupil__school", "site", "site__provider", "referral"
    )


def pack_placement(*, membership: Membership | None, pk: uuid.UUID) -> Placement:
    """A placement whose information pack the membership may read, with its timetable and
    the provider's notes; otherwise 404."""
    placement = (
        _readable(membership, "placements.view_pack")
        .prefetch_related(_sessions(), _notes(), "pupil__needs")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def notes_placement(*, membership: Membership | None, pk: uuid.UUID) -> Placement:
    """A placement whose notes and incidents the school or co-ordinator may read; else 404."""
    placement = (
        _readable(membership, "placements.view_notes")
        .prefetch_related(_notes())
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def note_target(*, membership: Membership | None, pk: uuid.UUID) -> Placement:
    """A placement the acting provider staff may record a note or incident for; else 404."""
    if membership is None or not sees_pack_only(membership):
        raise Http404
    placement = _readable(membership, "placements.record_note").filter(pk=pk).first()
    if placement is None:
        raise Http404
    return placement
