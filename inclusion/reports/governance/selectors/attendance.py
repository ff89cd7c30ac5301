"""Section 5: attendance at placements over the term, by category, from the attendance
measures (:mod:`inclusion.attendance.measures`: possible sessions, attended, the percentage),
loaded by :func:`inclusion.attendance.selectors.measures.load` in a constant number of queries.

Each percentage is attended sessions over possible sessions of the placements of that category
(an expected session in the past that nobody marked counts as possible and not attended); the
row for every category counts each pupil's session once, however many placements expected it.
Its base, for suppression, is the number of pupils with at least one possible session.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from inclusion.attendance.measures import Measures, Period, SessionRecord, aggregate, one_a_session
from inclusion.attendance.selectors.measures import Loaded, load
from inclusion.placements.models import Placement
from inclusion.reports.governance.selectors.context import Scope
from inclusion.reports.governance.selectors.placements import NOT_RECORDED, RAN
from inclusion.reports.governance.tables import Row, Section
from inclusion.reports.suppression import Figure, Kind

ALL = "all"


@dataclass
class Tally:
    """Possible and attended sessions, and the pupils with a possible session."""

    possible: int = 0
    attended: int = 0
    pupils: set[uuid.UUID | None] = field(default_factory=set)

    def add(self, pupil_id: uuid.UUID | None, measures: Measures) -> None:
        if measures.possible:
            self.possible += measures.possible
            self.attended += measures.attended
            self.pupils.add(pupil_id)

    def figure(self) -> Figure:
        measured = Measures(possible=self.possible, attended=self.attended)
        return Figure(measured.percentage, Kind.PERCENT, len(self.pupils))


Group = tuple[uuid.UUID | str | None, str]  # (partnership or ALL, category or ALL)
Key = tuple[uuid.UUID | None, str, uuid.UUID | None]  # (partnership, category, pupil)


def _fold(
    records: Iterable[SessionRecord],
    loaded: Loaded,
    period: Period,
    category_of: Callable[[SessionRecord], str],
) -> dict[Group, Tally]:
    """Tallies by partnership and category, and for every partnership (ALL) too."""

    def key(record: SessionRecord) -> Key:
        return (record.partnership_id, category_of(record), record.pupil_id)

    tallies: dict[Group, Tally] = {}
    for (partnership_id, category, pupil_id), measures in aggregate(
        records, loaded.codes, period, key
    ).items():
        groups: tuple[Group, Group] = ((partnership_id, category), (ALL, category))
        for group in groups:
            tallies.setdefault(group, Tally()).add(pupil_id, measures)
    return tallies


def attendance_tallies(scope: Scope) -> tuple[dict[Group, Tally], list[str]]:
    """The tallies of the partnerships' pupils' placements that ran, over the term; and the
    calendars found missing (said on the page)."""
    placements = Placement.objects.filter(RAN, pupil__school__partnership_id__in=scope.ids)
    loaded = load(placements, scope.first, scope.term.ends_on)
    period = Period(first=scope.first, last=scope.term.ends_on, today=scope.today)
    category: dict[uuid.UUID | None, str] = {
        p.pk: p.category or NOT_RECORDED for p in loaded.placements
    }
    tallies = _fold(loaded.records, loaded, period, lambda r: category[r.placement_id])
    tallies |= _fold(one_a_session(loaded.records), loaded, period, lambda r: ALL)
    return tallies, loaded.missing_calendars


def _row(scope: Scope, label: str, category: str, tallies: dict[Group, Tally]) -> Row:
    figures = {pk: tallies.get((pk, category), Tally()).figure() for pk in scope.ids}
    total = tallies.get((ALL, category), Tally()).figure()
    return scope.columns.figures_row(label, figures, total=total, none_text="No sessions")


def attendance_section(scope: Scope) -> tuple[Section, list[str]]:
    tallies, missing = attendance_tallies(scope)
    rows = [_row(scope, label, code, tallies) for code, label in Placement.Category.choices]
    if any(category == NOT_RECORDED for _, category in tallies):
        rows.append(_row(scope, NOT_RECORDED, NOT_RECORDED, tallies))
    rows.append(_row(scope, "All placements", ALL, tallies))
    section = Section(
        5,
        "attendance",
        "Attendance at placements",
        "The percentage of possible sessions attended at placements of the partnership's pupils "
        "over the term so far, by the placement's category, from the providers' registers. An "
        "expected session in the past that was not marked counts as not attended.",
        (
            scope.columns.table(
                "attendance_by_category",
                "Attendance by category",
                "Percentage of possible sessions attended",
                rows,
            ),
        ),
    )
    return section, missing
