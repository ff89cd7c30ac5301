"""The statutory clocks of suspensions and permanent exclusions, counted in school days.

Pure: every function takes a :class:`~inclusion.calendar.days.SchoolCalendar` (already loaded)
and dates, makes no query and may raise ``CalendarMissingError`` when term dates are missing.

Sources (summarised in ``../shared/reference/statutory-rules.md``, "Suspension and permanent
exclusion"):

- Education Act 2002 s.51A and the School Discipline (Pupil Exclusions and Reviews) (England)
  Regulations 2012 (SI 2012/1033), in force from 1 September 2012: the 45-day yearly cap, the
  governing board's 15 and 50 school-day clocks, the independent review clocks (15 school days to
  apply, deemed service of a posted notice on the 2nd working day, the hearing by the 15th school
  day, reconsideration within 10 school days) and sixth-day provision.
- DfE "Suspension and permanent exclusion" guidance (2024). A new version is in force from
  26 July 2026; the rules we hold record no change to these clocks in it, so every clock below
  applies to any date on or after ``CLOCKS_EFFECTIVE_FROM``.

Lengths are in sessions (half days): a lunchtime suspension is one session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from inclusion.calendar.days import SchoolCalendar, add_working_days

# SI 2012/1033 came into force on 1 September 2012.
CLOCKS_EFFECTIVE_FROM = dt.date(2012, 9, 1)
# The revised DfE guidance: no change to these clocks is recorded in statutory-rules.md.
REVISED_GUIDANCE_FROM = dt.date(2026, 7, 26)

SESSIONS_PER_DAY = 2
# s.51A / SI 2012/1033: at most 45 school days of suspension in an academic year, summed across
# schools; this service warns at 30 and 40 days.
YEARLY_CAP_DAYS = 45
WARNING_DAYS = (30, 40)
# SI 2012/1033: the board must consider reinstatement within 15 school days (PEx; suspensions over
# 15 school days in a term; a missed public exam) or 50 school days (over 5 and up to 15 days in a
# term, only if the parent makes representations).
BOARD_SHORT_DAYS = 15
BOARD_LONG_DAYS = 50
BOARD_SHORT_OVER_DAYS = 15
BOARD_LONG_OVER_DAYS = 5
# SI 2012/1033: independent review application within 15 school days of the written decision; a
# posted notice is deemed given on the 2nd working day after posting; the panel meets by the 15th
# school day after the application; the board reconsiders within 10 school days of the decision.
REVIEW_APPLICATION_DAYS = 15
POSTED_DEEMED_WORKING_DAYS = 2
HEARING_DAYS = 15
RECONSIDERATION_DAYS = 10
# Sixth-day provision: from the 6th school day of a suspension over 5 consecutive school days
# (the school arranges it) or of a permanent exclusion (the local authority does).
SIXTH_DAY = 6
SIXTH_DAY_OVER_DAYS = 5


def days_label(sessions: int) -> str:
    """Sessions as school days: 1 → "0.5", 4 → "2", 5 → "2.5"."""
    whole, half = divmod(sessions, SESSIONS_PER_DAY)
    return f"{whole}.5" if half else str(whole)


def first_day(calendar: SchoolCalendar, start: dt.date) -> dt.date:
    """The first school day of an exclusion starting on ``start`` (itself if a school day)."""
    return calendar.add_school_days(start, 0)


def last_day(calendar: SchoolCalendar, start: dt.date, sessions: int) -> dt.date:
    """The last school day of a suspension of ``sessions`` half days (it starts in the morning)."""
    span = max(1, -(-sessions // SESSIONS_PER_DAY))
    return calendar.add_school_days(first_day(calendar, start), span - 1)


def needs_sixth_day_provision(*, permanent: bool, sessions: int) -> bool:
    return permanent or sessions > SIXTH_DAY_OVER_DAYS * SESSIONS_PER_DAY


def sixth_day(calendar: SchoolCalendar, start: dt.date) -> dt.date:
    """The 6th school day of an exclusion starting on ``start``: provision starts by then."""
    return calendar.add_school_days(first_day(calendar, start), SIXTH_DAY - 1)


def unprovided_sessions(
    calendar: SchoolCalendar,
    *,
    permanent: bool,
    start: dt.date,
    sessions: int,
    provision_starts_on: dt.date | None,
    today: dt.date,
) -> list[tuple[dt.date, str]]:
    """Sessions from the 6th school day, up to today, with no provision: coded E.

    A suspension runs for its ``sessions``; a permanent exclusion until provision starts.
    Each is (date, "AM" or "PM").
    """
    if not needs_sixth_day_provision(permanent=permanent, sessions=sessions):
        return []
    first = sixth_day(calendar, start)
    last = today if permanent else min(today, last_day(calendar, start, sessions))
    if provision_starts_on is not None:
        last = min(last, provision_starts_on - dt.timedelta(days=1))
    days = calendar.school_days_in(first, last)
    found = [(day, half) for day in days for half in ("AM", "PM")]
    if not permanent and sessions % SESSIONS_PER_DAY and days:
        final = last_day(calendar, start, sessions)
        found = [(day, half) for day, half in found if not (day == final and half == "PM")]
    return found


# The 45-day yearly cap ---------------------------------------------------------------------------


class CapLevel(Enum):
    OK = "ok"
    WARNING_30 = "warning_30"
    WARNING_40 = "warning_40"
    REACHED = "reached"


def cap_level(sessions: int) -> CapLevel:
    """How close a pupil's suspensions this academic year are to the 45-day cap."""
    days = sessions / SESSIONS_PER_DAY
    if days >= YEARLY_CAP_DAYS:
        return CapLevel.REACHED
    if days >= WARNING_DAYS[1]:
        return CapLevel.WARNING_40
    if days >= WARNING_DAYS[0]:
        return CapLevel.WARNING_30
    return CapLevel.OK


def would_exceed_cap(existing_sessions: int, new_sessions: int) -> bool:
    return existing_sessions + new_sessions > YEARLY_CAP_DAYS * SESSIONS_PER_DAY


def sessions_left(existing_sessions: int) -> int:
    return max(0, YEARLY_CAP_DAYS * SESSIONS_PER_DAY - existing_sessions)


# The governing board -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardDeadline:
    due_on: dt.date | None
    school_days: int | None
    why: str


def term_sessions(
    calendar: SchoolCalendar, start: dt.date, suspensions: Iterable[tuple[dt.date, int]]
) -> int:
    """Sessions of the suspensions (start, sessions) that start in the term ``start`` is in."""
    term = calendar.term_containing(start)
    if term is None:
        return 0
    return sum(s for day, s in suspensions if term.starts_on <= day <= term.ends_on)


def board_meeting(
    calendar: SchoolCalendar,
    *,
    permanent: bool,
    notice_on: dt.date,
    term_total_sessions: int,
    missed_public_exam: bool,
    parent_representations: bool,
) -> BoardDeadline:
    """When the governing board must meet to consider reinstatement (SI 2012/1033).

    ``notice_on`` is the day the board received notice; ``term_total_sessions`` the pupil's
    suspensions at the school this term, this one included.
    """
    days = term_total_sessions / SESSIONS_PER_DAY
    if permanent:
        why = "a permanent exclusion"
    elif days > BOARD_SHORT_OVER_DAYS:
        why = "suspensions totalling over 15 school days this term"
    elif missed_public_exam:
        why = "the pupil missed a public examination"
    elif days > BOARD_LONG_OVER_DAYS:
        if not parent_representations:
            return BoardDeadline(
                None,
                None,
                "Over 5 and up to 15 school days this term: the board meets within 50 school "
                "days only if the parent makes representations",
            )
        due = calendar.add_school_days(notice_on, BOARD_LONG_DAYS)
        return BoardDeadline(
            due, BOARD_LONG_DAYS, "over 5 and up to 15 school days this term, with representations"
        )
    else:
        return BoardDeadline(
            None,
            None,
            "5 school days or fewer this term: the board considers any representations but "
            "cannot direct reinstatement",
        )
    return BoardDeadline(
        calendar.add_school_days(notice_on, BOARD_SHORT_DAYS), BOARD_SHORT_DAYS, why
    )


# Independent review (permanent exclusions) -------------------------------------------------------


def deemed_given(given_on: dt.date, *, posted: bool) -> dt.date:
    """The day the written decision counts as given: a posted notice on the 2nd working day
    after posting (working days: weekdays less bank holidays, school open or not)."""
    if posted:
        return add_working_days(given_on, POSTED_DEEMED_WORKING_DAYS)
    return given_on


def review_application_closes(
    calendar: SchoolCalendar, given_on: dt.date, *, posted: bool
) -> dt.date:
    """The last day to apply for an independent review: 15 school days from the decision."""
    return calendar.add_school_days(deemed_given(given_on, posted=posted), REVIEW_APPLICATION_DAYS)


def hearing_due(calendar: SchoolCalendar, applied_on: dt.date) -> dt.date:
    """The panel meets by the 15th school day after the application."""
    return calendar.add_school_days(applied_on, HEARING_DAYS)


def reconsideration_due(calendar: SchoolCalendar, panel_decided_on: dt.date) -> dt.date:
    """The board reconsiders within 10 school days of the panel's decision."""
    return calendar.add_school_days(panel_decided_on, RECONSIDERATION_DAYS)
