"""What every section of a report is worked out for: the partnerships, the term and its
calendar, and the day "now" figures are taken on."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from inclusion.calendar.days import SchoolCalendar
from inclusion.calendar.models import Term
from inclusion.organisations.models import Partnership
from inclusion.reports.governance.tables import Columns


@dataclass(frozen=True)
class Scope:
    partnerships: tuple[Partnership, ...]
    term: Term
    calendar: SchoolCalendar  # the authority's, for the term's school days and half terms
    as_of: dt.date  # the term's last day, or today in a running term
    today: dt.date
    county: bool

    @property
    def ids(self) -> list[uuid.UUID]:
        return [p.pk for p in self.partnerships]

    @property
    def columns(self) -> Columns:
        return Columns(
            ids=tuple(self.ids),
            names=tuple(p.name for p in self.partnerships),
            with_total=self.county,
        )

    @property
    def first(self) -> dt.date:
        return self.term.starts_on


Key = tuple[uuid.UUID | None, str]


def tally(pairs: Iterable[Key]) -> dict[str, Counter[uuid.UUID | None]]:
    """Counts by row key, then by partnership, from (partnership, row key) pairs."""
    found: dict[str, Counter[uuid.UUID | None]] = {}
    for partnership_id, key in pairs:
        found.setdefault(key, Counter())[partnership_id] += 1
    return found


def by_partnership(
    rows: Iterable[tuple[uuid.UUID | None, str, int]],
) -> dict[str, dict[uuid.UUID | None, int]]:
    """Counts by row key, then by partnership, from (partnership, row key, count) rows."""
    found: dict[str, dict[uuid.UUID | None, int]] = {}
    for partnership_id, key, count in rows:
        found.setdefault(key, {})[partnership_id] = count
    return found
