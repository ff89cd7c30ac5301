"""The money rule itself (inclusion/placements/money.py): pure arithmetic, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inclusion.placements.money import days_covered, recharge, spend, total

D = dt.date
# A fortnight of school days: Monday 7 to Friday 18 December 2026.
FORTNIGHT = [D(2026, 12, 7) + dt.timedelta(days=n) for n in range(12) if n not in (5, 6)]


def test_days_covered_counts_school_days_inside_a_span_both_ends_included():
    assert days_covered(FORTNIGHT, [(D(2026, 12, 9), D(2026, 12, 15))]) == 5


def test_an_open_ended_span_runs_to_the_end_of_the_days_given():
    assert days_covered(FORTNIGHT, [(D(2026, 12, 14), None)]) == 5


def test_overlapping_spans_count_each_day_once():
    spans = [(D(2026, 12, 7), D(2026, 12, 11)), (D(2026, 12, 10), D(2026, 12, 15))]
    # 7-11 is 5 days, 10-15 is 4 days; together 7-15 is 7 days, not 9.
    assert days_covered(FORTNIGHT, spans) == 7


def test_spans_outside_the_days_cover_nothing():
    assert days_covered(FORTNIGHT, [(D(2027, 1, 5), None), (D(2026, 11, 1), D(2026, 12, 6))]) == 0


def test_recharge_is_the_yearly_cost_over_the_terms_in_proportion_to_days():
    # £18,000 a year, 3 terms, 5 of 71 days: 18000 / 3 * 5 / 71 = 422.5352… → £422.54.
    assert recharge(
        average_pupil_cost=Decimal("18000.00"), terms_in_year=3, days_covered=5, days_in_term=71
    ) == Decimal("422.54")


def test_a_whole_term_is_a_third_of_the_year():
    assert recharge(
        average_pupil_cost=Decimal("18000.00"), terms_in_year=3, days_covered=53, days_in_term=53
    ) == Decimal("6000.00")


@pytest.mark.parametrize(
    ("cost", "covered", "expected"),
    [
        ("0.05", 1, "0.03"),  # 0.025: half up, not to the even 0.02
        ("0.01", 1, "0.01"),  # 0.005 → 0.01
        ("0.03", 1, "0.02"),  # 0.015 → 0.02
    ],
)
def test_recharge_rounds_half_up_to_the_penny(cost, covered, expected):
    assert recharge(
        average_pupil_cost=Decimal(cost), terms_in_year=1, days_covered=covered, days_in_term=2
    ) == Decimal(expected)


def test_no_days_no_term_days_or_no_terms_charge_nothing():
    cost = Decimal("18000.00")
    assert recharge(
        average_pupil_cost=cost, terms_in_year=3, days_covered=0, days_in_term=71
    ) == Decimal("0.00")
    assert recharge(
        average_pupil_cost=cost, terms_in_year=3, days_covered=0, days_in_term=0
    ) == Decimal("0.00")
    assert recharge(
        average_pupil_cost=cost, terms_in_year=0, days_covered=5, days_in_term=71
    ) == Decimal("0.00")


def test_more_days_than_the_term_has_is_refused():
    with pytest.raises(ValueError, match="more school days than the term has"):
        recharge(average_pupil_cost=Decimal(1), terms_in_year=3, days_covered=72, days_in_term=71)


def test_spend_is_the_weekly_cost_times_school_weeks_rounded_once():
    # 136.50 a week for 71 school days (14.2 weeks): 1938.30.
    assert spend(weekly_cost=Decimal("136.50"), days_covered=71) == Decimal("1938.30")
    # 33.33 a week for 3 days: 19.998 → 20.00.
    assert spend(weekly_cost=Decimal("33.33"), days_covered=3) == Decimal("20.00")
    assert spend(weekly_cost=Decimal("100.00"), days_covered=0) == Decimal("0.00")


def test_total_adds_rounded_lines():
    assert total([Decimal("422.54"), Decimal("0.01")]) == Decimal("422.55")
    assert total([]) == Decimal("0.00")
