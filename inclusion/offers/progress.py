"""How an attendance support plan is going: pure functions, no queries.

- **Weekly percentage**: the week's sessions attended / sessions possible, as the attendance
  measures count it (:class:`inclusion.attendance.measures.Measures`: one decimal place, half up;
  none when nothing was possible).
- **Running percentage**: every check-in from the plan's start up to and including the week,
  added up: total attended / total possible (not an average of the weekly percentages).
- **Against baseline and target**: on track (at or above the target), below target (at or above
  the baseline, under the target) or below baseline.
- **School weeks** are named by their Monday; a week counts when the school calendar has at least
  one school day from that Monday to the Friday on or after the plan's start.
- **Check-in overdue**: the last complete school week (its Friday is before today) since the plan
  started has no check-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from inclusion.attendance.measures import Measures
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar

WEEK = dt.timedelta(days=7)
TO_FRIDAY = dt.timedelta(days=4)
LOOK_BACK_WEEKS = 20  # far enough back to cross the summer holiday

ON_TRACK = "on_track"
BELOW_TARGET = "below_target"
BELOW_BASELINE = "below_baseline"
NO_FIGURES = "no_figures"


@dataclass(frozen=True)
class Standing:
    key: str
    label: str
    css: str


STANDINGS = {
    ON_TRACK: Standing(ON_TRACK, "On track", "govuk-tag--green"),
    BELOW_TARGET: Standing(BELOW_TARGET, "Below target", "govuk-tag--yellow"),
    BELOW_BASELINE: Standing(BELOW_BASELINE, "Below baseline", "govuk-tag--red"),
    NO_FIGURES: Standing(NO_FIGURES, "No figures yet", "govuk-tag--grey"),
}


def percent(attended: int, possible: int) -> Decimal | None:
    """Attended / possible x 100 to one decimal place, half up, as the measures count it."""
    return Measures(possible=possible, attended=attended).percentage


def standing(value: Decimal | None, *, baseline: Decimal, target: Decimal) -> Standing:
    if value is None:
        return STANDINGS[NO_FIGURES]
    if value >= target:
        return STANDINGS[ON_TRACK]
    if value >= baseline:
        return STANDINGS[BELOW_TARGET]
    return STANDINGS[BELOW_BASELINE]


@dataclass(frozen=True)
class Week:
    """One check-in's figures: ``possible`` and ``attended`` that week."""

    week_of: dt.date
    possible: int
    attended: int


@dataclass(frozen=True)
class RunningWeek:
    week_of: dt.date
    possible: int
    attended: int
    weekly: Decimal | None
    total_possible: int
    total_attended: int
    running: Decimal | None
    standing: Standing


def running_weeks(
    weeks: Iterable[Week], *, baseline: Decimal, target: Decimal
) -> list[RunningWeek]:
    """Each week, oldest first, with its own percentage and the running one since the start."""
    rows: list[RunningWeek] = []
    total_possible = total_attended = 0
    for week in sorted(weeks, key=lambda w: w.week_of):
        total_possible += week.possible
        total_attended += week.attended
        running = percent(total_attended, total_possible)
        rows.append(
            RunningWeek(
                week_of=week.week_of,
                possible=week.possible,
                attended=week.attended,
                weekly=percent(week.attended, week.possible),
                total_possible=total_possible,
                total_attended=total_attended,
                running=running,
                standing=standing(running, baseline=baseline, target=target),
            )
        )
    return rows


def running_total(weeks: Iterable[Week]) -> tuple[int, int]:
    """(attended, possible) over every week."""
    attended = possible = 0
    for week in weeks:
        attended += week.attended
        possible += week.possible
    return attended, possible


# School weeks --------------------------------------------------------------------------------


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def friday_of(monday: dt.date) -> dt.date:
    return monday + TO_FRIDAY


def has_school_days(calendar: SchoolCalendar, monday: dt.date) -> bool:
    """Whether the school calendar has a school day from ``monday`` to its Friday (raises
    :class:`CalendarMissingError` when the calendar has no term dates for then)."""
    return bool(calendar.school_days_in(monday, friday_of(monday)))


def last_complete_school_week(calendar: SchoolCalendar, today: dt.date) -> dt.date | None:
    """The Monday of the latest school week whose Friday is before ``today``, looking back
    ``LOOK_BACK_WEEKS`` at most; ``None`` when there is none or the calendar cannot say."""
    monday = monday_of(today)
    if friday_of(monday) >= today:
        monday -= WEEK
    try:
        for _ in range(LOOK_BACK_WEEKS):
            if has_school_days(calendar, monday):
                return monday
            monday -= WEEK
    except CalendarMissingError:
        return None
    return None


def week_due(*, last_complete: dt.date | None, start: dt.date) -> dt.date | None:
    """The week a plan that started on ``start`` should have a check-in for by now: the last
    complete school week, unless it ended before the plan started."""
    if last_complete is None or friday_of(last_complete) < start:
        return None
    return last_complete


def overdue_week(
    *, last_complete: dt.date | None, start: dt.date, recorded: Iterable[dt.date]
) -> dt.date | None:
    """The week whose check-in is overdue, if any."""
    due = week_due(last_complete=last_complete, start=start)
    if due is None or due in set(recorded):
        return None
    return due


def school_weeks(calendar: SchoolCalendar, *, start: dt.date, until: dt.date) -> list[dt.date]:
    """The Mondays of the school weeks from the plan's start to ``until`` (a Monday), oldest
    first; only the weeks the calendar can answer for."""
    weeks: list[dt.date] = []
    monday = monday_of(start)
    while monday <= until:
        try:
            if friday_of(monday) >= start and has_school_days(calendar, monday):
                weeks.append(monday)
        except CalendarMissingError:
            pass
        monday += WEEK
    return weeks


def week_refusal(
    week_of: dt.date, *, start: dt.date, today: dt.date, calendar: SchoolCalendar
) -> str | None:
    """Why a check-in cannot be recorded for the week beginning ``week_of`` (a Monday), or
    ``None`` when it can."""
    if week_of > today:
        return "The week must not be in the future"
    if friday_of(week_of) < start:
        return f"The week must not be before the plan started on {start:%-d %B %Y}"
    try:
        if not has_school_days(calendar, week_of):
            return (
                f"The week beginning {week_of:%-d %B %Y} has no school days on the school "
                "calendar: choose a school week"
            )
    except CalendarMissingError as error:
        return str(error)
    return None


def missed_weeks(
    school_week_list: Sequence[dt.date], recorded: Iterable[dt.date], *, until: dt.date | None
) -> list[dt.date]:
    """School weeks up to ``until`` (the last complete one) with no check-in."""
    if until is None:
        return []
    done = set(recorded)
    return [w for w in school_week_list if w <= until and w not in done]


def calendar_problem(calendar: SchoolCalendar, day: dt.date) -> str:
    """The school calendar's message when it has no term dates for ``day``'s school year."""
    try:
        calendar.is_school_day(day)
    except CalendarMissingError as error:
        return str(error)
    return ""
