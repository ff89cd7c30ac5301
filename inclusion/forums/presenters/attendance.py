"""Who attended a meeting, as the minutes list it: schools, then agencies, then others."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from inclusion.forums.models import Attendance


@dataclass(frozen=True)
class AttendeeView:
    organisation: str
    kind: str
    represented_by: str


def present_attendance(rows: Iterable[Attendance]) -> list[AttendeeView]:
    views = []
    for row in rows:
        if row.school is not None:
            views.append(AttendeeView(row.school.name, "School", row.represented_by))
        elif row.agency is not None:
            views.append(AttendeeView(row.agency.name, "Agency", row.represented_by))
        else:
            views.append(AttendeeView(row.organisation_name, "Other", row.represented_by))
    order = {"School": 0, "Agency": 1, "Other": 2}
    return sorted(views, key=lambda view: (order[view.kind], view.organisation.lower()))
