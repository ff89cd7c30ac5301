"""The plan's figures, worked by hand: weekly and running percentages, standing against the
baseline and target, school weeks on Leicestershire's calendar and the overdue check-in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inclusion.calendar.days import calendar_for
from inclusion.offers import progress
from tests.factories import leicestershire

D = dt.date
BASELINE, TARGET = Decimal("62.5"), Decimal(75)


def test_the_running_percentage_adds_up_the_weeks_it_does_not_average_them():
    weeks = [
        progress.Week(D(2026, 2, 2), possible=10, attended=6),
        progress.Week(D(2026, 2, 23), possible=9, attended=9),  # given out of order
        progress.Week(D(2026, 2, 9), possible=10, attended=8),
    ]
    rows = progress.running_weeks(weeks, baseline=BASELINE, target=TARGET)
    # 6/10 = 60.0%; 14/20 = 70.0%; 23/29 = 79.31…% → 79.3% (the average of 60, 80 and 100
    # would be 80.0%).
    assert [r.week_of for r in rows] == [D(2026, 2, 2), D(2026, 2, 9), D(2026, 2, 23)]
    assert [r.weekly for r in rows] == [Decimal("60.0"), Decimal("80.0"), Decimal("100.0")]
    assert [r.running for r in rows] == [Decimal("60.0"), Decimal("70.0"), Decimal("79.3")]
    assert [(r.total_attended, r.total_possible) for r in rows] == [(6, 10), (14, 20), (23, 29)]
    assert [r.standing.label for r in rows] == ["Below baseline", "Below target", "On track"]


def test_percentages_round_half_up_to_one_place():
    assert progress.percent(2, 3) == Decimal("66.7")
    assert progress.percent(1, 8) == Decimal("12.5")
    assert progress.percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3
    assert progress.percent(0, 0) is None


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (Decimal(75), "On track"),
        (Decimal("74.9"), "Below target"),
        (Decimal("62.5"), "Below target"),
        (Decimal("62.4"), "Below baseline"),
        (None, "No figures yet"),
    ],
)
def test_standing_against_baseline_and_target(value, label):
    assert progress.standing(value, baseline=BASELINE, target=TARGET).label == label


def test_a_week_with_nothing_possible_has_no_weekly_figure():
    (row,) = progress.running_weeks(
        [progress.Week(D(2026, 2, 2), 0, 0)], baseline=BASELINE, target=TARGET
    )
    assert row.weekly is None
    assert row.running is None
    assert row.standing.label == "No figures yet"


@pytest.fixture
def calendar(db):
    return calendar_for(leicestershire())


def test_school_weeks_skip_the_february_half_term(calendar):
    weeks = progress.school_weeks(calendar, start=D(2026, 2, 4), until=D(2026, 3, 2))
    assert weeks == [D(2026, 2, 2), D(2026, 2, 9), D(2026, 2, 23), D(2026, 3, 2)]


def test_a_plan_starting_at_a_weekend_begins_with_the_next_week(calendar):
    weeks = progress.school_weeks(calendar, start=D(2026, 2, 7), until=D(2026, 2, 9))
    assert weeks == [D(2026, 2, 9)]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 3, 4), D(2026, 2, 23)),  # Wednesday: this week is not over
        (D(2026, 2, 28), D(2026, 2, 23)),  # Saturday: the week just ended counts
        (D(2026, 2, 27), D(2026, 2, 9)),  # Friday: not over yet; half term is skipped
        (D(2026, 2, 25), D(2026, 2, 9)),
        (D(2026, 4, 15), D(2026, 3, 23)),  # after Easter: the last week of the spring term
    ],
)
def test_the_last_complete_school_week(calendar, today, expected):
    assert progress.last_complete_school_week(calendar, today) == expected


def test_the_last_complete_week_is_unknown_without_term_dates(calendar):
    assert progress.last_complete_school_week(calendar, D(2030, 10, 9)) is None


@pytest.mark.parametrize(
    ("start", "recorded", "overdue"),
    [
        (D(2026, 2, 2), [D(2026, 2, 2), D(2026, 2, 9)], D(2026, 2, 23)),
        (D(2026, 2, 2), [D(2026, 2, 23)], None),  # earlier weeks missed, the last one is done
        (D(2026, 2, 27), [], D(2026, 2, 23)),  # started on the Friday of that week
        (D(2026, 3, 2), [], None),  # started this week: nothing is due yet
    ],
)
def test_the_overdue_check_in(start, recorded, overdue):
    assert (
        progress.overdue_week(last_complete=D(2026, 2, 23), start=start, recorded=recorded)
        == overdue
    )


@pytest.mark.parametrize(
    ("week_of", "message"),
    [
        (D(2026, 3, 9), "The week must not be in the future"),
        (D(2026, 1, 26), "The week must not be before the plan started on 2 February 2026"),
        (
            D(2026, 2, 16),
            "The week beginning 16 February 2026 has no school days on the school calendar: "
            "choose a school week",
        ),
        (D(2026, 2, 2), None),
        (D(2026, 3, 2), None),  # this week, though not over yet
    ],
)
def test_which_weeks_may_have_a_check_in(calendar, week_of, message):
    refusal = progress.week_refusal(
        week_of, start=D(2026, 2, 2), today=D(2026, 3, 4), calendar=calendar
    )
    assert refusal == message
