"""Chasing registers not marked by the cut-off (issue: attendance alerts).

Once a session's cut-off has passed (``ATTENDANCE_CUTOFF_AM``, default 10:30;
``ATTENDANCE_CUTOFF_PM``, default 14:30), every expected session of today that has no mark gets
a "not marked" alert and the provider's staff a chaser. When a later run finds the session still
not marked ``ATTENDANCE_SCHOOL_ALERT_AFTER_MINUTES`` (default 60) after the cut-off, the school's
safeguarding leads and the partnership's co-ordinators are alerted. Only today's sessions are
chased. The job is idempotent: an alert is raised once per placement, session and kind, so a run
repeated, or two workers running at once, change nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from inclusion.attendance.models import AttendanceAlert, Session
from inclusion.attendance.selectors.register import SlotKey
from inclusion.attendance.selectors.today import active_on, marks_on_day, with_day
from inclusion.attendance.services.marks import new_alerts, notify_commissioners
from inclusion.attendance.sessions import expected_sessions
from inclusion.calendar.days import CalendarMissingError, calendars_for
from inclusion.notifications.services import notify_provider
from inclusion.placements.models import Placement

logger = logging.getLogger(__name__)

CHASER_MESSAGE = "{count} of your {session} registers for {day} {verb} not marked yet"
SCHOOL_MESSAGE = "A register at {provider} is still not marked after a reminder"
SESSION_WORDS = {Session.AM.value: "morning", Session.PM.value: "afternoon"}


@dataclass
class Chased:
    """What one run did."""

    chasers: int = 0
    school_alerts: int = 0
    providers_chased: set[str] = field(default_factory=set)


def cutoffs() -> dict[str, dt.time]:
    return {
        Session.AM.value: settings.ATTENDANCE_CUTOFF_AM,
        Session.PM.value: settings.ATTENDANCE_CUTOFF_PM,
    }


def _unmarked(day: dt.date, sessions: Sequence[str]) -> dict[SlotKey, Placement]:
    """Today's expected sessions among ``sessions`` that have no mark, across every provider."""
    placements = list(with_day(active_on(Placement.objects.all(), day), day))
    calendars = calendars_for({p.pupil.school.local_authority_id for p in placements})
    found: dict[SlotKey, Placement] = {}
    for placement in placements:
        try:
            expected = expected_sessions(
                placement, day, day, calendars[placement.pupil.school.local_authority_id]
            )
        except CalendarMissingError:
            logger.warning("No school calendar for %s: its registers are not chased", day)
            continue
        marked = {m.session for m in marks_on_day(placement)}
        for s in expected:
            if s.session in sessions and s.session not in marked:
                found[(placement.pk, day, s.session)] = placement
    return found


def _chase_providers(
    day: dt.date, fresh: Sequence[SlotKey], unmarked: dict[SlotKey, Placement]
) -> set[str]:
    """One chaser to each provider's staff per session, with a count and no names."""
    by_provider: dict[tuple[uuid.UUID, str], int] = defaultdict(int)
    for slot in fresh:
        by_provider[(unmarked[slot].site.provider_id, slot[2])] += 1
    url = reverse("attendance:register")
    for (provider_id, session), count in by_provider.items():
        message = CHASER_MESSAGE.format(
            count=count,
            session=SESSION_WORDS[session],
            day=f"{day:%A} {day.day} {day:%B}",
            verb="is" if count == 1 else "are",
        )
        notify_provider(provider_id=provider_id, message=message, url=url)
    return {str(p) for p, _ in by_provider}


@transaction.atomic
def chase_registers(*, now: dt.datetime) -> Chased:
    """Chase today's registers whose cut-off has passed (``now`` is local time)."""
    day, clock = now.date(), now.time()
    due = [s for s, cutoff in cutoffs().items() if clock >= cutoff]
    done = Chased()
    if not due:
        return done
    unmarked = _unmarked(day, due)
    if not unmarked:
        return done
    chased_before = set(
        AttendanceAlert.objects.filter(
            kind=AttendanceAlert.Kind.NOT_MARKED,
            date=day,
            placement_id__in={slot[0] for slot in unmarked},
        ).values_list("placement_id", "date", "session")
    )
    fresh = new_alerts(AttendanceAlert.Kind.NOT_MARKED, unmarked)
    done.chasers = len(fresh)
    if fresh:
        done.providers_chased = _chase_providers(day, fresh, unmarked)
    grace = dt.timedelta(minutes=settings.ATTENDANCE_SCHOOL_ALERT_AFTER_MINUTES)
    overdue = [
        slot
        for slot in unmarked
        if slot in chased_before
        and now.replace(tzinfo=None) >= dt.datetime.combine(day, cutoffs()[slot[2]]) + grace
    ]
    alerted = new_alerts(AttendanceAlert.Kind.NOT_MARKED_SCHOOL, overdue)
    done.school_alerts = len(alerted)
    if alerted:
        notify_commissioners([unmarked[s] for s in dict.fromkeys(alerted)], SCHOOL_MESSAGE)
    return done
