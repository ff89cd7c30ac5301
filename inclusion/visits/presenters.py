"""How visits read: the checklist as Yes and No, a placement's standing on visits as a tag, the
visits due list, and the visits section of the placement page. Display logic only."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.urls import reverse

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.placements.models import Placement
from inclusion.visits import selectors
from inclusion.visits.models import CHECKLIST, Visit
from inclusion.visits.selectors import HalfTerm, VisitStatus, visit_status

OVERDUE = "Overdue"


@dataclass(frozen=True)
class Tag:
    label: str
    css: str


def status_tag(status: VisitStatus | None) -> Tag | None:
    """Overdue (red), up to date (green) or, in its grace period, a new placement (blue); none
    for a placement that is not active or a calendar without term dates."""
    if status is None:
        return None
    if status.overdue:
        return Tag(OVERDUE, "govuk-tag--red")
    if status.due_by is None and not status.expected:
        return None
    if not status.expected:
        return Tag("New placement: first visit next half term", "govuk-tag--blue")
    return Tag("Up to date", "govuk-tag--green")


def half_term_text(half: HalfTerm | None) -> str:
    """'2 November to 18 December 2026'."""
    if half is None:
        return ""
    first, last = half
    start = f"{first.day} {first:%B}" if first.year == last.year else f"{first:%-d %B %Y}"
    return f"{start} to {last:%-d %B %Y}"


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str


def checklist(visit: Visit) -> list[Answer]:
    return [
        Answer(question, "Yes" if getattr(visit, name) else "No") for name, question in CHECKLIST
    ]


def visit_title(visit: Visit) -> str:
    return f"Visit on {visit.visited_on:%-d %B %Y}"


# The visits due list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    placement: Placement
    status: VisitStatus
    tag: Tag | None
    visit_url: str  # the last visit's page, or ""
    record_url: str


def _due_row(placement: Placement, status: VisitStatus) -> DueRow:
    last = status.last_visit
    return DueRow(
        placement=placement,
        status=status,
        tag=status_tag(status),
        visit_url=reverse("visits:detail", kwargs={"pk": last.pk}) if last else "",
        record_url=reverse("visits:record", kwargs={"pk": placement.pk}),
    )


def due_rows(
    placements: Iterable[Placement],
    statuses: Mapping[uuid.UUID, VisitStatus],
    *,
    overdue_only: bool = False,
) -> list[DueRow]:
    """Overdue first, then by the date the next visit is due; the pupil's name within a date."""
    rows = [_due_row(p, statuses[p.pk]) for p in placements]
    if overdue_only:
        rows = [row for row in rows if row.status.overdue]
    latest = dt.date.max
    return sorted(
        rows,
        key=lambda row: (not row.status.overdue, row.status.due_by or latest),
    )


@dataclass(frozen=True)
class DueSummary:
    overdue: int
    total: int
    half_term: str


def due_summary(rows: Sequence[DueRow], statuses: Mapping[uuid.UUID, VisitStatus]) -> DueSummary:
    halves = [s.half_term for s in statuses.values() if s.half_term is not None]
    return DueSummary(
        overdue=sum(1 for s in statuses.values() if s.overdue),
        total=len(statuses),
        half_term=half_term_text(halves[0]) if len(set(halves)) == 1 else "",
    )


# The placement page's section -------------------------------------------------------------------


@dataclass(frozen=True)
class VisitRow:
    visit: Visit
    url: str
    concern: bool


@dataclass(frozen=True)
class PlacementVisits:
    rows: list[VisitRow]
    status: VisitStatus | None
    tag: Tag | None
    record_url: str  # "" when the membership may not record a visit here


def placement_visits(
    placement: Placement,
    visits: Sequence[Visit],
    status: VisitStatus | None,
    *,
    may_record: bool,
) -> PlacementVisits:
    recordable = may_record and placement.status in selectors.RECORDABLE
    return PlacementVisits(
        rows=[
            VisitRow(v, reverse("visits:detail", kwargs={"pk": v.pk}), v.has_concern)
            for v in visits
        ],
        status=status,
        tag=status_tag(status),
        record_url=reverse("visits:record", kwargs={"pk": placement.pk}) if recordable else "",
    )


def placement_section(
    *, membership: Membership, placement: Placement, today: dt.date
) -> PlacementVisits | None:
    """The visits section of a placement page (``None`` for a role that does not see visits):
    the placement's visits newest first, its standing, and a link to record one. The placement
    comes from the page's own scoped selector."""
    if not can(membership, "visits.view_visits"):
        return None
    status = visit_status([placement], today).get(placement.pk)
    return placement_visits(
        placement,
        selectors.placement_visits(placement),
        status,
        may_record=can(membership, "visits.record_visit"),
    )
