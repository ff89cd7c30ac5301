"""The provider's register form: the reason for changing past marks, and the grid of session
fields (``m-<placement>-<yyyy-mm-dd>-<am|pm>`` for the code and the same name with ``-late``
for minutes late) read into :class:`~inclusion.attendance.services.marks.Entry` rows.

The grid is read here (names and numbers); whether the marks may be saved is the service's
question. Every problem becomes an error of the form, so the page shows the GOV.UK error
summary and answers 400.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms

from inclusion.attendance.models import Session
from inclusion.attendance.presenters.register import display_name, slot_text
from inclusion.attendance.selectors.register import Register
from inclusion.attendance.services.marks import REASON_FIELD, Entry, Problem
from inclusion.core.forms import GovukForm

PREFIX = "m-"
LATE_SUFFIX = "-late"
MAX_MINUTES_LATE = 300
ALL_PRESENT = "all_present"
SESSIONS = frozenset(s.value for s in Session)
UUID_LENGTH = 36


class RegisterForm(GovukForm):
    changed_reason = forms.CharField(
        label="Why are you changing marks for days before today? (if you are)",
        help_text="Needed only when you change a mark for a past day. Do not include names.",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )

    def __init__(self, *args: Any, register: Register, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        self.entries: list[Entry] = []
        self.cell_errors: dict[str, str] = {}

    @property
    def all_present(self) -> bool:
        return self.data.get("action") == ALL_PRESENT

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        entries: dict[tuple[uuid.UUID, dt.date, str], Entry] = {}
        lates: dict[str, str] = {}
        for name, value in self.data.items():
            if not name.startswith(PREFIX):
                continue
            if name.endswith(LATE_SUFFIX):
                lates[name.removesuffix(LATE_SUFFIX)] = str(value).strip()
                continue
            slot = _slot(name)
            if slot is None:
                self.add_error(None, "A mark was sent for a session that is not on this register")
                continue
            entries[slot] = Entry(*slot, code=str(value).strip())
        for key, raw in lates.items():
            slot = _slot(key)
            if slot is None or not raw:
                continue
            minutes = self._minutes(key, slot, raw)
            if minutes is not None:
                entry = entries.get(slot) or Entry(*slot, code="")
                entries[slot] = Entry(*slot, code=entry.code, minutes_late=minutes)
        self.entries = list(entries.values())
        return cleaned

    def _minutes(self, key: str, slot: tuple[uuid.UUID, dt.date, str], raw: str) -> int | None:
        if raw.isdigit() and 1 <= int(raw) <= MAX_MINUTES_LATE:
            return int(raw)
        placement = self.register.placement(slot[0])  # 404 outside scope
        where = f"{display_name(placement)}, {slot_text(slot[1], slot[2])}"
        self.add_problem(
            Problem(
                key,
                f"Minutes late for {where} must be a whole number from 1 to {MAX_MINUTES_LATE}",
            )
        )
        return None

    def add_problem(self, problem: Problem) -> None:
        """A problem the service found: the reason field's, or a cell's (in the summary)."""
        if problem.key == REASON_FIELD:
            self.add_error(REASON_FIELD, problem.message)
            return
        self.cell_errors.setdefault(problem.key, problem.message)
        self.add_error(None, problem.message)


def _slot(name: str) -> tuple[uuid.UUID, dt.date, str] | None:
    """``m-<uuid>-<yyyy-mm-dd>-<session>`` → (placement id, date, session), or None."""
    body = name.removeprefix(PREFIX)
    pk, _, rest = body[:UUID_LENGTH], body[UUID_LENGTH : UUID_LENGTH + 1], body[UUID_LENGTH + 1 :]
    day, _, session = rest.rpartition("-")
    try:
        return uuid.UUID(pk), dt.date.fromisoformat(day), _session(session)
    except ValueError:
        return None


def _session(value: str) -> str:
    if value not in SESSIONS:
        raise ValueError(value)
    return value
