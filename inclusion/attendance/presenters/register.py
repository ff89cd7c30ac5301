"""Display logic for the provider's register: how a pupil and a session are named, and the
rows and cells of the register grid.

A pupil is named as the information pack names them (first name and the initial of their last
name, or the whole name they use when the school shared it) and never by UPN or date of birth.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from inclusion.attendance.models import AttendanceCode, Session
from inclusion.attendance.selectors.register import Register
from inclusion.placements.models import Placement
from inclusion.placements.presenters.pack import pupil_name, shared_fields

NOT_MARKED = "Not marked"
SESSION_WORDS = {Session.AM.value: "morning", Session.PM.value: "afternoon"}


def display_name(placement: Placement) -> str:
    return pupil_name(placement.pupil, shared_fields(placement))


def day_text(day: dt.date) -> str:
    """Monday 2 March 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def slot_text(day: dt.date, session: str) -> str:
    """Monday 2 March 2026 morning."""
    return f"{day_text(day)} {SESSION_WORDS.get(session, session)}"


def field_key(placement_id: uuid.UUID, day: dt.date, session: str) -> str:
    """The name of a session's code field; its minutes late field adds ``-late``."""
    return f"m-{placement_id}-{day.isoformat()}-{session}"


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    selected: bool


@dataclass(frozen=True)
class Cell:
    expected: bool
    key: str = ""
    label: str = ""
    editable: bool = False
    code: str = ""
    code_meaning: str = ""
    minutes_late: str = ""
    options: tuple[Option, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class Column:
    day: dt.date
    session: str
    heading: str


@dataclass(frozen=True)
class Row:
    name: str
    school: str
    cells: tuple[Cell, ...]


def columns(days: list[dt.date]) -> list[Column]:
    return [
        Column(day, session, f"{day:%a} {day.day} {session.upper()}")
        for day in days
        for session in (Session.AM.value, Session.PM.value)
    ]


def _options(codes: Mapping[str, AttendanceCode], chosen: str, marked: bool) -> tuple[Option, ...]:
    first = () if marked else (Option("", NOT_MARKED, chosen == ""),)
    return first + tuple(
        Option(code.code, f"{code.code} {code.meaning}", code.code == chosen)
        for code in codes.values()
    )


def _cell(
    register: Register,
    placement: Placement,
    column: Column,
    *,
    started: bool,
    posted: Mapping[str, str] | None,
    errors: Mapping[str, str],
) -> Cell:
    key = field_key(placement.pk, column.day, column.session)
    mark = register.marks.get((placement.pk, column.day, column.session))
    code = mark.code if mark else ""
    late = str(mark.minutes_late) if mark and mark.minutes_late is not None else ""
    if posted is not None:
        code = (posted.get(key) or code) if mark else posted.get(key, "")
        late = posted.get(f"{key}-late", late)
    codes = register.codes.get(column.day, {})
    meaning = codes[code].meaning if code in codes else ""
    return Cell(
        expected=True,
        key=key,
        label=f"{display_name(placement)}, {slot_text(column.day, column.session)}",
        editable=started,
        code=code,
        code_meaning=meaning,
        minutes_late=late,
        options=_options(codes, code, marked=mark is not None),
        error=errors.get(key, ""),
    )


def rows(
    register: Register,
    *,
    started: Mapping[tuple[dt.date, str], bool],
    posted: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[Row]:
    """The grid: a row per pupil, a cell per day and session (``expected`` False when the
    pupil has no session then). ``posted`` re-shows what was sent when a save was refused."""
    cols = columns(register.days)
    found: list[Row] = []
    for placement in register.placements:
        slots = {(s.date, s.session) for s in register.expected.get(placement.pk, [])}
        cells = tuple(
            _cell(
                register,
                placement,
                column,
                started=started[(column.day, column.session)],
                posted=posted,
                errors=errors or {},
            )
            if (column.day, column.session) in slots
            else Cell(expected=False)
            for column in cols
        )
        found.append(Row(display_name(placement), placement.pupil.school.name, cells))
    return found
