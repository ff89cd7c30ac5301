"""The clocks, with dates worked out by hand on Leicestershire's seeded calendar.

2025 to 2026: spring term 5 January (INSET) to 27 March 2026, February half term 16 to 20
February; summer term 13 April to 20 July 2026. Good Friday (3 April) and Easter Monday (6 April)
are in the Easter break; the early May bank holiday (Monday 4 May 2026) is in term.
"""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendar_for
from inclusion.moves import clocks
from tests.factories import leicestershire

D = dt.date


@pytest.fixture
def cal(db) -> SchoolCalendar:
    calendar = calendar_for(leicestershire())
    # The facts the hand-worked dates rely on.
    assert not calendar.is_school_day(D(2026, 2, 16))  # half term
    assert not calendar.is_school_day(D(2026, 5, 4))  # early May bank holiday, in term
    assert not calendar.is_school_day(D(2026, 4, 3))  # Good Friday, in the Easter break
    assert calendar.is_school_day(D(2026, 3, 27))
    assert calendar.is_school_day(D(2026, 4, 13))
    return calendar


@pytest.mark.parametrize(
    ("notice", "earliest"),
    [
        # Wednesday notice, Friday start: Thursday and Friday are the two school days.
        (D(2026, 2, 4), D(2026, 2, 6)),
        # Thursday before half term: Friday 13 February, then Monday 23 February.
        (D(2026, 2, 12), D(2026, 2, 23)),
        # Friday before half term: Monday 23 and Tuesday 24 February.
        (D(2026, 2, 13), D(2026, 2, 24)),
        # Notice in the half term itself: Monday 23 and Tuesday 24 February.
        (D(2026, 2, 18), D(2026, 2, 24)),
        # Thursday 30 April: Friday 1 May, then (Monday 4 May is the bank holiday) Tuesday 5 May.
        (D(2026, 4, 30), D(2026, 5, 5)),
        (D(2026, 5, 1), D(2026, 5, 6)),
        # Thursday 26 March: Friday 27 March, then across Easter to Monday 13 April.
        (D(2026, 3, 26), D(2026, 4, 13)),
    ],
)
def test_the_earliest_first_day_is_the_second_school_day_after_notice(cal, notice, earliest):
    assert clocks.earliest_start(cal, notice) == earliest
    assert clocks.notice_is_enough(cal, notice, earliest)
    assert not clocks.notice_is_enough(cal, notice, earliest - dt.timedelta(days=1))


def test_notice_on_thursday_before_half_term_is_not_enough_for_the_friday(cal):
    assert not clocks.notice_is_enough(cal, D(2026, 2, 12), D(2026, 2, 13))
    # ... nor for the Monday of the half term (not a school day, and too soon).
    assert not clocks.notice_is_enough(cal, D(2026, 2, 12), D(2026, 2, 16))


@pytest.mark.parametrize(
    ("posted_on", "deemed", "earliest"),
    [
        # Posted Thursday 30 April 2026: Friday 1 May (1st working day), Monday 4 May is the bank
        # holiday, Tuesday 5 May (2nd): deemed given then. School days: 6 and 7 May.
        (D(2026, 4, 30), D(2026, 5, 5), D(2026, 5, 7)),
        # Posted Thursday 2 April, in the Easter break: Good Friday 3 April and Easter Monday
        # 6 April are not working days; Tuesday 7 (1st), Wednesday 8 April (2nd, schools shut
        # but a working day). School days: Monday 13 and Tuesday 14 April.
        (D(2026, 4, 2), D(2026, 4, 8), D(2026, 4, 14)),
        # Posted Friday 13 February: the half term is working days, so Monday 16 (1st), Tuesday
        # 17 February (2nd). School days: Monday 23 and Tuesday 24 February.
        (D(2026, 2, 13), D(2026, 2, 17), D(2026, 2, 24)),
        # Posted Wednesday 11 February: deemed given Friday 13; then 23 and 24 February (by hand
        # the same day it would have been Friday 13 February).
        (D(2026, 2, 11), D(2026, 2, 13), D(2026, 2, 24)),
    ],
)
def test_a_posted_notice_is_deemed_given_on_the_2nd_working_day(cal, posted_on, deemed, earliest):
    assert clocks.notice_deemed_given(posted_on, posted=True) == deemed
    assert clocks.earliest_start(cal, posted_on, posted=True) == earliest
    assert clocks.notice_is_enough(cal, posted_on, earliest, posted=True)
    assert not clocks.notice_is_enough(cal, posted_on, earliest - dt.timedelta(days=1), posted=True)


def test_by_hand_or_e_mail_the_notice_is_given_that_day(cal):
    assert clocks.notice_deemed_given(D(2026, 4, 30)) == D(2026, 4, 30)
    assert clocks.earliest_start(cal, D(2026, 4, 30)) == D(2026, 5, 5)
    assert clocks.earliest_start(cal, D(2026, 2, 11)) == D(2026, 2, 13)


def test_the_next_review_counts_school_weeks_across_holidays_and_the_bank_holiday(cal):
    # From Monday 23 February 2026, 6 school weeks = 30 school days: 4 in February, 20 in March,
    # then the Easter break, 5 from 13 April, and the 30th is Monday 20 April.
    assert clocks.next_review_on(cal, D(2026, 2, 23), 6) == D(2026, 4, 20)
    # From Monday 27 April, 2 school weeks: 28 April to 1 May (4), 5 to 8 May (8; 4 May is the
    # bank holiday), 11 and 12 May.
    assert clocks.next_review_on(cal, D(2026, 4, 27), 2) == D(2026, 5, 12)


def test_the_last_day_of_a_direction_skips_the_half_term(cal):
    # 10 school days from Monday 9 February: 9 to 13 February, then 23 to 27 February.
    assert clocks.last_day(cal, D(2026, 2, 9), 10) == D(2026, 2, 27)
    # Starting on a Saturday in the half term: day 1 is Monday 23 February.
    assert clocks.last_day(cal, D(2026, 2, 14), 3) == D(2026, 2, 25)


def test_a_missing_calendar_is_an_error_not_a_guess(cal):
    with pytest.raises(CalendarMissingError):
        clocks.earliest_start(cal, D(2029, 3, 1))


def test_a_request_must_be_honoured_unless_a_review_was_held_in_the_last_10_weeks():
    requested = D(2026, 6, 1)
    # 10 weeks before 1 June 2026 is Monday 23 March 2026.
    none = clocks.review_request_decision(requested, [])
    assert none.must_hold
    assert none.recent_review_on is None
    assert none.window_starts == D(2026, 3, 23)
    old = clocks.review_request_decision(requested, [D(2026, 3, 22)])
    assert old.must_hold
    edge = clocks.review_request_decision(requested, [D(2026, 3, 22), D(2026, 3, 23)])
    assert not edge.must_hold
    assert edge.recent_review_on == D(2026, 3, 23)
    recent = clocks.review_request_decision(requested, [D(2026, 4, 20), D(2026, 5, 12)])
    assert not recent.must_hold
    assert recent.recent_review_on == D(2026, 5, 12)
    # A review after the request does not count against it.
    later = clocks.review_request_decision(requested, [D(2026, 6, 3)])
    assert later.must_hold


def test_trial_moves_end_on_26_july_2026():
    assert clocks.trial_allowed(D(2026, 7, 25))
    assert not clocks.trial_allowed(D(2026, 7, 26))
    assert not clocks.trial_allowed(D(2027, 1, 4))


def test_a_review_is_overdue_the_day_after_it_falls_due():
    assert not clocks.review_overdue(D(2026, 6, 1), D(2026, 6, 1))
    assert clocks.review_overdue(D(2026, 6, 1), D(2026, 6, 2))
    assert not clocks.review_overdue(None, D(2026, 6, 2))
