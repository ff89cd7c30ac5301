"""What the attendance measures and the school's codes need, loaded in a constant number of
queries whatever the number of pupils: the placements (one query), their timetables (one),
their marks in the period (one), the school calendars of the pupils' authorities (two) and the
attendance codes (one). Everything is scoped through the placements' and pupils' selectors.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from inclusion.accounts.models import Membership
from inclusion.attendance.measures import (
    UNAUTHORISED_WINDOW_SCHOOL_DAYS,
    CodeBook,
    CodeRule,
    SessionRecord,
)
from inclusion.attendance.models import AttendanceCode, AttendanceMark
from inclusion.attendance.sessions import expected_sessions
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendars_for
from inclusion.placements.models import Placement
from inclusion.placements.selectors.access import placements_visible_to
from inclusion.pupils.models import Pupil

CURRENT = (Placement.Status.AGREED, Placement.Status.ACTIVE)


def today() -> dt.date:
    """Today's date in the service's time zone (tests replace it)."""
    return timezone.localdate()


def code_book() -> CodeBook:
    """Every version of every attendance code (one query)."""
    return CodeBook.of(
        CodeRule(
            code=c.code,
            meaning=c.meaning,
            category=c.category,
            counts_as_possible=c.counts_as_possible,
            counts_as_attendance=c.counts_as_attendance,
            effective_from=c.effective_from,
        )
        for c in AttendanceCode.objects.all()
    )


@dataclass
class Loaded:
    """Placements with their session records over a period, and the calendars used."""

    placements: list[Placement]
    records: list[SessionRecord]
    codes: CodeBook
    calendars: dict[uuid.UUID, SchoolCalendar]
    missing_calendars: list[str] = field(default_factory=list)

    def records_of(self, placement: Placement) -> list[SessionRecord]:
        return [r for r in self.records if r.placement_id == placement.pk]


def _overlapping(
    placements: QuerySet[Placement], first: dt.date, last: dt.date
) -> QuerySet[Placement]:
    return placements.filter(start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )


def load(placements: QuerySet[Placement], first: dt.date, last: dt.date) -> Loaded:
    """The session records of ``placements`` from ``first`` to ``last``: every expected
    session (timetable and calendar) and every session the provider marked, with its mark.

    A pupil whose authority has no term dates for the period gets only the sessions the
    provider marked; ``missing_calendars`` says which authorities (once each).
    """
    chosen = list(
        _overlapping(placements, first, last)
        .select_related("pupil", "pupil__school", "site", "site__provider")
        .prefetch_related("sessions")
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "start_date", "pk")
    )
    marks: dict[uuid.UUID, dict[tuple[dt.date, str], str]] = defaultdict(dict)
    for placement_id, day, session, code in AttendanceMark.objects.filter(
        placement_id__in=[p.pk for p in chosen], date__range=(first, last)
    ).values_list("placement_id", "date", "session", "code"):
        marks[placement_id][(day, session)] = code
    calendars = calendars_for({p.pupil.school.local_authority_id for p in chosen})
    missing: dict[uuid.UUID, str] = {}
    records: list[SessionRecord] = []
    for placement in chosen:
        school = placement.pupil.school
        calendar = calendars[school.local_authority_id]
        try:
            expected = {
                (s.date, s.session) for s in expected_sessions(placement, first, last, calendar)
            }
        except CalendarMissingError as error:
            missing.setdefault(school.local_authority_id, str(error))
            expected = set()
        marked = marks.get(placement.pk, {})
        for day, session in sorted(expected | set(marked)):
            records.append(
                SessionRecord(
                    date=day,
                    session=session,
                    code=marked.get((day, session)),
                    placement_id=placement.pk,
                    pupil_id=placement.pupil_id,
                    provider_id=placement.site.provider_id,
                    school_id=school.pk,
                    partnership_id=school.partnership_id,
                )
            )
    return Loaded(chosen, records, code_book(), calendars, list(missing.values()))


def window_first(calendar: SchoolCalendar, end: dt.date) -> dt.date | None:
    """The first of the last 50 school days (10 school weeks) up to ``end``; where the calendar
    does not reach that far back, its first term's first day."""
    try:
        back = UNAUTHORISED_WINDOW_SCHOOL_DAYS - (1 if calendar.is_school_day(end) else 0)
        return calendar.add_school_days(end, -back)
    except CalendarMissingError:
        return calendar.terms[0].starts_on if calendar.terms else None


# Scopes ----------------------------------------------------------------------------------------


def school_code_placements(*, membership: Membership | None) -> QuerySet[Placement]:
    """Agreed and active placements of the pupils the membership may see (a school its own
    pupils, a co-ordinator the partnership's)."""
    return placements_visible_to(membership=membership, today=today()).filter(status__in=CURRENT)


def school_codes(*, membership: Membership | None, first: dt.date, last: dt.date) -> Loaded:
    return load(school_code_placements(membership=membership), first, last)


def pupil_attendance(
    *, membership: Membership | None, pupil: Pupil, first: dt.date, last: dt.date
) -> Loaded:
    """The pupil's placements (any status) that the membership may see, over the period."""
    placements = placements_visible_to(membership=membership, today=today()).filter(pupil=pupil)
    return load(placements, first, last)


def in_range(
    records: Iterable[SessionRecord], first: dt.date, last: dt.date
) -> list[SessionRecord]:
    return [r for r in records if first <= r.date <= last]
