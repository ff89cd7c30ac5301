"""The demo county's visits by school staff to their pupils at providers.

Most active placements get one visit in each half term since they started, on a school day, by a
member of staff of the pupil's school (or the partnership's co-ordinator when the school has
nobody on the service). About one in seven placements has had no visit yet in the half term in
force, so it shows as visit overdue; about one in six has a concern raised at its latest visit. Most
checklist answers are yes; a few are no.

``build_visits(rng)`` works on a county already built (it needs the active placements from
``programmes``); it is not called by ``generate.build_county`` yet. Dates are relative to
``today``. Running it twice adds nothing. Everything here is invented.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendars_for
from inclusion.placements.models import Placement
from inclusion.visits.models import Visit
from inclusion.visits.selectors import HalfTerm, grace_starts, half_term_in_force

OVERDUE_EVERY = 7  # about one placement in seven has no visit this half term
CONCERN_EVERY = 6  # about one in six has a concern at its latest visit
NOTES = (
    "Saw the pupil in the workshop; settled and working with the tutor.",
    "Spoke with the pupil over lunch; says the journey is easier now.",
    "Looked through the portfolio with the key worker; English and maths both timetabled.",
    "Observed a practical session; the pupil led part of it.",
    "The pupil was quiet at first but joined in by the end of the session.",
)
CONCERNS = (
    "The register showed two afternoons marked present that the pupil said they missed.",
    "The pupil said they are often on their own in the afternoon with no adult nearby.",
    "No fire evacuation notice was displayed in the workshop.",
    "The provider could not say who their designated safeguarding lead is this term.",
)
FOLLOW_UP = (
    "",
    "Ask the provider for the week's register every Friday.",
    "Share the pupil's updated targets with the key worker.",
    "Book the next visit with the pupil's parent invited.",
)


def _visitors() -> tuple[dict[uuid.UUID, User], dict[uuid.UUID, User]]:
    """A member of staff of each school, and a co-ordinator of each partnership."""
    staff: dict[uuid.UUID, User] = {}
    coordinators: dict[uuid.UUID, User] = {}
    members = Membership.objects.filter(is_active=True).select_related("user").order_by("pk")
    for m in members:
        if m.role == Role.SCHOOL_STAFF and m.school_id is not None:
            staff.setdefault(m.school_id, m.user)
        elif m.role == Role.COORDINATOR and m.partnership_id is not None:
            coordinators.setdefault(m.partnership_id, m.user)
    return staff, coordinators


def _halves_since(calendar: SchoolCalendar, start: dt.date, today: dt.date) -> list[HalfTerm]:
    return [
        half
        for term in calendar.terms
        for half in calendar.half_terms(term)
        if half[0] <= today and half[1] >= start
    ]


def _visit_day(
    rng: random.Random, calendar: SchoolCalendar, first: dt.date, last: dt.date
) -> dt.date | None:
    try:
        days = calendar.school_days_in(first, last)
    except CalendarMissingError:
        return None
    return rng.choice(days) if days else None


def build_visits(rng: random.Random, *, today: dt.date | None = None) -> int:
    """Visits to the county's active placements that have none yet; returns how many were
    made."""
    today = today or timezone.localdate()
    placements = list(
        Placement.objects.filter(status=Placement.Status.ACTIVE, visits__isnull=True)
        .select_related("pupil__school")
        .order_by("start_date", "pk")
    )
    staff, coordinators = _visitors()
    calendars = calendars_for({p.pupil.school.local_authority_id for p in placements})
    visits: list[Visit] = []
    for index, placement in enumerate(placements):
        school = placement.pupil.school
        visitor = staff.get(school.pk)
        if visitor is None and school.partnership_id is not None:
            visitor = coordinators.get(school.partnership_id)
        if visitor is None:
            continue
        calendar = calendars[school.local_authority_id]
        made = _placement_visits(rng, calendar, placement, visitor, today, index=index)
        visits.extend(made)
    Visit.objects.bulk_create(visits)
    return len(visits)


def _in_force(calendar: SchoolCalendar, today: dt.date) -> HalfTerm | None:
    try:
        return half_term_in_force(calendar, today)
    except CalendarMissingError:
        return None


def _placement_visits(
    rng: random.Random,
    calendar: SchoolCalendar,
    placement: Placement,
    visitor: User,
    today: dt.date,
    *,
    index: int,
) -> list[Visit]:
    current = _in_force(calendar, today)
    overdue = (
        index % OVERDUE_EVERY == 1
        and current is not None
        and placement.start_date < grace_starts(calendar, current)
    )
    made: list[Visit] = []
    for first, last in _halves_since(calendar, placement.start_date, today):
        # An overdue placement still has its earlier visits (so running again adds nothing).
        if overdue and (first, last) == current and made:
            continue
        day = _visit_day(rng, calendar, max(first, placement.start_date), min(last, today))
        if day is not None:
            made.append(_visit(rng, placement, visitor, day))
    if made and index % CONCERN_EVERY == 2:
        made[-1].concerns = rng.choice(CONCERNS)
        made[-1].follow_up = "Raised with the co-ordinator; the provider will reply within a week."
    return made


def _visit(rng: random.Random, placement: Placement, visitor: User, day: dt.date) -> Visit:
    return Visit(
        placement=placement,
        visited_on=day,
        visitor_name=visitor.full_name,
        recorded_by=visitor,
        pupil_seen=rng.random() > 0.03,
        register_agrees=rng.random() > 0.1,
        safeguarding_known=rng.random() > 0.05,
        work_seen=rng.random() > 0.08,
        targets_discussed=rng.random() > 0.15,
        health_and_safety=rng.random() > 0.05,
        notes=rng.choice(NOTES),
        follow_up=rng.choice(FOLLOW_UP),
    )
