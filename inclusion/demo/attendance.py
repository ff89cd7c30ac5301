"""The demo county's attendance: a term of marks for every active placement, with the alerts they
would have raised.

Each placement gets a pattern: most pupils attend well, some are typical, a few are persistent
absentees (about 80%) and exactly one is a severe absentee (under 50%). Marks run from the start
of the placement or 13 weeks ago, whichever is later, to yesterday, on the sessions the timetable
and the school calendar expect; today is left for the provider to mark. Absences in the last two
school weeks carry the alerts the register would have raised (older ones acknowledged by the
school). ``generate.build_county`` calls ``build_attendance`` after the programmes, with its
seeded ``random.Random``. Everything here is invented.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.attendance.models import AttendanceAlert, AttendanceMark
from inclusion.attendance.services.marks import CONSECUTIVE_ABSENCES, PRESENT
from inclusion.attendance.sessions import ExpectedSession, expected_sessions
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendars_for
from inclusion.placements.models import Placement, PlacementSession

BATCH_SIZE = 2000
HISTORY = dt.timedelta(weeks=13)
ALERT_WINDOW = dt.timedelta(days=14)
ACKNOWLEDGED_AFTER = dt.timedelta(days=2)


@dataclass(frozen=True)
class Pattern:
    name: str
    attends: float  # chance of attending a session
    late: float  # chance that a session attended is a late arrival
    absences: tuple[tuple[str, int], ...]  # absence codes and their weights


GOOD = Pattern("good", 0.97, 0.03, (("I", 6), ("M", 3), ("C", 1)))
TYPICAL = Pattern("typical", 0.92, 0.06, (("I", 5), ("M", 2), ("O", 3), ("G", 1)))
PERSISTENT = Pattern("persistent", 0.80, 0.10, (("I", 4), ("O", 5), ("U", 1)))
SEVERE = Pattern("severe", 0.45, 0.10, (("O", 6), ("I", 3), ("U", 1)))
ACTIONS = (
    "Phoned home: parent confirmed illness; expected back tomorrow.",
    "Spoke to the provider's key worker; pupil attended later in the day.",
    "Home visit arranged with the attendance officer.",
    "Texted parent and logged on the school's register; no reply yet, following up tomorrow.",
)


def _patterns(rng: random.Random, sizes: Sequence[int]) -> list[Pattern]:
    """One severe absentee (among the placements with the most sessions), about one in eight
    persistent, the rest mostly good."""
    count = len(sizes)
    chosen = [GOOD if rng.random() < 0.6 else TYPICAL for _ in range(count)]
    for index in rng.sample(range(count), k=min(count, max(1, count // 8))):
        chosen[index] = PERSISTENT
    if count:
        longest = sorted(range(count), key=lambda i: -sizes[i])[: max(1, count // 4)]
        chosen[rng.choice(longest)] = SEVERE
    return chosen


def _absent_sessions(rng: random.Random, pattern: Pattern, count: int) -> set[int]:
    """Which of ``count`` sessions are absences: the pattern's share exactly, in runs of one to
    three sessions (a morning and its afternoon, or a day and a half)."""
    wanted = round(count * (1 - pattern.attends))
    absent: set[int] = set()
    while len(absent) < wanted:
        start = rng.randrange(count)
        for index in range(start, min(count, start + rng.choice((1, 2, 2, 3)))):
            if len(absent) < wanted:
                absent.add(index)
    return absent


def _code(rng: random.Random, pattern: Pattern, session: str, absent: bool) -> str:
    if not absent:
        return "L" if rng.random() < pattern.late else PRESENT[session]
    codes, weights = zip(*pattern.absences, strict=True)
    return str(rng.choices(codes, weights)[0])


def _people() -> tuple[dict[object, User], dict[object, User]]:
    provider_staff: dict[object, User] = {}
    school_staff: dict[object, User] = {}
    members = Membership.objects.filter(
        is_active=True, role__in=(Role.PROVIDER_STAFF, Role.SCHOOL_STAFF)
    ).select_related("user")
    for m in members.order_by("-is_safeguarding_lead", "pk"):
        if m.role == Role.PROVIDER_STAFF:
            provider_staff.setdefault(m.provider_id, m.user)
        else:
            school_staff.setdefault(m.school_id, m.user)
    return provider_staff, school_staff


def _expected(
    placement: Placement,
    first: dt.date,
    last: dt.date,
    calendars: Mapping[uuid.UUID, SchoolCalendar],
) -> list[ExpectedSession]:
    try:
        return expected_sessions(
            placement, first, last, calendars[placement.pupil.school.local_authority_id]
        )
    except CalendarMissingError:
        return []


def _alerts(
    rng: random.Random,
    placement: Placement,
    marks: Sequence[AttendanceMark],
    absent: set[str],
    today: dt.date,
    acknowledger: User | None,
) -> list[AttendanceAlert]:
    alerts: list[AttendanceAlert] = []
    run = 0
    for mark in marks:
        run = run + 1 if mark.code in absent else 0
        if today - mark.date > ALERT_WINDOW or not run:
            continue
        kinds = [AttendanceAlert.Kind.ABSENCE]
        if run == CONSECUTIVE_ABSENCES:
            kinds.append(AttendanceAlert.Kind.CONSECUTIVE)
        for kind in kinds:
            alert = AttendanceAlert(
                placement=placement, kind=kind, date=mark.date, session=mark.session
            )
            if acknowledger is not None and today - mark.date > ACKNOWLEDGED_AFTER:
                alert.acknowledged_by = acknowledger
                alert.acknowledged_at = timezone.make_aware(
                    dt.datetime.combine(mark.date, dt.time(11, rng.randrange(60)))
                )
                alert.action_taken = rng.choice(ACTIONS)
            alerts.append(alert)
    return alerts


def build_attendance(rng: random.Random, *, today: dt.date | None = None) -> int:
    """Marks and alerts for every active placement; the number of marks made."""
    today = today or timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    placements = list(
        Placement.objects.filter(status=Placement.Status.ACTIVE, start_date__lte=yesterday)
        .select_related("pupil__school", "site")
        .prefetch_related(Prefetch("sessions", PlacementSession.objects.order_by()))
        .order_by("start_date", "pk")
    )
    calendars = calendars_for({p.pupil.school.local_authority_id for p in placements})
    provider_staff, school_staff = _people()
    absent = {
        code for pattern in (GOOD, TYPICAL, PERSISTENT, SEVERE) for code, _ in pattern.absences
    }
    expected = [
        _expected(p, max(p.start_date, today - HISTORY), yesterday, calendars) for p in placements
    ]
    patterns = _patterns(rng, [len(sessions) for sessions in expected])
    marks: list[AttendanceMark] = []
    alerts: list[AttendanceAlert] = []
    for placement, sessions, pattern in zip(placements, expected, patterns, strict=True):
        recorder = provider_staff.get(placement.site.provider_id)
        if recorder is None:
            continue
        absences = _absent_sessions(rng, pattern, len(sessions))
        made = []
        for index, s in enumerate(sessions):
            code = _code(rng, pattern, s.session, index in absences)
            made.append(
                AttendanceMark(
                    placement=placement,
                    date=s.date,
                    session=s.session,
                    code=code,
                    minutes_late=rng.randrange(5, 30) if code in {"L", "U"} else None,
                    recorded_by=recorder,
                )
            )
        marks += made
        alerts += _alerts(
            rng, placement, made, absent, today, school_staff.get(placement.pupil.school_id)
        )
    AttendanceMark.objects.bulk_create(marks, batch_size=BATCH_SIZE)
    AttendanceAlert.objects.bulk_create(alerts, batch_size=BATCH_SIZE)
    return len(marks)
