"""Writing the provider's register: a day or a week of marks saved in one go.

A save is validated as a whole and written in one transaction with bulk writes (never a query
per mark): an unknown code, a session the pupil is not expected at, minutes late without L or U,
a session that has not started yet, or a day before the placement started refuses the whole
save. Changing a mark for a day before today needs a reason. Each save is audited once (field
names only). An absence alerts the school's safeguarding leads and the partnership's
co-ordinators at once, without personal data; a run of ``CONSECUTIVE_ABSENCES`` absent
sessions raises a further alert.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Membership, User
from inclusion.attendance.models import AttendanceAlert, AttendanceCode, AttendanceMark, Session
from inclusion.attendance.presenters.register import display_name, field_key, slot_text
from inclusion.attendance.selectors.register import Register, SlotKey
from inclusion.attendance.sessions import expected_sessions
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.calendar.days import CalendarMissingError
from inclusion.notifications.services import notify, safeguarding_leads_and_coordinators
from inclusion.placements.models import Placement

CONSECUTIVE_ABSENCES = 3
# The afternoon session may be marked from midday; the morning from the start of the day.
AFTERNOON_OPENS = dt.time(12, 0)
PRESENT = {Session.AM.value: "/", Session.PM.value: "\\"}
LATE_CODES = frozenset({"L", "U"})
ABSENCE = frozenset(
    {AttendanceCode.Category.AUTHORISED.value, AttendanceCode.Category.UNAUTHORISED.value}
)
# Far enough back to see the sessions before a run of absences, even over a half term.
CONSECUTIVE_LOOKBACK = dt.timedelta(days=42)
ABSENCE_MESSAGE = "An absence has been recorded for a placement at {provider}"
CONSECUTIVE_MESSAGE = (
    "Absences for consecutive sessions have been recorded for a placement at {provider}"
)
REASON_FIELD = "changed_reason"
REASON_MISSING = "Enter why you changed marks for days before today"
AUDIT_FIELDS = ("code", "minutes_late")


@dataclass(frozen=True)
class Entry:
    """What was posted for one session: a code ("" for not marked) and minutes late."""

    placement_id: uuid.UUID
    date: dt.date
    session: str
    code: str
    minutes_late: int | None = None

    @property
    def slot(self) -> SlotKey:
        return (self.placement_id, self.date, self.session)


@dataclass(frozen=True)
class Problem:
    """A reason a save is refused: ``key`` is the field it belongs to."""

    key: str
    message: str


class RegisterInvalidError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass
class Saved:
    created: int = 0
    changed: int = 0
    absence_alerts: int = 0
    consecutive_alerts: int = 0
    slots: list[SlotKey] = field(default_factory=list)


def session_started(day: dt.date, session: str, now: dt.datetime) -> bool:
    today = now.date()
    if day != today:
        return day < today
    return session == Session.AM.value or now.time() >= AFTERNOON_OPENS


def local_now() -> dt.datetime:
    return timezone.localtime()


# Filling and checking ---------------------------------------------------------------------


def fill_present(register: Register, entries: Sequence[Entry], now: dt.datetime) -> list[Entry]:
    """The entries with every unmarked expected session that has started marked present."""
    chosen = {e.slot: e for e in entries}
    for placement_id, sessions in register.expected.items():
        for s in sessions:
            slot = (placement_id, s.date, s.session)
            entry = chosen.get(slot)
            if slot in register.marks or (entry is not None and entry.code):
                continue
            if not session_started(s.date, s.session, now):
                continue
            late = entry.minutes_late if entry is not None else None
            chosen[slot] = Entry(placement_id, s.date, s.session, PRESENT[s.session], late)
    return list(chosen.values())


def _entry_problem(register: Register, entry: Entry, now: dt.datetime) -> str:
    placement = register.placement(entry.placement_id)  # 404 outside scope
    where = f"{display_name(placement)}, {slot_text(entry.date, entry.session)}"
    if entry.date not in register.codes:
        return f"The mark for {where} must be for a day on this register"
    if entry.date < placement.start_date:
        started = placement.start_date
        return (
            f"The mark for {where} must be on or after the day the placement started "
            f"({started.day} {started:%B %Y})"
        )
    expected = {(s.date, s.session) for s in register.expected.get(placement.pk, [])}
    if (entry.date, entry.session) not in expected:
        return f"{where} is not a session the pupil is expected at: select Not marked"
    if entry.code and not session_started(entry.date, entry.session, now):
        return f"The mark for {where} must be for a session that has started"
    if entry.code and entry.code not in register.codes[entry.date]:
        return f"Select a code from the list for {where}"  # noqa: S608 (a message, not SQL)
    if entry.minutes_late is not None and entry.code not in LATE_CODES:
        return f"Minutes late for {where} must only be entered with code L or U"
    return ""


def _changes(register: Register, entries: Iterable[Entry]) -> list[Entry]:
    """The entries that write something: a new mark, or a different code or minutes late."""
    found = []
    for entry in entries:
        mark = register.marks.get(entry.slot)
        if mark is None:
            if entry.code:
                found.append(entry)
        elif entry.code and (entry.code, entry.minutes_late) != (mark.code, mark.minutes_late):
            found.append(entry)
    return found


def check(
    register: Register, entries: Sequence[Entry], *, changed_reason: str, now: dt.datetime
) -> list[Problem]:
    """Every reason the save would be refused (empty when it may be written)."""
    problems = []
    for entry in entries:
        if not entry.code and entry.minutes_late is None:
            continue
        if message := _entry_problem(register, entry, now):
            problems.append(Problem(field_key(*entry.slot), message))
    if not problems and not changed_reason.strip():
        today = now.date()
        past = [e for e in _changes(register, entries) if e.slot in register.marks]
        if any(e.date < today for e in past):
            problems.append(Problem(REASON_FIELD, REASON_MISSING))
    return problems


# Writing ----------------------------------------------------------------------------------


@transaction.atomic
def register_save(
    *,
    actor: User,
    membership: Membership,
    register: Register,
    entries: Sequence[Entry],
    changed_reason: str = "",
    now: dt.datetime | None = None,
) -> Saved:
    """Save the posted marks of a register (a day or a week) as a whole, or refuse them all
    with :class:`RegisterInvalidError`."""
    now = now or local_now()
    reason = changed_reason.strip()
    if problems := check(register, entries, changed_reason=reason, now=now):
        raise RegisterInvalidError(problems)
    changes = _changes(register, entries)
    saved = Saved(slots=[e.slot for e in changes])
    if not changes:
        return saved
    saved.created, saved.changed = _write(register, changes, actor=actor, reason=reason, now=now)
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE if saved.changed else AuditEvent.Verb.CREATE,
        target_type=AttendanceMark._meta.label_lower,
        target_id=f"{membership.provider_id}:{register.days[0].isoformat()}",
        pupil_id=_only_pupil(register, changes),
        changes=_changed_fields(register, changes, reason),
    )
    absences = [e for e in changes if _is_absence(register, e)]
    saved.absence_alerts = _absence_alerts(register, absences)
    saved.consecutive_alerts = _consecutive_alerts(register, absences)
    return saved


def _write(
    register: Register, changes: Sequence[Entry], *, actor: User, reason: str, now: dt.datetime
) -> tuple[int, int]:
    today = now.date()
    new, updated = [], []
    for entry in changes:
        mark = register.marks.get(entry.slot)
        if mark is None:
            new.append(
                AttendanceMark(
                    placement_id=entry.placement_id,
                    date=entry.date,
                    session=entry.session,
                    code=entry.code,
                    minutes_late=entry.minutes_late,
                    recorded_by=actor,
                )
            )
            continue
        mark.code, mark.minutes_late, mark.recorded_by = entry.code, entry.minutes_late, actor
        mark.changed_reason = reason[:200] if entry.date < today else ""
        mark.updated_at = timezone.now()
        updated.append(mark)
    AttendanceMark.objects.bulk_create(new)
    AttendanceMark.objects.bulk_update(
        updated, ["code", "minutes_late", "recorded_by", "changed_reason", "updated_at"]
    )
    return len(new), len(updated)


def _only_pupil(register: Register, changes: Sequence[Entry]) -> uuid.UUID | None:
    pupils = {register.placement(e.placement_id).pupil_id for e in changes}
    return pupils.pop() if len(pupils) == 1 else None


def _changed_fields(register: Register, changes: Sequence[Entry], reason: str) -> list[str]:
    names = {"code"}
    if any(e.minutes_late is not None for e in changes) or any(
        register.marks[e.slot].minutes_late is not None for e in changes if e.slot in register.marks
    ):
        names.add("minutes_late")
    if reason and any(e.slot in register.marks for e in changes):
        names.add(REASON_FIELD)
    return sorted(names)


def _is_absence(register: Register, entry: Entry) -> bool:
    code = register.codes[entry.date].get(entry.code)
    return code is not None and code.category in ABSENCE


# Alerts -----------------------------------------------------------------------------------


def alerts_url() -> str:
    return reverse("attendance:alerts")


def new_alerts(kind: str, slots: Iterable[SlotKey]) -> list[SlotKey]:
    """Create the alerts of ``kind`` not already raised; returns the slots newly alerted."""
    wanted = sorted(set(slots))
    if not wanted:
        return []
    existing = set(
        AttendanceAlert.objects.filter(
            kind=kind,
            placement_id__in={s[0] for s in wanted},
            date__gte=min(s[1] for s in wanted),
            date__lte=max(s[1] for s in wanted),
        ).values_list("placement_id", "date", "session")
    )
    fresh = [s for s in wanted if s not in existing]
    AttendanceAlert.objects.bulk_create(
        [AttendanceAlert(placement_id=p, kind=kind, date=d, session=s) for p, d, s in fresh],
        ignore_conflicts=True,
    )
    return fresh


def _notify(register: Register, slots: Sequence[SlotKey], template: str) -> None:
    placements = [register.placement(pk) for pk in dict.fromkeys(s[0] for s in slots)]
    notify_commissioners(placements, template)


def notify_commissioners(placements: Sequence[Placement], template: str) -> None:
    """Tell the safeguarding leads of each school concerned and the co-ordinators of each
    partnership concerned, once each per provider, naming the provider only (the recipients are
    read in one query, whatever the number of schools)."""
    url = alerts_url()
    schools_of = {p.pk: p.pupil.school_id for p in placements}
    partnership_of = {p.pk: p.partnership_id or p.pupil.school.partnership_id for p in placements}
    leads, coordinators = safeguarding_leads_and_coordinators(
        school_ids=schools_of.values(),
        partnership_ids=[pk for pk in partnership_of.values() if pk is not None],
    )
    by_provider: dict[str, list[Placement]] = defaultdict(list)
    for placement in placements:
        by_provider[placement.site.provider.name].append(placement)
    for provider, concerned in by_provider.items():
        recipients: dict[uuid.UUID, Membership] = {}
        for placement in concerned:
            for member in leads.get(schools_of[placement.pk], []):
                recipients[member.pk] = member
            partnership = partnership_of[placement.pk]
            for member in coordinators.get(partnership, []) if partnership else []:
                recipients[member.pk] = member
        notify(memberships=recipients.values(), message=template.format(provider=provider), url=url)


def _absence_alerts(register: Register, absences: Sequence[Entry]) -> int:
    fresh = new_alerts(AttendanceAlert.Kind.ABSENCE, (e.slot for e in absences))
    if fresh:
        _notify(register, fresh, ABSENCE_MESSAGE)
    return len(fresh)


def _absent_slots(
    register: Register, placement_ids: Iterable[uuid.UUID], since: dt.date
) -> set[SlotKey]:
    """Every absent session of the placements from ``since`` to the register's last day, as it
    stands after this save (the marks were written before this is asked)."""
    absence_codes = {
        code
        for day_codes in register.codes.values()
        for code, version in day_codes.items()
        if version.category in ABSENCE
    }
    return set(
        AttendanceMark.objects.filter(
            placement_id__in=list(placement_ids),
            date__gte=since,
            date__lte=register.days[-1],
            code__in=absence_codes,
        ).values_list("placement_id", "date", "session")
    )


def _consecutive_alerts(register: Register, absences: Sequence[Entry]) -> int:
    """Alert at the session where a run of absences reaches ``CONSECUTIVE_ABSENCES``."""
    if not absences:
        return 0
    since = min(e.date for e in absences) - CONSECUTIVE_LOOKBACK
    placement_ids = {e.placement_id for e in absences}
    absent = _absent_slots(register, placement_ids, since)
    saved = {e.slot for e in absences}
    reached: list[SlotKey] = []
    for pk in placement_ids:
        placement = register.placement(pk)
        calendar = register.calendar_of(placement)
        try:
            sessions = expected_sessions(placement, since, register.days[-1], calendar)
        except CalendarMissingError:
            sessions = expected_sessions(placement, register.days[0], register.days[-1], calendar)
        run = 0
        for s in sessions:
            slot = (pk, s.date, s.session)
            run = run + 1 if slot in absent else 0
            if run == CONSECUTIVE_ABSENCES and slot in saved:
                reached.append(slot)
    fresh = new_alerts(AttendanceAlert.Kind.CONSECUTIVE, reached)
    if fresh:
        _notify(register, fresh, CONSECUTIVE_MESSAGE)
    return len(fresh)
