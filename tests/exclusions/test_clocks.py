"""The statutory clocks, with dates worked out by hand on Leicestershire's seeded calendar.

Spring term 2026: Mon 5 Jan (INSET) to Fri 27 Mar; February half term 16 to 20 Feb. Easter
holiday 30 Mar to 10 Apr, with Good Friday 3 Apr and Easter Monday 6 Apr (bank holidays, not
working days). Summer term from Mon 13 Apr; Mon 4 May is a bank holiday in term; May half term
25 to 29 May.
"""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendar_for
from inclusion.exclusions import clocks
from tests.factories import leicestershire

D = dt.date


@pytest.fixture
def cal(db: None) -> SchoolCalendar:
    calendar = calendar_for(leicestershire())
    # The facts the hand-worked dates rely on.
    assert not calendar.is_school_day(D(2026, 2, 16))  # half term
    assert not calendar.is_school_day(D(2026, 4, 3))  # Good Friday, Easter holiday
    assert not calendar.is_school_day(D(2026, 5, 4))  # early May bank holiday, in term
    return calendar


def test_pex_board_meeting_15_school_days_across_half_term(cal):
    # Notice Tue 10 Feb: 11-13 Feb (3); half term; 23-27 Feb (8); 2-6 Mar (13); 9 (14), 10 (15).
    due = clocks.board_meeting(
        cal,
        permanent=True,
        notice_on=D(2026, 2, 10),
        term_total_sessions=0,
        missed_public_exam=False,
        parent_representations=False,
    )
    assert (due.due_on, due.school_days) == (D(2026, 3, 10), 15)


def test_suspensions_over_15_days_in_a_term_need_the_board_in_15_days(cal):
    due = clocks.board_meeting(
        cal,
        permanent=False,
        notice_on=D(2026, 2, 10),
        term_total_sessions=31,
        missed_public_exam=False,
        parent_representations=False,
    )
    assert due.due_on == D(2026, 3, 10)
    exactly_15 = clocks.board_meeting(
        cal,
        permanent=False,
        notice_on=D(2026, 1, 12),
        term_total_sessions=30,
        missed_public_exam=False,
        parent_representations=True,
    )
    assert exactly_15.school_days == 50  # 15 days is "up to 15": the 50-day clock


def test_missed_public_exam_needs_the_board_in_15_days(cal):
    due = clocks.board_meeting(
        cal,
        permanent=False,
        notice_on=D(2026, 2, 10),
        term_total_sessions=2,
        missed_public_exam=True,
        parent_representations=False,
    )
    assert due.due_on == D(2026, 3, 10)


def test_over_5_days_50_school_days_only_with_representations(cal):
    # Notice Mon 12 Jan: 13-16 Jan (4), 19-23 (9), 26-30 (14), 2-6 Feb (19), 9-13 (24), half term,
    # 23-27 Feb (29), 2-6 Mar (34), 9-13 (39), 16-20 (44), 23-27 (49), Easter holiday, 13 Apr (50).
    due = clocks.board_meeting(
        cal,
        permanent=False,
        notice_on=D(2026, 1, 12),
        term_total_sessions=12,
        missed_public_exam=False,
        parent_representations=True,
    )
    assert (due.due_on, due.school_days) == (D(2026, 4, 13), 50)
    none = clocks.board_meeting(
        cal,
        permanent=False,
        notice_on=D(2026, 1, 12),
        term_total_sessions=12,
        missed_public_exam=False,
        parent_representations=False,
    )
    assert none.due_on is None
    assert "only if the parent makes representations" in none.why


def test_five_days_or_fewer_no_meeting(cal):
    due = clocks.board_meeting(
        cal,
        permanent=False,
        notice_on=D(2026, 1, 12),
        term_total_sessions=10,
        missed_public_exam=False,
        parent_representations=True,
    )
    assert due.due_on is None
    assert "cannot direct reinstatement" in due.why


def test_posted_notice_deemed_given_on_the_second_working_day(cal):
    # Posted Thu 2 Apr: Fri 3 (Good Friday) and Mon 6 (Easter Monday) are not working days;
    # Tue 7 (1), Wed 8 (2). School days are not needed: it is the Easter holiday.
    assert clocks.deemed_given(D(2026, 4, 2), posted=True) == D(2026, 4, 8)
    assert clocks.deemed_given(D(2026, 4, 2), posted=False) == D(2026, 4, 2)


def test_review_application_window_from_a_posted_notice(cal):
    # Deemed Wed 8 Apr (holiday); school days from Mon 13 Apr: 13-17 (5), 20-24 (10),
    # 27-30 Apr (14), Fri 1 May (15).
    assert clocks.review_application_closes(cal, D(2026, 4, 2), posted=True) == D(2026, 5, 1)
    # Handed over on Tue 10 Feb: 15 school days, across half term: Tue 10 Mar.
    assert clocks.review_application_closes(cal, D(2026, 2, 10), posted=False) == D(2026, 3, 10)


def test_hearing_by_the_15th_school_day_across_the_may_bank_holiday(cal):
    # Applied Thu 30 Apr: Fri 1 May (1), Mon 4 May bank holiday, 5-8 May (5), 11-15 (10),
    # 18-22 (15).
    assert clocks.hearing_due(cal, D(2026, 4, 30)) == D(2026, 5, 22)


def test_reconsideration_within_10_school_days_across_may_half_term(cal):
    # Panel decided Thu 21 May: Fri 22 (1), half term 25-29 May, 1-5 Jun (6), 8-11 Jun (10).
    assert clocks.reconsideration_due(cal, D(2026, 5, 21)) == D(2026, 6, 11)


def test_sixth_day_and_last_day_across_half_term(cal):
    # From Wed 11 Feb: 11, 12, 13 (3), half term, 23 (4), 24 (5), Wed 25 Feb is the 6th day.
    assert clocks.sixth_day(cal, D(2026, 2, 11)) == D(2026, 2, 25)
    assert clocks.last_day(cal, D(2026, 2, 11), 14) == D(2026, 2, 26)  # 7 days
    # A start in the half term counts from the next school day.
    assert clocks.first_day(cal, D(2026, 2, 18)) == D(2026, 2, 23)


def test_sessions_with_no_provision_are_coded_e(cal):
    # 7 days from Wed 11 Feb: days 6 and 7 (25, 26 Feb) have no provision until it starts 26 Feb.
    e = clocks.unprovided_sessions(
        cal,
        permanent=False,
        start=D(2026, 2, 11),
        sessions=14,
        provision_starts_on=D(2026, 2, 26),
        today=D(2026, 3, 31),
    )
    assert e == [(D(2026, 2, 25), "AM"), (D(2026, 2, 25), "PM")]
    # 5.5 days: over 5, so day 6 (Wed 25 Feb) has one morning session with no provision.
    half = clocks.unprovided_sessions(
        cal,
        permanent=False,
        start=D(2026, 2, 11),
        sessions=11,
        provision_starts_on=None,
        today=D(2026, 3, 31),
    )
    assert half == [(D(2026, 2, 25), "AM")]
    # Five days: no sixth-day duty.
    assert (
        clocks.unprovided_sessions(
            cal,
            permanent=False,
            start=D(2026, 2, 11),
            sessions=10,
            provision_starts_on=None,
            today=D(2026, 3, 31),
        )
        == []
    )
    # A permanent exclusion: every session from day 6 up to today until the LA's provision.
    pex = clocks.unprovided_sessions(
        cal,
        permanent=True,
        start=D(2026, 2, 11),
        sessions=0,
        provision_starts_on=None,
        today=D(2026, 2, 26),
    )
    assert [day for day, _ in pex] == [D(2026, 2, 25)] * 2 + [D(2026, 2, 26)] * 2


def test_the_45_day_cap_and_its_warnings():
    assert clocks.cap_level(59) == clocks.CapLevel.OK
    assert clocks.cap_level(60) == clocks.CapLevel.WARNING_30
    assert clocks.cap_level(80) == clocks.CapLevel.WARNING_40
    assert clocks.cap_level(90) == clocks.CapLevel.REACHED
    assert not clocks.would_exceed_cap(89, 1)
    assert clocks.would_exceed_cap(89, 2)
    assert clocks.days_label(5) == "2.5"
    assert clocks.days_label(4) == "2"


def test_term_sessions_counts_only_the_term(cal):
    rows = [(D(2026, 1, 12), 10), (D(2026, 3, 2), 4), (D(2025, 12, 1), 20), (D(2026, 4, 20), 6)]
    assert clocks.term_sessions(cal, D(2026, 3, 2), rows) == 14


def test_missing_term_dates_are_an_error_not_a_guess(cal):
    with pytest.raises(CalendarMissingError):
        clocks.sixth_day(cal, D(2029, 2, 11))
