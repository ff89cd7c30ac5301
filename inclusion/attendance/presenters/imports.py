"""Display logic for uploading marks: the CSV template and the message after a save.

The template names each pupil as the register does (the information pack's name) beside the
placement's reference, and nothing else about them: never a UPN or a date of birth.
"""

from __future__ import annotations

from inclusion.attendance.models import Session
from inclusion.attendance.presenters.register import display_name
from inclusion.attendance.selectors.register import Register
from inclusion.attendance.services.imports import (
    CODE,
    DATE,
    MINUTES_LATE,
    PLACEMENT,
    SESSION,
)
from inclusion.attendance.services.marks import Saved
from inclusion.core.spreadsheets import spreadsheet_safe

PUPIL = "pupil"
SCHOOL = "school"
TEMPLATE_HEADER = (PLACEMENT, PUPIL, SCHOOL, DATE, SESSION, CODE, MINUTES_LATE)
SESSION_TEXT = {Session.AM.value: "AM", Session.PM.value: "PM"}


def template_rows(register: Register) -> list[list[str]]:
    """The header, then a row for each expected session of the register (by date, session and
    pupil), with the mark already recorded if there is one."""
    rows = [list(TEMPLATE_HEADER)]
    sessions = sorted(
        (s.date, s.session, index, placement)
        for index, placement in enumerate(register.placements)
        for s in register.expected.get(placement.pk, [])
    )
    for day, session, _, placement in sessions:
        mark = register.marks.get((placement.pk, day, session))
        late = mark.minutes_late if mark is not None else None
        cells = [
            str(placement.pk),
            display_name(placement),
            placement.pupil.school.name,
            day.isoformat(),
            SESSION_TEXT[session],
            mark.code if mark is not None else "",
            "" if late is None else str(late),
        ]
        rows.append([spreadsheet_safe(cell) for cell in cells])
    return rows


def saved_message(saved: Saved) -> str:
    count = saved.created + saved.changed
    if not count:
        return "No marks were changed: the file matches the register"
    noun = "mark" if count == 1 else "marks"
    return f"{count} {noun} saved from the file" + (
        ". The school and the co-ordinator have been told about the absence"
        if saved.absence_alerts
        else ""
    )
