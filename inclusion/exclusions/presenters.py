"""Display logic: the deadlines of an exclusion, the notifications checklist, the 45-day total."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from inclusion.calendar.days import CalendarMissingError, SchoolCalendar
from inclusion.exclusions import clocks
from inclusion.exclusions.models import NOTICE_FIELDS, Exclusion
from inclusion.organisations.models import LocalAuthority
from inclusion.pupils.models import Pupil
from inclusion.referrals.models import Routing
from inclusion.referrals.routing import resolve_postcode

ONE_YEAR = dt.timedelta(days=366)


@dataclass(frozen=True)
class Deadline:
    exclusion: Exclusion
    label: str
    due_on: dt.date
    done_on: dt.date | None = None
    rule: str = ""
    # An application window (the parent's to use): closing is not the school's failure.
    window: bool = False

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_on is None and not self.window and self.due_on < today

    def is_open(self, today: dt.date) -> bool:
        if self.done_on is not None:
            return False
        return self.due_on >= today or not self.window


@dataclass
class Clocks:
    deadlines: list[Deadline] = field(default_factory=list)
    board_note: str = ""
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    sixth_day: dt.date | None = None
    provision_by: str = ""
    unprovided: list[tuple[dt.date, str]] = field(default_factory=list)
    missing: str = ""


def _notice_on(exclusion: Exclusion) -> dt.date:
    """The day the board received notice: as recorded on the checklist, else the start date."""
    if exclusion.board_notified_at is not None:
        return timezone.localdate(exclusion.board_notified_at)
    return exclusion.start_date


def exclusion_clocks(
    exclusion: Exclusion,
    calendar: SchoolCalendar,
    *,
    term_total_sessions: int,
    today: dt.date,
) -> Clocks:
    """Every clock of one exclusion; ``missing`` says why when term dates are missing."""
    found = Clocks()
    try:
        _fill(found, exclusion, calendar, term_total_sessions, today)
    except CalendarMissingError as error:
        found.missing = str(error)
    return found


def _fill(
    found: Clocks, e: Exclusion, calendar: SchoolCalendar, term_total: int, today: dt.date
) -> None:
    permanent = e.is_permanent
    found.first_day = clocks.first_day(calendar, e.start_date)
    if not permanent:
        found.last_day = clocks.last_day(calendar, e.start_date, e.sessions)
    if clocks.needs_sixth_day_provision(permanent=permanent, sessions=e.sessions):
        found.sixth_day = clocks.sixth_day(calendar, e.start_date)
        found.provision_by = "the local authority" if permanent else "the school"
        found.deadlines.append(
            Deadline(
                e,
                "Sixth-day provision starts",
                found.sixth_day,
                e.provision_starts_on,
                f"arranged by {found.provision_by}",
            )
        )
        found.unprovided = clocks.unprovided_sessions(
            calendar,
            permanent=permanent,
            start=e.start_date,
            sessions=e.sessions,
            provision_starts_on=e.provision_starts_on,
            today=today,
        )
    board = clocks.board_meeting(
        calendar,
        permanent=permanent,
        notice_on=_notice_on(e),
        term_total_sessions=term_total,
        missed_public_exam=e.missed_public_exam,
        parent_representations=e.parent_representations,
    )
    if board.due_on is not None:
        rule = f"within {board.school_days} school days: {board.why}"
        found.deadlines.append(
            Deadline(e, "Governing board meets", board.due_on, e.board_met_on, rule)
        )
    else:
        found.board_note = board.why
    if not permanent:
        return
    if e.decision_given_on is not None:
        closes = clocks.review_application_closes(
            calendar, e.decision_given_on, posted=e.decision_posted
        )
        rule = "15 school days from the written decision"
        if e.decision_posted:
            given = clocks.deemed_given(e.decision_given_on, posted=True)
            rule += f" (posted: deemed given on {given:%-d %B %Y})"
        found.deadlines.append(
            Deadline(
                e,
                "Independent review: applications close",
                closes,
                e.review_applied_on,
                rule,
                window=True,
            )
        )
    if e.review_applied_on is not None:
        found.deadlines.append(
            Deadline(
                e,
                "Independent review panel meets",
                clocks.hearing_due(calendar, e.review_applied_on),
                e.panel_decided_on,
                "by the 15th school day after the application",
            )
        )
    if e.panel_decided_on is not None:
        found.deadlines.append(
            Deadline(
                e,
                "Governing board reconsiders",
                clocks.reconsideration_due(calendar, e.panel_decided_on),
                e.reconsidered_on,
                "within 10 school days of the panel's decision",
            )
        )


# The 45-day cap ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapSummary:
    sessions: int

    @property
    def days(self) -> str:
        return clocks.days_label(self.sessions)

    @property
    def level(self) -> str:
        return clocks.cap_level(self.sessions).value

    @property
    def message(self) -> str:
        level = clocks.cap_level(self.sessions)
        if level == clocks.CapLevel.REACHED:
            return "The pupil has reached the limit of 45 school days of suspension this year"
        if level == clocks.CapLevel.WARNING_40:
            return "Over 40 of the 45 school days of suspension allowed this year"
        if level == clocks.CapLevel.WARNING_30:
            return "Over 30 of the 45 school days of suspension allowed this year"
        return ""


# The notifications checklist -------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    name: str
    label: str
    at: dt.datetime | None
    hint: str = ""
    # The social worker's row when the pupil has no social worker.
    not_applicable: bool = False

    @property
    def done(self) -> bool:
        return self.at is not None or self.not_applicable


@dataclass(frozen=True)
class HomeAuthority:
    differs: bool
    name: str
    known: bool


def home_authority(pupil: Pupil, school_la: LocalAuthority) -> HomeAuthority:
    """The pupil's home authority from the postcode (offline), and whether it is not the
    school's."""
    result = resolve_postcode(pupil.postcode)
    if result.routing == Routing.UNKNOWN:
        return HomeAuthority(True, "not known from the home postcode", False)
    return HomeAuthority(result.gss != school_la.gss_code, result.name, True)


def checklist(exclusion: Exclusion, home: HomeAuthority) -> list[Notice]:
    """The people to tell without delay, with when each was told. The Virtual School Head only
    for a looked-after pupil; the home authority only when it is not the school's."""
    pupil = exclusion.pupil
    rows = []
    for name, label in NOTICE_FIELDS:
        hint = ""
        if name == "virtual_school_notified_at":
            if not pupil.looked_after:
                continue
            hint = f"{pupil.care_la.name if pupil.care_la else ''} Virtual School".strip()
        if name == "home_la_notified_at":
            if not home.differs:
                continue
            hint = home.name
        not_applicable = False
        if name == "social_worker_notified_at":
            hint = "If the pupil has a social worker"
            not_applicable = exclusion.social_worker_not_applicable
        rows.append(Notice(name, label, getattr(exclusion, name), hint, not_applicable))
    return rows


def checklist_complete(rows: list[Notice]) -> bool:
    """Everyone on the checklist told, or marked not applicable."""
    return all(row.done for row in rows)


# The deadlines page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    overdue: bool


def deadline_rows(
    exclusions: list[Exclusion],
    calendars: dict[uuid.UUID, SchoolCalendar],
    suspensions: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[dt.date, int]]],
    today: dt.date,
) -> tuple[list[DeadlineRow], list[str]]:
    """Open deadlines of the exclusions, soonest first, and any calendar problems."""
    rows: list[DeadlineRow] = []
    problems: set[str] = set()
    for e in exclusions:
        calendar = calendars[e.school.local_authority_id]
        try:
            term_total = clocks.term_sessions(
                calendar,
                e.start_date,
                [s for s in suspensions.get((e.pupil_id, e.school_id), []) if s[0] <= e.start_date],
            )
        except CalendarMissingError as error:
            problems.add(str(error))
            continue
        found = exclusion_clocks(e, calendar, term_total_sessions=term_total, today=today)
        if found.missing:
            problems.add(found.missing)
        rows.extend(
            DeadlineRow(d, d.is_overdue(today)) for d in found.deadlines if d.is_open(today)
        )
    rows.sort(key=lambda r: (r.deadline.due_on, r.deadline.label))
    return rows, sorted(problems)


def term_total_for(
    exclusion: Exclusion, calendar: SchoolCalendar, suspensions: list[tuple[dt.date, int]]
) -> int:
    """This suspension and the earlier ones at the same school this term."""
    if exclusion.is_permanent:
        return 0
    try:
        return clocks.term_sessions(
            calendar, exclusion.start_date, [s for s in suspensions if s[0] <= exclusion.start_date]
        )
    except CalendarMissingError:
        return 0
