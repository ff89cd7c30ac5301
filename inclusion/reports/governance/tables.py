"""The shape of a governance report: sections of tables of figures, one column per partnership
(plus a total column in the county view). Pure data, no database: the selectors fill it, the
presenters show it (suppressed for governance viewers) on the page and in the XLSX.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from inclusion.calendar.models import Term
from inclusion.reports.suppression import Figure, Group, Kind

Number = int | Decimal
PartnershipId = uuid.UUID | None


@dataclass(frozen=True)
class Row:
    """One row: a figure per partnership, and the county total when there is a total column.

    ``adds_across``: the total is the sum of the row (so the row and its total form a group for
    secondary suppression). ``in_total``: the row counts towards the table's total row.
    """

    label: str
    figures: tuple[Figure, ...]
    total: Figure | None = None
    adds_across: bool = False
    in_total: bool = True
    none_text: str = "Not applicable"  # shown for a figure with no value


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    unit: str  # what the figures are: "Referrals", "Percentage of sessions attended", ...
    columns: tuple[str, ...]  # partnership names
    rows: tuple[Row, ...]
    total_row: Row | None = None  # the sum of the rows marked ``in_total``
    total_column: bool = False
    empty: str = ""  # said instead of the table when it has no rows

    def grid(self) -> list[list[Figure]]:
        """Every figure, totals included: the rows, then the total row; each row's figures,
        then its total."""
        return [self.grid_row(row) for row in self.all_rows]

    @property
    def all_rows(self) -> tuple[Row, ...]:
        return (*self.rows, self.total_row) if self.total_row else self.rows

    def grid_row(self, row: Row) -> list[Figure]:
        """A row's figures, then its total in a table with a total column."""
        if not self.total_column:
            return list(row.figures)
        return [*row.figures, row.total or Figure(None)]

    def groups(self) -> list[Group]:
        """Which figures add up to which (for secondary suppression)."""
        found: list[Group] = []
        width = len(self.columns)
        if self.total_column:
            for r, row in enumerate(self.all_rows):
                if row.adds_across and row.total is not None:
                    found.append(Group(tuple((r, c) for c in range(width)), (r, width)))
        if self.total_row is not None:
            last = len(self.rows)
            members = [r for r, row in enumerate(self.rows) if row.in_total]
            for c in range(width + (1 if self.total_column else 0)):
                found.append(Group(tuple((r, c) for r in members), (last, c)))
        return found


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    title: str
    about: str  # where the figures come from, in a sentence or two
    tables: tuple[Table, ...] = ()
    unavailable: str = ""  # said instead of tables when the service does not record this yet


@dataclass(frozen=True)
class Columns:
    """The partnerships a report has a column for, in order, and whether it adds a total.

    Figures arrive as mappings from a partnership's primary key (any key type: a partnership
    missing from a mapping has zero, or no figure).
    """

    ids: tuple[PartnershipId, ...]
    names: tuple[str, ...]
    with_total: bool

    def counts_row(
        self,
        label: str,
        counts: Mapping[Any, int],
        *,
        total: int | None = None,
        in_total: bool = True,
    ) -> Row:
        """A row of counts, one per partnership; the total is their sum unless given (a count
        of distinct things across partnerships is not a sum)."""
        figures = tuple(Figure(counts.get(pk, 0)) for pk in self.ids)
        if not self.with_total:
            return Row(label, figures, in_total=in_total)
        summed = total is None
        value = sum(int(f.value or 0) for f in figures) if summed else total
        return Row(label, figures, Figure(value), adds_across=summed, in_total=in_total)

    def figures_row(
        self,
        label: str,
        figures: Mapping[Any, Figure],
        *,
        total: Figure | None = None,
        none_text: str = "Not applicable",
    ) -> Row:
        """A row of percentages or amounts (each with its base), with its own total (not a
        sum)."""
        cells = tuple(figures.get(pk, Figure(None, Kind.PERCENT)) for pk in self.ids)
        total = total if self.with_total else None
        return Row(label, cells, total, in_total=False, none_text=none_text)

    def money_row(
        self,
        label: str,
        amounts: Mapping[Any, Decimal | None],
        bases: Mapping[Any, int] | None,
        *,
        adds_across: bool,
        total: Figure | None = None,
        none_text: str = "Not applicable",
    ) -> Row:
        """A row of amounts of money. ``bases`` gives the pupils behind each amount (None: the
        amount is not about pupils). Summed across when ``adds_across``."""
        figures = tuple(
            Figure(amounts.get(pk), Kind.MONEY, None if bases is None else bases.get(pk, 0))
            for pk in self.ids
        )
        if not self.with_total:
            return Row(label, figures, in_total=False, none_text=none_text)
        if adds_across:
            summed = sum((f.value for f in figures if f.value is not None), Decimal(0))
            base = None if bases is None else sum(bases.get(pk, 0) for pk in self.ids)
            total = Figure(summed, Kind.MONEY, base)
        return Row(
            label, figures, total, adds_across=adds_across, in_total=False, none_text=none_text
        )

    def table(
        self,
        key: str,
        caption: str,
        unit: str,
        rows: Sequence[Row],
        *,
        total_label: str = "",
        empty: str = "",
    ) -> Table:
        """A table of ``rows``; with ``total_label``, a total row adding up the rows marked
        ``in_total`` (counts only)."""
        total_row = _total_row(total_label, rows, self.with_total) if total_label and rows else None
        return Table(
            key=key,
            caption=caption,
            unit=unit,
            columns=self.names,
            rows=tuple(rows),
            total_row=total_row,
            total_column=self.with_total,
            empty=empty,
        )


def _total_row(label: str, rows: Sequence[Row], with_total: bool) -> Row:
    counted = [row for row in rows if row.in_total]
    width = len(counted[0].figures) if counted else 0
    figures = tuple(
        Figure(sum(int(row.figures[c].value or 0) for row in counted)) for c in range(width)
    )
    if not with_total:
        return Row(label, figures, in_total=False)
    grand = sum(int((row.total or Figure(0)).value or 0) for row in counted)
    adds = all(row.adds_across for row in counted)
    return Row(label, figures, Figure(grand), adds_across=adds, in_total=False)


@dataclass
class Report:
    """A report for a term: for one partnership, or every partnership of the county."""

    title: str
    term: Term
    as_of: dt.date  # the day "now" figures are taken on
    county: bool
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # such as calendars missing
