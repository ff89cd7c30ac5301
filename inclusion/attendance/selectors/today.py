"""Reads for the co-ordinator's "today" page: every pupil with an active placement and an
expected session today, where they are, and whether the provider has marked them present or
absent yet. Scoped through ``placements.selectors.access``; a constant number of queries
whatever the number of placements (placements, timetables, today's marks, the calendars and
the attendance codes, each read once)."""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.attendance.models import AttendanceCode, AttendanceMark
from inclusion.attendance.sessions import expected_sessions
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendars_for
from inclusion.placements.models import Placement, PlacementSession
from inclusion.placements.selectors.access import placements_visible_to

PRESENT, ABSENT, NOT_MARKED = "present", "absent", "not_marked"
STATES = (PRESENT, ABSENT, NOT_MARKED)


@dataclass(frozen=True)
class TodayFilters:
    school_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    state: str = ""


@dataclass(frozen=True)
class ExpectedToday:
    """One session a pupil is expected at a provider today, and its mark if there is one."""

    placement: Placement
    session: str
    state: str  # PRESENT, ABSENT or NOT_MARKED
    mark: AttendanceMark | None = None
    code: AttendanceCode | None = None


@dataclass
class TodayBoard:
    today: dt.date
    school_day: bool = True
    calendar_missing: CalendarMissingError | None = None
    previous_school_day: dt.date | None = None  # in the viewer's own authority's calendar
    next_school_day: dt.date | None = None
    expected: list[ExpectedToday] = field(default_factory=list)  # after the state filter
    counts: dict[str, int] = field(default_factory=dict)  # before the state filter

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _own_authority_id(membership: Membership) -> uuid.UUID | None:
    if membership.local_authority_id is not None:
        return membership.local_authority_id
    if membership.partnership_id is not None:
        return membership.partnership.local_authority_id  # type: ignore[union-attr]
    return None


def _codes_in_force(today: dt.date) -> dict[str, AttendanceCode]:
    """The latest version of each attendance code in force on ``today`` (one query)."""
    codes: dict[str, AttendanceCode] = {}
    for code in AttendanceCode.objects.filter(effective_from__lte=today).order_by("effective_from"):
        codes[code.code] = code
    return codes


def _state(code: AttendanceCode | None, mark: AttendanceMark | None) -> str:
    if mark is None:
        return NOT_MARKED
    if code is not None and code.counts_as_attendance:
        return PRESENT
    return ABSENT


def active_on(placements: QuerySet[Placement], day: dt.date) -> QuerySet[Placement]:
    """The active placements with a timetabled session on ``day``'s weekday."""
    return (
        placements.filter(status=Placement.Status.ACTIVE, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .filter(
            Exists(
                PlacementSession.objects.filter(placement_id=OuterRef("pk"), weekday=day.weekday())
            )
        )
    )


def with_day(placements: QuerySet[Placement], day: dt.date) -> QuerySet[Placement]:
    """The placements with pupil, school and provider joined, and ``day``'s timetable and marks
    (as ``marks_today``) prefetched."""
    return placements.select_related("pupil__school", "site__provider").prefetch_related(
        Prefetch("sessions", queryset=PlacementSession.objects.filter(weekday=day.weekday())),
        Prefetch("marks", queryset=AttendanceMark.objects.filter(date=day), to_attr="marks_today"),
    )


def marks_on_day(placement: Placement) -> list[AttendanceMark]:
    """The marks prefetched by :func:`with_day`."""
    return cast(list[AttendanceMark], placement.marks_today)  # type: ignore[attr-defined]


def _neighbours(board: TodayBoard, calendar: SchoolCalendar) -> None:
    """The school days either side of the board's day, where the calendar knows them."""
    with suppress(CalendarMissingError):
        board.previous_school_day = calendar.add_school_days(board.today, -1)
    with suppress(CalendarMissingError):
        board.next_school_day = calendar.add_school_days(board.today, 1)


def today_board(
    *, membership: Membership | None, today: dt.date | None = None, filters: TodayFilters
) -> TodayBoard:
    """Who is expected where today, for those who may view it (empty board otherwise)."""
    today = today or timezone.localdate()
    board = TodayBoard(today=today, counts=dict.fromkeys(STATES, 0))
    if membership is None or not can(membership, "attendance.view_today"):
        return board
    placements = active_on(placements_visible_to(membership=membership, today=today), today)
    if filters.school_id is not None:
        placements = placements.filter(pupil__school_id=filters.school_id)
    if filters.provider_id is not None:
        placements = placements.filter(site__provider_id=filters.provider_id)
    placements = with_day(placements, today).order_by(
        "pupil__legal_last_name", "pupil__legal_first_name", "id"
    )
    own = _own_authority_id(membership)
    listed = list(placements)
    authorities = {p.pupil.school.local_authority_id for p in listed}
    calendars = calendars_for(authorities | ({own} if own else set()))
    if own is not None:
        _neighbours(board, calendars[own])
    try:
        if own is not None and not calendars[own].is_school_day(today):
            board.school_day = False
            return board
        sessions = [
            (placement, expected.session)
            for placement in listed
            for expected in expected_sessions(
                placement, today, today, calendars[placement.pupil.school.local_authority_id]
            )
        ]
    except CalendarMissingError as missing:
        board.calendar_missing = missing
        return board
    codes = _codes_in_force(today)
    everything: list[ExpectedToday] = []
    for placement, session in sessions:
        mark = next((m for m in marks_on_day(placement) if m.session == session), None)
        code = codes.get(mark.code) if mark is not None else None
        everything.append(ExpectedToday(placement, session, _state(code, mark), mark, code))
    for item in everything:
        board.counts[item.state] += 1
    board.expected = [e for e in everything if not filters.state or e.state == filters.state]
    return board
