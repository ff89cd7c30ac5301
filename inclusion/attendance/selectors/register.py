"""Reads for the provider's register: the acting provider's active placements with a session on
the days shown, their expected sessions, their current marks and the codes a provider may use.

Everything is narrowed by ``placements_visible_to``: a placement outside the acting
membership's scope never appears, and a posted mark for one is a 404. A register is read in a
constant number of queries whatever the number of pupils (placements with pupils, schools and
sites; timetables; the calendars of their authorities; codes; marks).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404

from inclusion.accounts.models import Membership
from inclusion.attendance.models import AttendanceCode, AttendanceMark
from inclusion.attendance.sessions import ExpectedSession, expected_sessions
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendars_for
from inclusion.placements.models import Placement, PlacementSession
from inclusion.placements.selectors.access import placements_visible_to, sees_pack_only

WEEKDAYS = 5
SlotKey = tuple[uuid.UUID, dt.date, str]  # placement, date, session


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_of(monday: dt.date) -> list[dt.date]:
    """Monday to Friday of the week starting ``monday``."""
    return [monday + dt.timedelta(days=n) for n in range(WEEKDAYS)]


def _sessions() -> Prefetch[Literal["sessions"]]:
    return Prefetch("sessions", queryset=PlacementSession.objects.order_by("weekday", "starts_at"))


def provider_codes(
    days: Iterable[dt.date], codes: Sequence[AttendanceCode] | None = None
) -> dict[dt.date, dict[str, AttendanceCode]]:
    """For each day, the codes a provider may use then: of each code, the version with the
    latest ``effective_from`` on or before the day, if that version is usable at a provider."""
    every = list(codes) if codes is not None else list(AttendanceCode.objects.order_by("code"))
    result: dict[dt.date, dict[str, AttendanceCode]] = {}
    for day in days:
        in_force: dict[str, AttendanceCode] = {}
        for code in every:
            if code.effective_from > day:
                continue
            current = in_force.get(code.code)
            if current is None or current.effective_from < code.effective_from:
                in_force[code.code] = code
        result[day] = {c.code: c for c in in_force.values() if c.usable_at_provider}
    return result


@dataclass
class Register:
    """What a register page or a save needs, read once.

    ``expected`` maps each placement to its expected sessions on ``days``; ``marks`` the
    current marks by (placement, date, session); ``codes`` the usable codes of each day.
    ``missing_calendar`` carries the message when an authority has no term dates for a day.
    """

    days: list[dt.date]
    placements: list[Placement]
    expected: dict[uuid.UUID, list[ExpectedSession]]
    marks: dict[SlotKey, AttendanceMark]
    codes: dict[dt.date, dict[str, AttendanceCode]]
    calendars: dict[uuid.UUID, SchoolCalendar] = field(default_factory=dict)
    missing_calendar: str = ""

    def placement(self, pk: uuid.UUID) -> Placement:
        """A placement on this register; anything else is out of scope (404)."""
        found = self._by_pk.get(pk)
        if found is None:
            raise Http404
        return found

    @cached_property
    def _by_pk(self) -> dict[uuid.UUID, Placement]:
        return {p.pk: p for p in self.placements}

    def calendar_of(self, placement: Placement) -> SchoolCalendar:
        return self.calendars[placement.pupil.school.local_authority_id]


def register_for(*, membership: Membership, days: Sequence[dt.date]) -> Register:
    """The acting provider's register for ``days`` (in order): active placements with at least
    one expected session on those days, by the name order of their pupils."""
    if not days or not sees_pack_only(membership):
        return Register(list(days), [], {}, {}, provider_codes(days))
    first, last = days[0], days[-1]
    candidates = list(
        placements_visible_to(membership=membership)
        .filter(status=Placement.Status.ACTIVE, start_date__lte=last)
        .exclude(end_date__lt=first)
        .select_related("pupil", "pupil__school", "site", "site__provider")
        .prefetch_related(_sessions())
        .order_by("pupil__legal_first_name", "pupil__legal_last_name", "id")
    )
    calendars = calendars_for({p.pupil.school.local_authority_id for p in candidates})
    expected: dict[uuid.UUID, list[ExpectedSession]] = {}
    missing = ""
    for placement in candidates:
        calendar = calendars[placement.pupil.school.local_authority_id]
        try:
            sessions = expected_sessions(placement, first, last, calendar)
        except CalendarMissingError as error:
            missing, sessions = str(error), []
        wanted = set(days)
        if sessions := [s for s in sessions if s.date in wanted]:
            expected[placement.pk] = sessions
    placements = [p for p in candidates if p.pk in expected]
    marks = {
        (m.placement_id, m.date, m.session): m
        for m in AttendanceMark.objects.filter(
            placement__in=[p.pk for p in placements], date__gte=first, date__lte=last
        )
    }
    return Register(
        days=list(days),
        placements=placements,
        expected=expected,
        marks=marks,
        codes=provider_codes(days),
        calendars=calendars,
        missing_calendar=missing,
    )
