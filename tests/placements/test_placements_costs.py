"""The cost arithmetic (pure: no database): Decimals, pence rounded half up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inclusion.placements.costs import (
    pence,
    school_weeks,
    termly_cost,
    units_a_week,
    weekly_cost,
)

MON, TUE, WED = 0, 1, 2


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1.005", "1.01"),
        ("1.004", "1.00"),
        ("2.675", "2.68"),
        ("0.125", "0.13"),
        ("10", "10.00"),
    ],
)
def test_pence_rounds_half_up(amount, expected):
    assert pence(Decimal(amount)) == Decimal(expected)


@pytest.mark.parametrize(
    ("unit", "weekdays", "units"),
    [
        ("session", [MON, MON, TUE], 3),
        ("day", [MON, MON, TUE], 2),
        ("week", [MON, MON, TUE], 1),
        ("session", [], 0),
        ("day", [], 0),
        ("week", [], 1),
    ],
)
def test_units_a_week(unit, weekdays, units):
    assert units_a_week(unit, weekdays) == units


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="Unknown price unit"):
        units_a_week("fortnight", [MON])


def test_weekly_cost_per_session_counts_every_session():
    assert weekly_cost(Decimal("45.50"), "session", [MON, MON, TUE]) == Decimal("136.50")


def test_weekly_cost_per_day_counts_distinct_days():
    assert weekly_cost(Decimal("80"), "day", [MON, MON, TUE, WED]) == Decimal("240.00")


def test_weekly_cost_per_week_is_the_price():
    assert weekly_cost(Decimal("300"), "week", [MON, TUE]) == Decimal("300.00")


def test_no_price_or_no_unit_has_no_cost():
    assert weekly_cost(None, "session", [MON]) is None
    assert weekly_cost(Decimal(10), "", [MON]) is None
    assert termly_cost(None, "day", [MON], 60) is None


def test_school_weeks_are_school_days_over_five():
    assert school_weeks(62) == Decimal("12.4")
    assert school_weeks(0) == 0


def test_termly_cost_is_weekly_cost_times_school_weeks():
    # 3 sessions at £45.50 = £136.50 a week; 62 school days = 12.4 weeks: £1,692.60.
    assert termly_cost(Decimal("45.50"), "session", [MON, MON, TUE], 62) == Decimal("1692.60")


def test_termly_cost_rounds_to_the_penny_once():
    # £33.33 a week over 61 days (12.2 weeks) is £406.626: £406.63.
    assert termly_cost(Decimal("33.33"), "week", [MON], 61) == Decimal("406.63")
    # £0.01 a week over 3 days (0.6 weeks) is £0.006: £0.01; over 2 days £0.004: £0.00.
    assert termly_cost(Decimal("0.01"), "week", [], 3) == Decimal("0.01")
    assert termly_cost(Decimal("0.01"), "week", [], 2) == Decimal("0.00")
