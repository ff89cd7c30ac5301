"""A provider's price, normalised to a full week so that prices quoted per session, per day and
per week can be filtered and compared."""

from __future__ import annotations

from decimal import Decimal

UNITS_PER_WEEK = {"session": 10, "day": 5, "week": 1}


def weekly_price(price: Decimal | None, unit: str) -> Decimal | None:
    """The price of a full week (10 sessions, 5 days); ``None`` when no price is given."""
    if price is None or unit not in UNITS_PER_WEEK:
        return None
    return (price * UNITS_PER_WEEK[unit]).quantize(Decimal("0.01"))
