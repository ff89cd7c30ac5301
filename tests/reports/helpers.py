"""Reading a governance report page's figures in the tests."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from inclusion.reports.governance.presenters import CellView, ReportView, TableView


def get_report(client: Client, name: str = "reports:partnership", **params: Any) -> Any:
    return client.get(reverse(name), {k: str(v) for k, v in params.items()})


def report_of(response: Any) -> ReportView:
    report = response.context["report"]
    assert isinstance(report, ReportView)
    return report


def table(response: Any, key: str) -> TableView:
    for section in report_of(response).sections:
        for found in section.tables:
            if found.key == key:
                return found
    raise AssertionError(f"no table {key}")


def cell(response: Any, key: str, row: str, column: int = 0) -> CellView:
    for found in table(response, key).rows:
        if found.label == row:
            return found.cells[column]
    raise AssertionError(f"no row {row!r} in {key}")


def texts(response: Any, key: str, column: int = 0) -> dict[str, str]:
    """Each row's text in one column of a table."""
    return {row.label: row.cells[column].text for row in table(response, key).rows}
