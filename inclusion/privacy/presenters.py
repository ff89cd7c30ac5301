"""Display logic for the subject access and retention pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inclusion.privacy.models import Action, RecordType, RetentionRun


@dataclass(frozen=True)
class GroupRow:
    label: str
    name: str
    count: int


def export_summary(data: dict[str, Any]) -> list[GroupRow]:
    """One row per record type: its name and how many records the export holds."""
    return [
        GroupRow(label, str(group["name"]).capitalize(), int(group["count"]))
        for label, group in data["record_types"].items()
    ]


@dataclass(frozen=True)
class ReportRow:
    name: str
    action: str
    due: int
    held: int
    done: int


def report_rows(run: RetentionRun) -> list[ReportRow]:
    rows = []
    for record_type, counts in sorted(run.report.items()):
        name = dict(RecordType.choices).get(record_type, record_type)
        action = dict(Action.choices).get(counts.get("action", ""), counts.get("action", ""))
        rows.append(
            ReportRow(
                str(name),
                str(action),
                int(counts.get("due", 0)),
                int(counts.get("held", 0)),
                int(counts.get("done", 0)),
            )
        )
    return rows
