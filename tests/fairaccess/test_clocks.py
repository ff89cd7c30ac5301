"""The 20-school-day Fair Access clock (``inclusion.fairaccess.clocks``), with dates worked by
hand on Leicestershire's seeded calendar: spring term 5 January (an INSET day) to 27 March 2026,
February half term 16 to 20 February, Easter holiday 28 March to 12 April (Good Friday 3 April and
Easter Monday 6 April inside it), summer term from 13 April with the early May bank holiday on
Monday 4 May 2026 in term."""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendar_for
from inclusion.fairaccess.clocks import allocation_clock, allocation_due, rule_on
from tests.factories import leicestershire

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def calendar() -> SchoolCalendar:
    return calendar_for(leicestershire())


def test_the_calendar_is_as_the_hand_working_assumes(calendar):
    assert not calendar.is_school_day(D(2026, 2, 16))  # half term
    assert not calendar.is_school_day(D(2026, 4, 3))  # Good Friday, in the Easter holiday
    assert not calendar.is_school_day(D(2026, 4, 6))  # Easter Monday
    assert not calendar.is_school_day(D(2026, 5, 4))  # early May bank holiday, in term
    assert calendar.is_school_day(D(2026, 5, 5))


@pytest.mark.parametrize(
    ("decided_on", "due_on"),
    [
        # Mon 2 Feb: 3-6 Feb (4), 9-13 Feb (9), half term skipped, 23-27 Feb (14),
        # 2-6 Mar (19), Mon 9 Mar (20).
        (D(2026, 2, 2), D(2026, 3, 9)),
        # Decided in the half term (Tue 17 Feb): 23-27 Feb (5), 2-6 (10), 9-13 (15),
        # 16-20 Mar (20).
        (D(2026, 2, 17), D(2026, 3, 20)),
        # Mon 16 Mar: 17-20 Mar (4), 23-27 Mar (9), Easter holiday with Good Friday and Easter
        # Monday skipped, 13-17 Apr (14), 20-24 Apr (19), Mon 27 Apr (20).
        (D(2026, 3, 16), D(2026, 4, 27)),
        # Thu 23 Apr: Fri 24 (1), 27 Apr-1 May (6), Mon 4 May bank holiday skipped,
        # 5-8 May (10), 11-15 May (15), 18-22 May (20): a day later than without it.
        (D(2026, 4, 23), D(2026, 5, 22)),
    ],
)
def test_a_place_is_due_20_school_days_after_the_decision(calendar, decided_on, due_on):
    assert allocation_due(calendar, decided_on) == due_on


def test_the_rule_has_an_effective_from_date(calendar):
    assert rule_on(D(2021, 8, 31)) is None
    rule = rule_on(D(2026, 2, 2))
    assert rule is not None
    assert (rule.school_days, rule.effective_from) == (20, D(2021, 9, 1))
    assert "School Admissions Code 2021" in rule.source


def test_the_clock_counts_down_and_goes_overdue_the_day_after_the_due_day(calendar):
    def clock(today: dt.date, allocated_on: dt.date | None = None):
        result = allocation_clock(
            calendar, decided_on=D(2026, 2, 2), allocated_on=allocated_on, today=today
        )
        assert result is not None
        return result

    assert clock(D(2026, 2, 13)).school_days_left == 11  # 23 Feb to 9 Mar
    on_the_day = clock(D(2026, 3, 9))
    assert (on_the_day.school_days_left, on_the_day.overdue) == (0, False)
    late = clock(D(2026, 3, 10))
    assert (late.school_days_left, late.overdue) == (-1, True)
    in_time = clock(D(2026, 3, 10), allocated_on=D(2026, 3, 9))
    assert (in_time.overdue, in_time.late, in_time.allocated) == (False, False, True)
    assert clock(D(2026, 3, 12), allocated_on=D(2026, 3, 10)).late


def test_no_term_dates_is_said_plainly(calendar):
    with pytest.raises(CalendarMissingError):
        allocation_due(calendar, D(2028, 7, 1))  # the last recorded school year runs out
