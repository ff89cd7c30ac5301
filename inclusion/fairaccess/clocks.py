"""The Fair Access clock: a place must be allocated within 20 school days of the decision to use
the protocol, even at a school that is full.

Source: School Admissions Code 2021, paragraphs 3.9 to 3.33 (Fair Access Protocols), in force from
1 September 2021; see ``../shared/reference/statutory-rules.md``. Pure: it takes the local
authority's :class:`~inclusion.calendar.days.SchoolCalendar` and dates, and asks the database
nothing. A change to the rule is a new :class:`AllocationRule` with its effective-from date, and
a test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inclusion.calendar.days import SchoolCalendar


@dataclass(frozen=True)
class AllocationRule:
    effective_from: dt.date
    school_days: int
    source: str


RULES: tuple[AllocationRule, ...] = (
    AllocationRule(
        effective_from=dt.date(2021, 9, 1),
        school_days=20,
        source="School Admissions Code 2021, paragraphs 3.9 to 3.33",
    ),
)


def rule_on(day: dt.date) -> AllocationRule | None:
    """The rule in force on ``day`` (the day of the decision to use the protocol), if any."""
    in_force = [rule for rule in RULES if rule.effective_from <= day]
    return max(in_force, key=lambda rule: rule.effective_from) if in_force else None


def allocation_due(calendar: SchoolCalendar, decided_on: dt.date) -> dt.date | None:
    """The last day for allocating a place: the 20th school day after the decision to use the
    protocol (that day not counted). ``None`` before any rule was in force.

    Raises :class:`~inclusion.calendar.days.CalendarMissingError` without term dates.
    """
    rule = rule_on(decided_on)
    if rule is None:
        return None
    return calendar.add_school_days(decided_on, rule.school_days)


@dataclass(frozen=True)
class AllocationClock:
    """Where a case stands on its clock on ``today``.

    ``school_days_left`` counts school days after today up to the due day (negative once
    overdue); ``overdue`` is true when no school was allocated by the due day and today is past
    it; ``late`` is true when a school was allocated after the due day.
    """

    due_on: dt.date
    school_days_left: int
    overdue: bool
    late: bool
    allocated: bool


def allocation_clock(
    calendar: SchoolCalendar,
    *,
    decided_on: dt.date,
    allocated_on: dt.date | None,
    today: dt.date,
) -> AllocationClock | None:
    """The case's clock; ``None`` when no rule applied on ``decided_on``."""
    due = allocation_due(calendar, decided_on)
    if due is None:
        return None
    if allocated_on is not None:
        return AllocationClock(due, 0, overdue=False, late=allocated_on > due, allocated=True)
    left = calendar.school_days_between(today, due)
    return AllocationClock(due, left, overdue=today > due, late=False, allocated=False)
