"""Uploading marks from a spreadsheet: the rows of a provider's CSV file checked as a whole and,
only when every row is right, written through the register's own save (``register_save``).

Each row names a placement by its reference (the placement's UUID, as in the template the
provider downloads), a date, a session, a code and, for ``L`` or ``U``, minutes late. A row is
refused, with its row number, for: a placement reference the acting provider cannot see (always
"not found", whether or not it exists), a date that is not a date, is in the future or is
outside the placement, a session other than AM or PM or one the pupil is not expected at, a code
that is not an attendance code or that a provider may not use, minutes late that are not a
whole number or come without ``L`` or ``U``, and a second row for the same session. If any row
is refused nothing is written. Otherwise the marks are saved exactly as the register saves them:
one transaction, one audit event, absence and consecutive-absence alerts.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from inclusion.accounts.models import Membership, User
from inclusion.attendance.models import Session
from inclusion.attendance.presenters.register import display_name, field_key, slot_text
from inclusion.attendance.selectors.imports import attendance_code_names, import_placements
from inclusion.attendance.selectors.register import Register, SlotKey, register_for
from inclusion.attendance.services.marks import (
    REASON_FIELD,
    Entry,
    Saved,
    check,
    local_now,
    register_save,
)
from inclusion.placements.models import Placement

# The columns of the file, matched by name (any case; spaces or hyphens for underscores).
PLACEMENT = "placement_reference"
DATE = "date"
SESSION = "session"
CODE = "code"
MINUTES_LATE = "minutes_late"
REQUIRED_COLUMNS = (PLACEMENT, DATE, SESSION, CODE)
OPTIONAL_COLUMNS = (MINUTES_LATE,)
MAX_MINUTES_LATE = 300
SESSIONS = {
    "am": Session.AM.value,
    "morning": Session.AM.value,
    "pm": Session.PM.value,
    "afternoon": Session.PM.value,
}
SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
SHOWN_VALUE = 10  # characters of a bad value repeated in its error

NOT_FOUND = "Placement reference not found: copy the reference from the template"
DATE_FORMAT = "like 2026-03-02 or 02/03/2026"


@dataclass(frozen=True)
class ImportRow:
    """One row of the file as text: ``number`` is the row the spreadsheet shows (the header
    is row 1)."""

    number: int
    placement: str
    date: str
    session: str
    code: str
    minutes_late: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


class ImportInvalidError(ValueError):
    """The file is refused: ``errors`` by row, and ``reason`` when the reason for changing
    past marks is missing."""

    def __init__(self, errors: list[RowError], reason: str = "") -> None:
        self.errors = errors
        self.reason = reason
        super().__init__(f"{len(errors)} rows with errors")


@dataclass
class _Checked:
    """What checking the rows found: the entries to save, the row of each session, and the
    errors."""

    register: Register
    placements: dict[uuid.UUID, Placement]
    entries: list[Entry] = field(default_factory=list)
    rows_of: dict[SlotKey, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    reason: str = ""


@dataclass(frozen=True)
class _Parsed:
    """A row's values read without looking anything up (None where unreadable)."""

    row: ImportRow
    placement_id: uuid.UUID | None
    date: dt.date | None
    session: str | None
    code: str
    minutes_late: int | None
    errors: tuple[str, ...]

    @property
    def slot(self) -> SlotKey | None:
        if self.placement_id is None or self.date is None or self.session is None:
            return None
        return (self.placement_id, self.date, self.session)

    @property
    def entry(self) -> Entry | None:
        slot = self.slot
        return None if slot is None else Entry(*slot, self.code, self.minutes_late)


# Reading one row ----------------------------------------------------------------------------


def parse_date(value: str) -> dt.date | None:
    """2026-03-02 or 02/03/2026 (day first, as UK spreadsheets show it); None otherwise."""
    value = value.strip()
    if match := SLASHED_DATE.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    try:
        return dt.date.fromisoformat(value) if len(value) == len("2026-03-02") else None
    except ValueError:
        return None


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE else f"{value[:SHOWN_VALUE]}…"


def _read_placement(value: str, errors: list[str]) -> uuid.UUID | None:
    if not value.strip():
        errors.append("Enter the placement reference, copied from the template")
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        errors.append(NOT_FOUND)
        return None


def _read_date(value: str, today: dt.date, errors: list[str]) -> dt.date | None:
    if not value.strip():
        errors.append(f"Enter the date, {DATE_FORMAT}")
        return None
    day = parse_date(value)
    if day is None:
        errors.append(f"The date must be a real date, {DATE_FORMAT}")
    elif day > today:
        errors.append(
            "The date must be today or in the past: a session cannot be marked before it starts"
        )
        return None
    return day


def _read_session(value: str, errors: list[str]) -> str | None:
    if not value.strip():
        errors.append("Enter the session: AM or PM")
        return None
    session = SESSIONS.get(value.strip().lower())
    if session is None:
        errors.append("The session must be AM or PM")
    return session


def _read_code(value: str, known: frozenset[str], errors: list[str]) -> str:
    code = value.strip().upper()
    if code and code not in known:
        errors.append(
            f"“{_shown(value.strip())}” is not an attendance code: use a code from the list"
        )
    return code


def _read_minutes(value: str, errors: list[str]) -> int | None:
    raw = value.strip()
    if not raw:
        return None
    if raw.isdigit() and 1 <= int(raw) <= MAX_MINUTES_LATE:
        return int(raw)
    errors.append(f"Minutes late must be a whole number from 1 to {MAX_MINUTES_LATE}")
    return None


def _parse(row: ImportRow, *, today: dt.date, known: frozenset[str]) -> _Parsed:
    errors: list[str] = []
    return _Parsed(
        row=row,
        placement_id=_read_placement(row.placement, errors),
        date=_read_date(row.date, today, errors),
        session=_read_session(row.session, errors),
        code=_read_code(row.code, known, errors),
        minutes_late=_read_minutes(row.minutes_late, errors),
        errors=tuple(errors),
    )


# Checking against the placements ------------------------------------------------------------


def _on(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _placement_problem(placement: Placement, day: dt.date | None) -> str:
    """Why ``placement`` cannot be marked on ``day`` ("" when it can, so far)."""
    name = display_name(placement)
    if day is not None and day < placement.start_date:
        return (
            f"The date must be on or after the day the placement of {name} started "
            f"({_on(placement.start_date)})"
        )
    if day is not None and placement.end_date and day > placement.end_date:
        return (
            f"The date must be on or before the day the placement of {name} ended "
            f"({_on(placement.end_date)})"
        )
    if placement.status != Placement.Status.ACTIVE:
        return f"The placement of {name} is not active: marks can only be uploaded while it is"
    return ""


def _session_problem(checked: _Checked, entry: Entry) -> str:
    """Why the row's session cannot take the row's code ("" when the register's own check
    should decide)."""
    register, (placement_id, day, session) = checked.register, entry.slot
    expected = {(s.date, s.session) for s in register.expected.get(placement_id, [])}
    if (day, session) not in expected:
        if register.missing_calendar and placement_id not in register.expected:
            return register.missing_calendar
        name = display_name(checked.placements[placement_id])
        return (
            f"{name} is not expected at your provision on {slot_text(day, session)}: "
            "check the date and the session"
        )
    if entry.code and entry.code not in register.codes[day]:
        return f"A provider cannot use the code “{entry.code}”: use a code from the list"
    return ""


def _row_errors(
    parsed: _Parsed, placements: dict[uuid.UUID, Placement], seen: dict[SlotKey, int]
) -> list[str]:
    """The row's own errors, its placement's and a repeated session."""
    errors = list(parsed.errors)
    if parsed.placement_id is None:
        return errors
    placement = placements.get(parsed.placement_id)
    if placement is None:
        return [*errors, NOT_FOUND]
    if problem := _placement_problem(placement, parsed.date):
        errors.append(problem)
    if (slot := parsed.slot) is not None:
        if slot in seen:
            errors.append(
                f"This row is for the same pupil, date and session as row {seen[slot]}: "
                "keep only one of them"
            )
        else:
            seen[slot] = parsed.row.number
    return errors


def check_import(
    *, membership: Membership, rows: Sequence[ImportRow], changed_reason: str, now: dt.datetime
) -> _Checked:
    """Every row checked against what the acting provider may mark, then the register's own
    check (sessions started, minutes late only with L or U, a reason for past changes)."""
    known = attendance_code_names()
    parsed = [
        _parse(row, today=now.date(), known=known)
        for row in rows
        if row.code.strip() or row.minutes_late.strip()  # a row not marked is left out
    ]
    placements = import_placements(
        membership=membership, ids={p.placement_id for p in parsed if p.placement_id}
    )
    seen: dict[SlotKey, int] = {}
    errors: list[RowError] = []
    clean: dict[int, Entry] = {}
    for row in parsed:
        if found := _row_errors(row, placements, seen):
            errors.extend(RowError(row.row.number, message) for message in found)
        elif (entry := row.entry) is not None:
            clean[row.row.number] = entry
    days = sorted({entry.date for entry in clean.values()})
    register = register_for(membership=membership, days=days)
    checked = _Checked(register=register, placements=placements, errors=errors)
    for number, entry in clean.items():
        if problem := _session_problem(checked, entry):
            checked.errors.append(RowError(number, problem))
            continue
        checked.entries.append(entry)
        checked.rows_of[entry.slot] = number
    _register_check(checked, changed_reason=changed_reason, now=now)
    checked.errors.sort(key=lambda error: error.row)
    return checked


def _register_check(checked: _Checked, *, changed_reason: str, now: dt.datetime) -> None:
    """The register's own check of the rows still clean, its problems put back on their rows."""
    keys = {field_key(*slot): row for slot, row in checked.rows_of.items()}
    problems = check(checked.register, checked.entries, changed_reason=changed_reason, now=now)
    for problem in problems:
        if problem.key == REASON_FIELD:
            checked.reason = problem.message
        else:
            checked.errors.append(RowError(keys[problem.key], problem.message))


# Writing ------------------------------------------------------------------------------------


@transaction.atomic
def marks_import(
    *,
    actor: User,
    membership: Membership,
    rows: Sequence[ImportRow],
    changed_reason: str = "",
    now: dt.datetime | None = None,
) -> Saved:
    """Save the marks of an uploaded file as a whole through the register's save, or refuse
    them all with :class:`ImportInvalidError` (nothing written)."""
    now = now or local_now()
    reason = changed_reason.strip()
    checked = check_import(membership=membership, rows=rows, changed_reason=reason, now=now)
    if checked.errors or checked.reason:
        raise ImportInvalidError(checked.errors, checked.reason)
    return register_save(
        actor=actor,
        membership=membership,
        register=checked.register,
        entries=checked.entries,
        changed_reason=reason,
        now=now,
    )
