"""Expected sessions: which morning and afternoon sessions a placement's pupil should attend,
from the placement's weekly timetable and the school calendar of the pupil's school's local
authority.

A timetabled session counts as a morning (AM) session if it starts before noon, and as an
afternoon (PM) session if it ends after 1pm; a session from 9am to 3pm is both. Only school
days count, and only days between the placement's start and its end (or today's horizon).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from inclusion.attendance.models import Session
from inclusion.calendar.days import SchoolCalendar
from inclusion.placements.models import Placement, PlacementSession

NOON = dt.time(12, 0)
ONE_PM = dt.time(13, 0)


@dataclass(frozen=True, order=True)
class ExpectedSession:
    date: dt.date
    session: str  # Session.AM or Session.PM


def sessions_of_day(timetable: Iterable[PlacementSession], weekday: int) -> list[str]:
    """The register sessions (AM, PM) the timetable covers on a weekday (0 = Monday)."""
    covered = set()
    for slot in timetable:
        if slot.weekday != weekday:
            continue
        if slot.starts_at < NOON:
            covered.add(Session.AM.value)
        if slot.ends_at > ONE_PM:
            covered.add(Session.PM.value)
    return [s for s in (Session.AM.value, Session.PM.value) if s in covered]


def expected_sessions(
    placement: Placement, first: dt.date, last: dt.date, calendar: SchoolCalendar
) -> list[ExpectedSession]:
    """Every session the pupil is expected at between ``first`` and ``last`` (both included),
    in date order. Uses the placement's prefetched ``sessions``; raises the calendar's
    ``CalendarMissingError`` for dates it has no terms for."""
    start = max(first, placement.start_date)
    end = min(last, placement.end_date) if placement.end_date else last
    if end < start:
        return []
    timetable = list(placement.sessions.all())
    return [
        ExpectedSession(day, session)
        for day in calendar.school_days_in(start, end)
        for session in sessions_of_day(timetable, day.weekday())
    ]
