"""A pupil's timetabled hours against a full-time education: the one place full time is set.

Hours count from placements that are agreed or active; a total below full time is a part-time
timetable, which needs agreeing with a date to review it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from inclusion.placements.models import Placement

# The hours a week of a full-time education (the DfE's expectation for a secondary pupil).
FULL_TIME_HOURS = Decimal(25)

# Placements whose hours count towards the pupil's week.
COUNTED_STATUSES = (Placement.Status.AGREED, Placement.Status.ACTIVE)
# Placements the pupil page lists as current.
CURRENT_STATUSES = (Placement.Status.PROPOSED, *COUNTED_STATUSES)


def counted_hours(placements: Iterable[Placement]) -> Decimal:
    """Weekly hours of the agreed and active placements (uses prefetched sessions)."""
    return sum((p.weekly_hours for p in placements if p.status in COUNTED_STATUSES), Decimal(0))


def is_part_time(placements: Iterable[Placement]) -> bool:
    """Whether the pupil has agreed or active placements whose hours add up to less than
    full time."""
    counted = [p for p in placements if p.status in COUNTED_STATUSES]
    return bool(counted) and counted_hours(counted) < FULL_TIME_HOURS
