"""Half terms (SchoolCalendar.half_terms and half_term_containing), worked by hand against
Rutland's test calendar (tests/calendar/factories.py::rutland_2025) and Leicestershire's seed."""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion.calendar import days
from inclusion.calendar.days import CalendarMissingError
from inclusion.organisations.models import LocalAuthority
from tests.calendar.factories import HALF_TERM, make_closure, make_term, rutland, rutland_2025
from tests.factories import leicestershire

D = dt.date


@pytest.fixture
def la(db) -> LocalAuthority:
    return rutland_2025()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 9, 3), (D(2025, 9, 3), D(2025, 10, 26))),  # the first day of the autumn term
        (D(2025, 10, 24), (D(2025, 9, 3), D(2025, 10, 26))),  # the Friday before half term
        (D(2025, 10, 26), (D(2025, 9, 3), D(2025, 10, 26))),  # the Sunday before it
        (D(2025, 10, 27), None),  # October half term
        (D(2025, 10, 31), None),
        (D(2025, 11, 1), (D(2025, 11, 1), D(2025, 12, 19))),  # the Saturday after it
        (D(2025, 12, 19), (D(2025, 11, 1), D(2025, 12, 19))),
        (D(2025, 12, 24), None),  # the Christmas holidays
        (D(2026, 1, 5), (D(2026, 1, 5), D(2026, 2, 15))),  # an INSET day is inside its half
        (D(2026, 2, 21), (D(2026, 2, 21), D(2026, 3, 27))),
        (D(2026, 6, 8), (D(2026, 6, 6), D(2026, 7, 22))),
    ],
)
def test_half_term_containing(la, day, expected):
    assert days.half_term_containing(la, day) == expected
    assert days.calendar_for(la).half_term_containing(day) == expected


def test_a_term_is_split_at_its_half_term_closure(la):
    calendar = days.calendar_for(la)
    autumn, spring, summer = calendar.terms[:3]
    assert calendar.half_terms(autumn) == [
        (D(2025, 9, 3), D(2025, 10, 26)),
        (D(2025, 11, 1), D(2025, 12, 19)),
    ]
    assert calendar.half_terms(summer) == [
        (D(2026, 4, 13), D(2026, 5, 31)),
        (D(2026, 6, 6), D(2026, 7, 22)),
    ]
    assert len(calendar.half_terms(spring)) == 2


def test_a_term_without_a_half_term_is_one_half(db):
    la = rutland()
    make_term(la, 2030, "Short term", D(2030, 9, 2), D(2030, 9, 27))
    assert days.half_term_containing(la, D(2030, 9, 10)) == (D(2030, 9, 2), D(2030, 9, 27))


def test_a_half_term_at_the_very_start_of_a_term_leaves_one_half(db):
    la = rutland()
    make_term(la, 2030, "Odd term", D(2030, 9, 2), D(2030, 10, 25))
    make_closure(la, HALF_TERM, "Half term", D(2030, 9, 2), D(2030, 9, 6))
    assert days.calendar_for(la).half_terms(la.terms.get()) == [(D(2030, 9, 7), D(2030, 10, 25))]
    assert days.half_term_containing(la, D(2030, 9, 3)) is None


def test_a_year_without_terms_raises(la):
    with pytest.raises(CalendarMissingError):
        days.half_term_containing(la, D(2027, 10, 1))


def test_leicestershire_autumn_2026(db):
    la = leicestershire()
    assert days.half_term_containing(la, D(2026, 11, 25)) == (D(2026, 10, 31), D(2026, 12, 18))
    assert days.half_term_containing(la, D(2026, 10, 23)) == (D(2026, 9, 1), D(2026, 10, 25))
    assert days.half_term_containing(la, D(2026, 10, 28)) is None
