"""Spreadsheet downloads (CSV and XLSX) made safe: a cell that a spreadsheet program would run
as a formula is written as text, and every download is private and never cached."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from inclusion.core.downloads import attachment

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _xml_safe(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def csv_response(filename: str, rows: Iterable[Sequence[str]]) -> HttpResponse:
    """A CSV download of ``rows`` (the first is the header), each cell made safe."""
    response = attachment("text/csv; charset=utf-8", filename)
    csv.writer(response).writerows([spreadsheet_safe(str(cell)) for cell in row] for row in rows)
    return response


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """A workbook with a sheet for each (title, rows); the first row of each is bold. Text
    cells are made safe; numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for row in rows:
            # Control characters are not allowed in a workbook (openpyxl refuses them): dropped.
            sheet.append([spreadsheet_safe(_xml_safe(c)) if isinstance(c, str) else c for c in row])
        for cell in sheet[1] if rows else ():
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, sheets: Iterable[tuple[str, Sequence[Sequence[object]]]]
) -> HttpResponse:
    return attachment(XLSX_TYPE, filename, xlsx_bytes(sheets))
