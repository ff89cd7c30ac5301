"""The XLSX of a governance report opens with openpyxl and holds the same figures as the page:
a sheet a section, every table's figures as numbers where the page shows them, and the page's
"<5" or "suppressed" where it hides them."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from inclusion.core.spreadsheets import XLSX_TYPE
from inclusion.reports.governance.presenters import ReportView, xlsx_sheets
from tests.reports.factories_governance import autumn, hand_worked_term, report_day
from tests.reports.helpers import get_report, report_of

__all__ = ["report_day"]

pytestmark = pytest.mark.usefixtures("report_day")


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal | float) else value


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    found = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            values = list(row)
            while values and values[-1] is None:
                values.pop()
            rows.append([_plain(v) for v in values])
        found[sheet.title] = rows
    return found


def _expected(report: ReportView) -> dict[str, list[list[Any]]]:
    return {
        title: [[_plain(v) for v in row] for row in rows] for title, rows in xlsx_sheets(report)
    }


def _page_and_workbook(client, page: str, workbook: str, **params):
    shown = get_report(client, page, **params)
    download = get_report(client, workbook, **params)
    assert download.status_code == 200
    assert download["Content-Type"] == XLSX_TYPE
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"
    return report_of(shown), _sheets(download.content)


@pytest.mark.parametrize("persona", ["coordinator", "governance", "la_officer", "chair"])
def test_the_partnership_workbook_holds_the_page_figures(county, persona_client, persona):
    hand_worked_term(county)
    report, sheets = _page_and_workbook(
        persona_client(persona),
        "reports:partnership",
        "reports:partnership_xlsx",
        term=autumn(county).pk,
    )
    assert sheets == _expected(report)
    assert list(sheets) == [f"{s.number} {s.title}"[:31] for s in report.sections]
    purposes = sheets["1 Referrals and forum decisions"]
    support = next(row for row in purposes if row and row[0] == "Partnership support")
    assert support[1] == ("<5" if persona == "governance" else 3)


def test_the_county_workbook_holds_the_page_figures(county, persona_client):
    hand_worked_term(county)
    report, sheets = _page_and_workbook(
        persona_client("la_officer"),
        "reports:county",
        "reports:county_xlsx",
        term=autumn(county).pk,
    )
    assert sheets == _expected(report)
    purposes = sheets["1 Referrals and forum decisions"]
    heading = next(row for row in purposes if row and row[0] == "Referrals")
    assert heading == ["Referrals", county.partnership.name, county.other_partnership.name, "Total"]
    money = sheets["8 Spend against the average pup"]
    spend = next(row for row in money if row and row[0] == "Spend on placements in the term")
    assert spend == ["Spend on placements in the term", 690.0, 0.0, 690.0]


def test_every_figure_of_the_page_is_on_the_page_as_shown(county, persona_client):
    hand_worked_term(county)
    response = get_report(persona_client("governance"), term=autumn(county).pk)
    html = response.content.decode()
    for section in report_of(response).sections:
        for table in section.tables:
            for row in table.rows:
                for cell in row.cells:
                    assert f">{cell.text.replace('<', '&lt;')}" in html, (table.key, row.label)
