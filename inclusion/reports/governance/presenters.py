"""A governance report as the page and the XLSX show it: every figure as text (suppressed for
governance viewers, :mod:`inclusion.reports.suppression`), the number behind it, and a chart
for each table. The page and the XLSX read the same :class:`ReportView`, so they always hold the
same figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from inclusion.calendar.days import academic_year_label
from inclusion.calendar.models import Term
from inclusion.reports.governance.charts import Chart, Point, bar_chart
from inclusion.reports.governance.tables import Report, Row, Section, Table
from inclusion.reports.suppression import Figure, Kind, Mark, nothing_hidden, suppress

TOTAL = "Total"
NOT_APPLICABLE = "Not applicable"
Value = int | Decimal


@dataclass(frozen=True)
class CellView:
    text: str
    value: Value | None  # the figure when it is shown; None when hidden or there is none
    hidden: bool = False

    @property
    def export(self) -> Value | str:
        """What the XLSX holds: the number when it is shown, else the page's text."""
        return self.value if self.value is not None else self.text


@dataclass(frozen=True)
class RowView:
    label: str
    cells: tuple[CellView, ...]
    is_total: bool = False


@dataclass(frozen=True)
class TableView:
    key: str
    caption: str
    unit: str
    headers: tuple[str, ...]  # the column headings after the row heading
    rows: tuple[RowView, ...]
    empty: str
    chart: Chart | None
    hidden: int  # how many figures are suppressed

    @property
    def sheet_rows(self) -> list[list[Value | str]]:
        """The table as spreadsheet rows: a heading row, then a row per row of the table."""
        return [
            [self.unit, *self.headers],
            *([row.label, *(cell.export for cell in row.cells)] for row in self.rows),
        ]


@dataclass(frozen=True)
class SectionView:
    number: int
    key: str
    title: str
    about: str
    tables: tuple[TableView, ...]
    unavailable: str


@dataclass(frozen=True)
class ReportView:
    title: str
    term_label: str
    term_dates: str
    as_of: str
    county: bool
    suppressed: bool
    sections: tuple[SectionView, ...]
    notes: tuple[str, ...]


def day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def term_label(term: Term) -> str:
    """Autumn term, 2026 to 2027."""
    return f"{term.name}, {academic_year_label(term.academic_year)}"


def term_dates(term: Term) -> str:
    return f"{day(term.starts_on)} to {day(term.ends_on)}"


def figure_text(figure: Figure, none_text: str) -> str:
    value = figure.value
    if value is None:
        return none_text
    if figure.kind is Kind.PERCENT:
        return f"{value}%"
    if figure.kind is Kind.MONEY:
        return f"£{value:,.2f}"
    return f"{int(value):,}"


def _cell(figure: Figure, mark: Mark, none_text: str) -> CellView:
    if mark.hidden:
        return CellView(mark.text, None, hidden=True)
    return CellView(figure_text(figure, none_text), figure.value)


def _row_view(table: Table, row: Row, marks: Sequence[Mark], is_total: bool) -> RowView:
    figures = table.grid_row(row)
    cells = [_cell(f, m, row.none_text) for f, m in zip(figures, marks, strict=True)]
    if table.total_column and row.total is None:
        cells[-1] = CellView(NOT_APPLICABLE, None)
    return RowView(row.label, tuple(cells), is_total)


def _chart(table: Table, rows: Sequence[RowView]) -> Chart | None:
    width = len(table.columns)
    body = [row for row in rows if not row.is_total]
    if not body:
        return None
    points = [
        (
            row.label,
            [Point(None if c.value is None else float(c.value), c.text) for c in row.cells[:width]],
        )
        for row in body
    ]
    percent = any(f.kind is Kind.PERCENT for row in table.rows for f in row.figures)
    return bar_chart(points, table.columns, top=100.0 if percent else None)


def table_view(table: Table, *, suppressed: bool) -> TableView:
    grid = table.grid()
    marks = suppress(grid, table.groups()) if suppressed else nothing_hidden(grid)
    rows = tuple(
        _row_view(table, row, marks[index], is_total=row is table.total_row)
        for index, row in enumerate(table.all_rows)
    )
    headers = (*table.columns, TOTAL) if table.total_column else table.columns
    hidden = sum(1 for row in marks for mark in row if mark.hidden)
    return TableView(
        table.key,
        table.caption,
        table.unit,
        headers,
        rows,
        table.empty,
        _chart(table, rows),
        hidden,
    )


def section_view(section: Section, *, suppressed: bool) -> SectionView:
    return SectionView(
        section.number,
        section.key,
        section.title,
        section.about,
        tuple(table_view(t, suppressed=suppressed) for t in section.tables),
        section.unavailable,
    )


def report_view(report: Report, *, suppressed: bool) -> ReportView:
    return ReportView(
        title=report.title,
        term_label=term_label(report.term),
        term_dates=term_dates(report.term),
        as_of=day(report.as_of),
        county=report.county,
        suppressed=suppressed,
        sections=tuple(section_view(s, suppressed=suppressed) for s in report.sections),
        notes=tuple(report.notes),
    )


def term_choices(terms: Sequence[Term]) -> list[tuple[str, str]]:
    return [(str(t.pk), f"{term_label(t)} ({term_dates(t)})") for t in terms]


def xlsx_sheets(view: ReportView) -> list[tuple[str, list[list[Value | str]]]]:
    """One sheet a section: the report's heading, then each table with its caption."""
    sheets: list[tuple[str, list[list[Value | str]]]] = []
    for section in view.sections:
        rows: list[list[Value | str]] = [
            [f"{section.number}. {section.title}"],
            [f"{view.title}: {view.term_label} ({view.term_dates}); figures on {view.as_of}"],
            [section.about],
        ]
        if view.suppressed:
            rows.append([SUPPRESSION_NOTE])
        if section.unavailable:
            rows += [[], [section.unavailable]]
        for table in section.tables:
            rows += [[], [table.caption]]
            rows += table.sheet_rows if table.rows else [[table.empty]]
        sheets.append((f"{section.number} {section.title}"[:31], rows))
    return sheets


SUPPRESSION_NOTE = (
    "Counts from 1 to 4 are shown as <5, and figures worked out from fewer than 5 pupils as "
    "suppressed; where one hidden figure could be worked out from a total, another is "
    "suppressed too."
)


def filename(view: ReportView, slug: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in f"{slug} {view.term_label}".lower())
    return "-".join(part for part in safe.split("-") if part) + ".xlsx"
