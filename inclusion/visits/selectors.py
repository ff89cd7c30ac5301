"""Reads of visits, scoped through the placements they belong to (DESIGN.md §5), and the rule for
when a visit is due.

Who sees a visit: whoever sees its placement (``placements.selectors.access``) and passes
``visits.view_visits``: the pupil's school, the partnership's co-ordinators and chair, the Virtual
School (its looked-after pupils) and LA officers. Provider staff and governance members see none.

When a visit is due (``settings.VISITS_EXPECTED_EVERY``, read when asked):

- ``"half_term"`` (the default): an active placement is *visit overdue* when it has had no visit
  in the half term in force and it started before that half term's first school day plus 10
  school days (a placement that started later is in its grace period: its first visit is due in
  the next half term). The half term in force is the one today falls in (a term split at its
  half-term closure, :meth:`SchoolCalendar.half_term_containing`); in a holiday, the last half
  term before it. The visit is due by the last day of that half term; once made, the next is due
  by the last day of the next half term.
- a whole number N: the next visit is due N school weeks after the last one (or after the
  placement started); an active placement is overdue the day after that.

Dates count on the school calendar of the pupil's school's local authority. Where the calendar has
no term dates for today nothing is overdue (and a number of school weeks falls back to whole weeks
of calendar days).

``last_visits``, ``visit_status`` and ``visits_in_period`` are for any code that reports on
visits (the placement page, the visits due list, the Ofsted pack, the governance reports): they
take placements the caller has already scoped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendars_for
from inclusion.placements.models import Placement
from inclusion.placements.selectors.access import placements_visible_to
from inclusion.visits.models import Visit

HALF_TERM = "half_term"
GRACE_SCHOOL_DAYS = 10
DAYS_PER_WEEK = 7
ONE_DAY = dt.timedelta(days=1)
# A visit can be recorded for a placement that has started: running, or ended (recorded late).
RECORDABLE = (Placement.Status.ACTIVE, Placement.Status.ENDED)

HalfTerm = tuple[dt.date, dt.date]


def expected_every() -> str | int:
    """``"half_term"`` or a whole number of school weeks (``settings.VISITS_EXPECTED_EVERY``)."""
    every: str | int = settings.VISITS_EXPECTED_EVERY
    return every


# Scope ------------------------------------------------------------------------------------------


def visits_visible_to(*, membership: Membership | None) -> QuerySet[Visit]:
    """The visits to placements the membership sees, if its role may read visits."""
    if membership is None or not can(membership, "visits.view_visits"):
        return Visit.objects.none()
    return Visit.objects.filter(placement__in=placements_visible_to(membership=membership))


def access_visit(*, membership: Membership | None, pk: uuid.UUID) -> Visit:
    """One visit in scope with its placement, pupil, school and provider; else 404."""
    visit = (
        visits_visible_to(membership=membership)
        .select_related("placement__pupil__school", "placement__site__provider", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def placement_for_visit(*, membership: Membership | None, pk: uuid.UUID) -> Placement:
    """A placement the membership may record a visit to: in scope, and started (active, or
    ended and recorded late); else 404."""
    if membership is None or not can(membership, "visits.record_visit"):
        raise Http404
    placement = (
        placements_visible_to(membership=membership)
        .filter(pk=pk, status__in=RECORDABLE)
        .select_related("pupil__school", "site__provider", "partnership")
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def placement_visits(placement: Placement) -> list[Visit]:
    """The visits to a placement the caller has already fetched in scope, newest first."""
    return list(placement.visits.order_by("-visited_on", "-created_at"))


# Reused by reports ------------------------------------------------------------------------------


def last_visits(
    placement_ids: Iterable[uuid.UUID], *, on_or_before: dt.date | None = None
) -> dict[uuid.UUID, Visit]:
    """The latest visit to each placement that has one (up to ``on_or_before``): one query."""
    ids = list(placement_ids)
    if not ids:
        return {}
    candidates = Visit.objects.filter(placement_id=OuterRef("placement_id"))
    if on_or_before is not None:
        candidates = candidates.filter(visited_on__lte=on_or_before)
    latest = candidates.order_by("-visited_on", "-created_at", "-pk").values("pk")[:1]
    visits = Visit.objects.filter(placement_id__in=ids, pk=Subquery(latest))
    return {visit.placement_id: visit for visit in visits}


def visits_in_period(
    placements_qs: QuerySet[Placement], first: dt.date, last: dt.date
) -> QuerySet[Visit]:
    """Visits to the given (already scoped) placements from ``first`` to ``last`` inclusive."""
    return Visit.objects.filter(
        placement__in=placements_qs, visited_on__gte=first, visited_on__lte=last
    ).order_by("visited_on", "created_at")


@dataclass(frozen=True)
class VisitStatus:
    """Where a placement stands on visits, as of a day.

    ``half_term`` is the half term in force (``None`` without term dates); ``this_half_term``
    counts the visits since it began. ``expected`` says whether the placement must be visited
    in that half term (under a number of school weeks: by ``due_by``): not when it is not
    active, nor in its grace period. ``due_by`` is when the next visit is due: the end of the
    half term in force while it has had none there, else the end of the next half term (under
    a number of school weeks: that many after the last visit or the start).
    """

    placement_id: uuid.UUID
    last_visit: Visit | None
    due_by: dt.date | None
    overdue: bool
    this_half_term: int
    half_term: HalfTerm | None
    expected: bool

    @property
    def last_visited_on(self) -> dt.date | None:
        return self.last_visit.visited_on if self.last_visit else None


@dataclass(frozen=True)
class _Clock:
    """One authority's half term in force, when visits to it count from, and the next one."""

    calendar: SchoolCalendar
    half_term: HalfTerm | None
    counts_before: dt.date | None  # placements that started before this day are expected
    next_half_term: HalfTerm | None


def half_term_in_force(calendar: SchoolCalendar, today: dt.date) -> HalfTerm | None:
    """The half term today falls in; in a holiday, the last one before it."""
    half = calendar.half_term_containing(today)
    if half is not None:
        return half
    for term in reversed(calendar.terms):
        if term.starts_on <= today:
            before = [h for h in calendar.half_terms(term) if h[1] < today]
            return before[-1] if before else None
    return None


def _next_half(calendar: SchoolCalendar, half: HalfTerm) -> HalfTerm | None:
    for term in calendar.terms:
        if term.ends_on > half[1]:
            later = [h for h in calendar.half_terms(term) if h[0] > half[1]]
            if later:
                return later[0]
    return None


def grace_starts(calendar: SchoolCalendar, half: HalfTerm) -> dt.date:
    """The first school day of the half term plus 10 school days: a placement that started on
    or after it is in its grace period (its first visit is due in the next half term)."""
    try:
        first_school_day = calendar.add_school_days(half[0], 0)
        return calendar.add_school_days(first_school_day, GRACE_SCHOOL_DAYS)
    except CalendarMissingError:
        return half[1] + ONE_DAY


def _clock(calendar: SchoolCalendar, today: dt.date) -> _Clock:
    try:
        half = half_term_in_force(calendar, today)
    except CalendarMissingError:
        return _Clock(calendar, None, None, None)
    if half is None:
        return _Clock(calendar, None, None, None)
    return _Clock(calendar, half, grace_starts(calendar, half), _next_half(calendar, half))


def _authorities(ids: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Each placement's pupil's school's local authority: one query."""
    rows = Placement.objects.filter(pk__in=ids).values_list(
        "pk", "pupil__school__local_authority_id"
    )
    return dict(rows)


def _dates_since(
    ids: list[uuid.UUID], clocks: dict[uuid.UUID, _Clock], today: dt.date
) -> dict[uuid.UUID, list[dt.date]]:
    """The dates of each placement's visits since the earliest half term in force began, up to
    ``today``: one query."""
    starts = [c.half_term[0] for c in clocks.values() if c.half_term is not None]
    dates: dict[uuid.UUID, list[dt.date]] = defaultdict(list)
    if not starts:
        return dates
    rows = Visit.objects.filter(
        placement_id__in=ids, visited_on__gte=min(starts), visited_on__lte=today
    ).values_list("placement_id", "visited_on")
    for placement_id, visited_on in rows:
        dates[placement_id].append(visited_on)
    return dates


def visit_status(placements: Iterable[Placement], today: dt.date) -> dict[uuid.UUID, VisitStatus]:
    """Where each placement stands on visits as of ``today`` (see the module's docstring), keyed
    by the placement's primary key: five queries however many placements there are."""
    chosen = list(placements)
    if not chosen:
        return {}
    ids = [p.pk for p in chosen]
    authority = _authorities(ids)
    calendars = calendars_for(set(authority.values()))
    clocks = {la: _clock(calendar, today) for la, calendar in calendars.items()}
    latest = last_visits(ids, on_or_before=today)
    recent = _dates_since(ids, clocks, today)
    every = expected_every()
    statuses = {}
    for placement in chosen:
        clock = clocks[authority[placement.pk]]
        half = clock.half_term
        count = 0 if half is None else sum(1 for on in recent[placement.pk] if on >= half[0])
        statuses[placement.pk] = _status(
            placement, today, clock=clock, last=latest.get(placement.pk), count=count, every=every
        )
    return statuses


def _status(
    placement: Placement,
    today: dt.date,
    *,
    clock: _Clock,
    last: Visit | None,
    count: int,
    every: str | int,
) -> VisitStatus:
    half = clock.half_term
    status = VisitStatus(placement.pk, last, None, False, count, half, False)
    if placement.status != Placement.Status.ACTIVE or placement.start_date > today:
        return status
    if every == HALF_TERM:
        return _by_half_term(status, placement, clock)
    return _by_weeks(status, placement, today, clock, int(every))


def _by_half_term(status: VisitStatus, placement: Placement, clock: _Clock) -> VisitStatus:
    if clock.half_term is None or clock.counts_before is None:
        return status
    expected = placement.start_date < clock.counts_before
    if expected and status.this_half_term == 0:
        return replace(status, due_by=clock.half_term[1], overdue=True, expected=True)
    next_half = clock.next_half_term
    return replace(status, due_by=next_half[1] if next_half else None, expected=expected)


def _by_weeks(
    status: VisitStatus, placement: Placement, today: dt.date, clock: _Clock, weeks: int
) -> VisitStatus:
    basis = status.last_visited_on or placement.start_date
    try:
        due_by = clock.calendar.school_weeks_after(basis, weeks)
    except CalendarMissingError:
        due_by = basis + dt.timedelta(days=DAYS_PER_WEEK * weeks)
    return replace(status, due_by=due_by, overdue=today > due_by, expected=True)


# Pages ------------------------------------------------------------------------------------------


def due_placements(*, membership: Membership | None) -> list[Placement]:
    """The active placements whose visits the membership keeps track of (its school's pupils', or
    its partnership's), with pupil, school and provider: one query."""
    if membership is None or not can(membership, "visits.view_due"):
        return []
    return list(
        placements_visible_to(membership=membership)
        .filter(status=Placement.Status.ACTIVE)
        .select_related("pupil__school", "site__provider")
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "start_date", "pk")
    )


def overdue_count(*, membership: Membership, today: dt.date) -> int:
    """How many of the membership's active placements are visit overdue (for the home page)."""
    placements = due_placements(membership=membership)
    return sum(1 for s in visit_status(placements, today).values() if s.overdue)


@dataclass(frozen=True)
class ProviderVisits:
    """Visits by schools to pupils at a provider in the last 12 months: counts only."""

    total: int
    with_concerns: int
    since: dt.date


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def provider_visits(*, provider_id: uuid.UUID, today: dt.date) -> ProviderVisits:
    """The provider's quality-assurance picture from school visits (no pupil is named, so it
    is not scoped): how many visits in the last 12 months and how many raised a concern."""
    since = year_before(today)
    counts = Visit.objects.filter(
        placement__site__provider_id=provider_id, visited_on__gt=since, visited_on__lte=today
    ).aggregate(total=Count("pk"), concerns=Count("pk", filter=~Q(concerns="")))
    return ProviderVisits(counts["total"], counts["concerns"], since)
