"""What a placement costs: pure arithmetic on Decimals, no database.

The weekly cost is the price times how many units the timetable uses in a week: the sessions
for a price per session, the distinct days for a price per day, one for a price per week. The
termly cost is the weekly cost times the school weeks in the term (its school days over five).
Every amount of money is rounded to the penny, half up, once, at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
DAYS_PER_SCHOOL_WEEK = 5

PER_SESSION = "session"
PER_DAY = "day"
PER_WEEK = "week"
UNITS = (PER_SESSION, PER_DAY, PER_WEEK)


def pence(amount: Decimal) -> Decimal:
    """``amount`` to the nearest penny, halves rounded up (away from zero)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def units_a_week(unit: str, weekdays: Iterable[int]) -> int:
    """How many of ``unit`` a week of sessions on ``weekdays`` (one entry per session) uses."""
    days = list(weekdays)
    if unit == PER_SESSION:
        return len(days)
    if unit == PER_DAY:
        return len(set(days))
    if unit == PER_WEEK:
        return 1
    raise ValueError(f"Unknown price unit {unit!r}")


def weekly_cost(price: Decimal | None, unit: str, weekdays: Iterable[int]) -> Decimal | None:
    """The cost of a week of sessions on ``weekdays``; None when there is no price or unit."""
    if price is None or not unit:
        return None
    return pence(price * units_a_week(unit, weekdays))


def school_weeks(school_days: int) -> Decimal:
    """School days as school weeks (five days a week), unrounded: 62 days are 12.4 weeks."""
    return Decimal(school_days) / DAYS_PER_SCHOOL_WEEK


def termly_cost(
    price: Decimal | None, unit: str, weekdays: Iterable[int], school_days: int
) -> Decimal | None:
    """The cost over a term of ``school_days`` school days; None when there is no price.

    Computed from the unrounded weekly figure so the penny rounding happens only once.
    """
    if price is None or not unit:
        return None
    return pence(price * units_a_week(unit, weekdays) * school_weeks(school_days))
