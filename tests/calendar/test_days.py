"""School-day arithmetic (inclusion.calendar.days), worked by hand against Rutland's test calendar
(tests/calendar/factories.py::rutland_2025) and Leicestershire's seeded term dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion.calendar import days
from inclusion.calendar.days import CalendarMissingError
from inclusion.organisations.models import LocalAuthority
from tests.calendar.factories import (
    INSET,
    OTHER,
    make_closure,
    make_term,
    rutland,
    rutland_2025,
)
from tests.factories import leicestershire

D = dt.date


@pytest.fixture
def la(db) -> LocalAuthority:
    return rutland_2025()


# What a school day is.


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 9, 3), True),  # first day of the autumn term
        (D(2025, 9, 2), False),  # the day before term starts
        (D(2025, 9, 6), False),  # Saturday
        (D(2025, 9, 7), False),  # Sunday
        (D(2025, 10, 27), False),  # October half term
        (D(2025, 12, 19), True),  # last day of the autumn term
        (D(2025, 12, 22), False),  # Christmas holidays (a Monday)
        (D(2026, 1, 5), False),  # INSET day at the start of the spring term
        (D(2026, 1, 6), True),
        (D(2026, 5, 1), True),  # Friday before the early May bank holiday
        (D(2026, 5, 4), False),  # early May bank holiday, in term
        (D(2026, 5, 25), False),  # late May bank holiday, in term
        (D(2026, 5, 26), True),
        (D(2026, 6, 3), False),  # June half term
    ],
)
def test_is_school_day(la, day, expected):
    assert days.is_school_day(la, day) is expected


def test_term_totals_worked_by_hand(la):
    calendar = days.calendar_for(la)
    autumn, spring, summer = calendar.terms
    # Autumn: 78 weekdays less a 5-day half term. Spring: 60 weekdays less half term and one
    # INSET day. Summer: 73 weekdays less half term, an INSET day and two bank holidays.
    assert [calendar.term_school_days(t) for t in (autumn, spring, summer)] == [73, 54, 65]
    assert calendar.school_days_between(D(2025, 8, 1), D(2026, 7, 31)) == 192


# Adding school days.


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 5), 1, D(2025, 9, 8)),  # Friday → Monday over a weekend
        (D(2025, 9, 6), 1, D(2025, 9, 8)),  # from a Saturday
        (D(2025, 9, 3), 5, D(2025, 9, 10)),
        (D(2025, 10, 24), 1, D(2025, 11, 3)),  # over October half term
        (D(2026, 5, 1), 1, D(2026, 5, 5)),  # over the early May bank holiday
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # over the late May bank holiday
        (D(2026, 5, 29), 1, D(2026, 6, 8)),  # over June half term
        (D(2026, 3, 27), 1, D(2026, 4, 14)),  # over Easter and the INSET day after it
        (D(2026, 2, 13), 5, D(2026, 2, 27)),  # a school week across February half term
        # Two weeks before Christmas, 20 school days: 10 in December, the INSET day on 5 January
        # does not count, 4 + 5 in January → Monday 19 January.
        (D(2025, 12, 5), 20, D(2026, 1, 19)),
    ],
)
def test_add_school_days(la, start, n, expected):
    assert days.add_school_days(la, start, n) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2025, 9, 3), D(2025, 9, 3)),  # a school day is its own answer
        (D(2025, 9, 6), D(2025, 9, 8)),  # Saturday → Monday
        (D(2025, 10, 29), D(2025, 11, 3)),  # in half term → first day back
        (D(2026, 5, 4), D(2026, 5, 5)),  # bank holiday → next day
        (D(2025, 12, 25), D(2026, 1, 6)),  # Christmas → after the INSET day
    ],
)
def test_adding_no_days_gives_the_day_or_the_next_school_day(la, start, expected):
    assert days.add_school_days(la, start, 0) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 8), -1, D(2025, 9, 5)),
        (D(2025, 9, 7), -1, D(2025, 9, 5)),  # from a Sunday
        (D(2025, 11, 3), -1, D(2025, 10, 24)),  # back over half term
        (D(2026, 5, 5), -1, D(2026, 5, 1)),  # back over the bank holiday
        (D(2026, 1, 19), -20, D(2025, 12, 5)),  # back over Christmas and the INSET day
        (D(2026, 1, 6), -1, D(2025, 12, 19)),
    ],
)
def test_negative_n_counts_backwards(la, start, n, expected):
    assert days.add_school_days(la, start, n) == expected


def test_adding_then_counting_round_trips(la):
    calendar = days.calendar_for(la)
    start = D(2025, 9, 3)
    for n in (1, 7, 30, 100, 180):
        end = calendar.add_school_days(start, n)
        assert calendar.school_days_between(start, end) == n
        assert calendar.add_school_days(end, -n) == start


# Counting and the other questions.


def test_school_days_between_counts_after_start_up_to_end(la):
    assert days.school_days_between(la, D(2025, 12, 5), D(2026, 1, 19)) == 20
    assert days.school_days_between(la, D(2025, 9, 5), D(2025, 9, 8)) == 1
    assert days.school_days_between(la, D(2025, 10, 25), D(2025, 11, 2)) == 0  # half term
    assert days.school_days_between(la, D(2025, 9, 8), D(2025, 9, 8)) == 0
    assert days.school_days_between(la, D(2026, 1, 19), D(2025, 12, 5)) == -20


def test_school_days_in_lists_both_ends(la):
    assert days.school_days_in(la, D(2026, 4, 30), D(2026, 5, 6)) == [
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 5, 5),
        D(2026, 5, 6),
    ]
    assert days.school_days_in(la, D(2026, 5, 6), D(2026, 4, 30)) == []


def test_next_school_day_is_strictly_after(la):
    assert days.next_school_day(la, D(2025, 9, 3)) == D(2025, 9, 4)
    assert days.next_school_day(la, D(2025, 12, 19)) == D(2026, 1, 6)


def test_six_school_weeks_is_thirty_school_days(la):
    # From Monday 2 February 2026: 5 days to the 9th, 4 more in that week (13th), February half
    # term, then 20 days from 23 February → Monday 23 March is the 30th.
    assert days.school_weeks_after(la, D(2026, 2, 2), 6) == D(2026, 3, 23)
    assert days.school_weeks_after(la, D(2026, 2, 2), 6) == days.add_school_days(
        la, D(2026, 2, 2), 30
    )


def test_term_containing_and_terms_between(la):
    autumn = days.term_containing(la, D(2025, 10, 29))  # half term is inside the term
    assert autumn is not None
    assert autumn.name == "Autumn term"
    assert days.term_containing(la, D(2025, 12, 24)) is None
    assert days.term_containing(la, D(2026, 7, 22)).name == "Summer term"  # type: ignore[union-attr]
    names = [t.name for t in days.terms_between(la, D(2025, 12, 1), D(2026, 4, 20))]
    assert names == ["Autumn term", "Spring term", "Summer term"]
    assert days.terms_between(la, D(2025, 12, 20), D(2026, 1, 4)) == []


def test_la_may_be_given_by_primary_key(la):
    for ref in (la, la.pk, str(la.pk)):
        assert days.add_school_days(ref, D(2025, 12, 5), 20) == D(2026, 1, 19)


def test_other_closures_and_a_one_day_term_change_count(la):
    make_closure(la, OTHER, "Polling day", D(2026, 5, 7))
    assert not days.is_school_day(la, D(2026, 5, 7))
    assert days.add_school_days(la, D(2026, 5, 6), 1) == D(2026, 5, 8)


# Never assume: a school year with no term dates raises.


def test_a_year_without_terms_raises(la):
    with pytest.raises(CalendarMissingError) as raised:
        days.is_school_day(la, D(2025, 7, 1))
    assert raised.value.academic_year == 2024
    assert raised.value.local_authority_id == la.pk
    assert "2024 to 2025 school year" in str(raised.value)


def test_an_authority_without_terms_raises_with_its_name(db):
    leicester = LocalAuthority.objects.get(dfe_code="856")
    with pytest.raises(CalendarMissingError, match="for Leicester for the 2026 to 2027"):
        days.add_school_days(leicester, D(2026, 11, 2), 5)


def test_running_off_the_end_of_the_recorded_years_raises(la):
    with pytest.raises(CalendarMissingError) as raised:
        days.add_school_days(la, D(2026, 7, 1), 20)
    assert raised.value.academic_year == 2026
    with pytest.raises(CalendarMissingError) as raised:
        days.add_school_days(la, D(2025, 9, 10), -10)
    assert raised.value.academic_year == 2024
    with pytest.raises(CalendarMissingError):
        days.school_days_between(la, D(2026, 7, 1), D(2026, 9, 30))
    with pytest.raises(CalendarMissingError):
        days.terms_between(la, D(2026, 7, 1), D(2026, 9, 30))
    with pytest.raises(CalendarMissingError):
        days.term_containing(la, D(2026, 8, 1))


def test_the_last_day_of_a_recorded_year_can_be_reached(la):
    assert days.add_school_days(la, D(2026, 7, 20), 2) == D(2026, 7, 22)
    assert days.is_school_day(la, D(2026, 7, 31)) is False  # still 2025 to 2026


def test_a_gap_year_between_recorded_years_raises(la):
    make_term(la, 2027, "Autumn term", D(2027, 9, 1), D(2027, 12, 17))
    with pytest.raises(CalendarMissingError) as raised:
        days.add_school_days(la, D(2026, 7, 20), 10)
    assert raised.value.academic_year == 2026


# Fast: two queries per call, none once a calendar is in hand.


def test_adding_200_school_days_takes_at_most_two_queries(db):
    la = leicestershire()
    with CaptureQueriesContext(connection) as queries:
        found = days.add_school_days(la, D(2025, 9, 1), 200)
    assert len(queries) <= 2
    # 190 school days in 2025 to 2026; 2026 to 2027 starts with INSET days on 1 and 2 September,
    # so its 10th school day is Wednesday 16 September 2026 (3, 4, 7 to 11, 14, 15, 16).
    assert found == D(2026, 9, 16)


def test_a_calendar_in_hand_answers_without_queries(la):
    calendar = days.calendar_for(la)
    with CaptureQueriesContext(connection) as queries:
        for offset in range(0, 300, 7):
            start = D(2025, 9, 1) + dt.timedelta(days=offset)
            calendar.add_school_days(start, 5)
            calendar.is_school_day(start)
    assert len(queries) == 0


def test_calendars_for_several_authorities_in_two_queries(la):
    county = leicestershire()
    with CaptureQueriesContext(connection) as queries:
        calendars = days.calendars_for([la, county.pk])
    assert len(queries) == 2
    assert calendars[la.pk].is_school_day(D(2026, 4, 13)) is False  # Rutland's INSET day
    assert calendars[county.pk].is_school_day(D(2026, 4, 13)) is True


# Leicestershire's seeded calendar, as the statutory clocks will meet it.


def test_leicestershire_seed_arithmetic(db):
    la = leicestershire()
    assert days.add_school_days(la, D(2025, 12, 5), 20) == D(2026, 1, 19)
    assert not days.is_school_day(la, D(2026, 5, 4))  # early May bank holiday, in term
    assert days.add_school_days(la, D(2026, 5, 1), 1) == D(2026, 5, 5)
    # Fair Access: 20 school days from Monday 19 October 2026 cross the INSET day on the 23rd
    # and October half term: 3 + 5 + 5 + 5 + 2 → Tuesday 24 November 2026.
    assert days.add_school_days(la, D(2026, 10, 19), 20) == D(2026, 11, 24)
    # A permanent exclusion's 15 school days from Friday 11 December 2026 reach into January
    # 2027: 5 in December, 4 after the INSET day on 4 January, 5, then Monday 18 January.
    assert days.add_school_days(la, D(2026, 12, 11), 15) == D(2027, 1, 18)


def test_the_inset_day_in_the_test_calendar_is_not_leicestershires(la):
    make_closure(la, INSET, "Extra INSET day", D(2026, 7, 22))
    assert not days.is_school_day(la, D(2026, 7, 22))
    assert days.is_school_day(leicestershire(), D(2026, 7, 17))


def test_rutland_starts_empty(db):
    with pytest.raises(CalendarMissingError):
        days.is_school_day(rutland(), D(2026, 1, 6))


# Working days (deemed service of a posted notice): no term dates needed.


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 10, 28), 2, D(2026, 10, 30)),  # half term is not a school day but is a working day
        (D(2026, 12, 23), 2, D(2026, 12, 29)),  # Christmas Day and Boxing Day (observed 28th)
        (D(2026, 4, 2), 2, D(2026, 4, 8)),  # Good Friday and Easter Monday
        (D(2026, 5, 2), 0, D(2026, 5, 5)),  # Saturday → Tuesday after the May bank holiday
        (D(2026, 5, 5), -1, D(2026, 5, 1)),
        (D(2030, 6, 5), 1, D(2030, 6, 6)),  # any year: no calendar needed
    ],
)
def test_add_working_days(db, start, n, expected):
    with CaptureQueriesContext(connection) as queries:
        assert days.add_working_days(start, n) == expected
    assert len(queries) == 0
