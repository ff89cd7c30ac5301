"""Money for Tier 4 Programme Management: the termly recharge to schools and the placement
spend of a partnership. Pure arithmetic over dates, day counts and Decimals: no database.

**The termly recharge.** A partnership recharges each of its schools, every term, for the
school's pupils on Tier 4 Programme Management. For one pupil in one term::

    recharge = A / T * (D / N)

- ``A``: the partnership's **average pupil cost** for the school year the term belongs to
  (set by the co-ordinator or an LA officer, one amount a year);
- ``T``: how many **terms** the local authority's school calendar has in that school year;
- ``N``: the **school days in the term** (weekdays in term time that are not bank holidays,
  half terms or INSET days: :mod:`inclusion.calendar.days`);
- ``D``: the **school days the pupil's placements cover** within the term. A placement covers
  the school days from its start date to its end date (both included; to the end of the term
  while it has no end date). A pupil with several placements in the term is charged once for
  the days covered by **any** of them (the union of their dates), never twice for a day.

The sum is worked out exactly and rounded to the penny, halves up, once, at the end of each
pupil's line; a statement's total is the sum of its rounded lines. Which placements count (the
pupil's school, Tier 4, commissioned by the partnership, agreed, active or ended after going
ahead, dates overlapping the term) is decided by ``selectors.money``; this module only counts.

**Placement spend.** What a partnership spends on a placement in a term is its weekly cost
(:func:`inclusion.placements.costs.weekly_cost`: price times the units its timetable uses a
week) times the school weeks it covers in the term, a school week being five school days::

    spend = weekly cost * (D / 5)

with ``D`` the school days the placement covers in the term, rounded to the penny, halves up,
once. A placement without a price has no spend: it is listed as "price not recorded".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from inclusion.placements.costs import pence, school_weeks

Span = tuple[dt.date, dt.date | None]

ZERO = Decimal("0.00")


def days_covered(school_days: Sequence[dt.date], spans: Iterable[Span]) -> int:
    """How many of ``school_days`` fall inside at least one span (start, end or None for
    open-ended), both ends included: the union of the spans, so a day counts once."""
    ranges = list(spans)
    return sum(
        1
        for day in school_days
        if any(start <= day and (end is None or day <= end) for start, end in ranges)
    )


def recharge(
    *,
    average_pupil_cost: Decimal,
    terms_in_year: int,
    days_covered: int,
    days_in_term: int,
) -> Decimal:
    """One pupil's recharge for a term: ``A / T * (D / N)``, rounded to the penny half up.

    A term without school days, or a year without terms, charges nothing.
    """
    if days_in_term <= 0 or terms_in_year <= 0 or days_covered <= 0:
        return ZERO
    if days_covered > days_in_term:
        raise ValueError("A pupil cannot be covered for more school days than the term has")
    exact = average_pupil_cost * days_covered / (terms_in_year * days_in_term)
    return pence(exact)


def spend(*, weekly_cost: Decimal, days_covered: int) -> Decimal:
    """A placement's spend in a term: the weekly cost times its school weeks in the term
    (``days_covered`` / 5), rounded to the penny half up."""
    return pence(weekly_cost * school_weeks(max(days_covered, 0)))


def total(amounts: Iterable[Decimal]) -> Decimal:
    """The sum of already-rounded lines (a statement's total)."""
    return sum(amounts, ZERO)
