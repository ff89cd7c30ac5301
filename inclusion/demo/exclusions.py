"""The demo county's exclusion-risk consultations, suspensions and permanent exclusions.

On a county already built: a few consultations (one held with its advice, one waiting, and one
for a school in a district routed to the County Inclusion Team when there is one); short
suspensions for a handful of pupils, one pupil at 29.5 days this school year (near the 30-day
warning); a permanent exclusion a few school days ago after a consultation, with its board and
sixth-day deadlines open; and an older one with a posted decision and a review applied for.

``build_exclusions(rng)`` is not called by ``generate.build_county`` yet. Dates count back from
``today`` on the school calendar. Running it twice adds nothing. Everything here is invented.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendar_for
from inclusion.demo.generate import demo_email
from inclusion.exclusions.models import (
    Alternative,
    Consultation,
    ConsultationOutcome,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
    ExclusionRouting,
)
from inclusion.organisations.models import School
from inclusion.pupils.models import Pupil

ADVICE = (
    "Agreed a Tier 4 programme at a partnership provider for six weeks, with a review after three.",
    "The Chair advised a managed move; the head will speak to the receiving school this week.",
    "Try an off-site direction to the inclusion centre before any decision is finalised.",
)
PROVISION = "The partnership's inclusion centre"


def _staff() -> dict[object, User]:
    found: dict[object, User] = {}
    members = Membership.objects.filter(role=Role.SCHOOL_STAFF, is_active=True)
    for m in members.select_related("user").order_by("pk"):
        found.setdefault(m.school_id, m.user)
    return found


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date, calendar: SchoolCalendar) -> None:
        self.rng, self.today, self.cal = rng, today, calendar
        self.staff = _staff()
        self.reasons = list(ExclusionReason.objects.filter(confirmed=True).order_by("code"))
        self.count = 0

    def day(self, school_days_ago: int) -> dt.date:
        return self.cal.add_school_days(self.today, -school_days_ago)

    def consultation(
        self, pupil: Pupil, *, raised_ago: int, held: bool, routed_to: str = ""
    ) -> Consultation:
        raised = self.day(raised_ago)
        values: dict[str, object] = {}
        if held:
            values = {
                "held_on": self.cal.add_school_days(raised, 1),
                "held_with": "The Partnership Chair and the co-ordinator",
                "advice": self.rng.choice(ADVICE),
                "alternatives": [Alternative.TIER_4, Alternative.MANAGED_MOVE],
                "outcome": self.rng.choice(
                    [ConsultationOutcome.ALTERNATIVE, ConsultationOutcome.PROCEEDING]
                ),
                "recorded_by": self.staff[pupil.school_id],
            }
        self.count += 1
        return Consultation.objects.create(
            pupil=pupil,
            school=pupil.school,
            partnership_id=pupil.school.partnership_id,
            considered_on=raised,
            raised_by=self.staff[pupil.school_id],
            routed_to=routed_to,
            **values,
        )

    def exclusion(
        self, pupil: Pupil, kind: str, start: dt.date, sessions: int, **fields: object
    ) -> Exclusion:
        row = Exclusion.objects.create(
            pupil=pupil,
            school=pupil.school,
            kind=kind,
            start_date=start,
            sessions=sessions,
            recorded_by=self.staff[pupil.school_id],
            parent_notified_at=_at(start, 10),
            la_notified_at=_at(start, 11),
            board_notified_at=_at(start, 12),
            **fields,
        )
        row.reasons.set(
            self.rng.sample(self.reasons, k=min(len(self.reasons), self.rng.randint(1, 3)))
        )
        self.count += 1
        return row


def _pupils(schools: Sequence[School], rng: random.Random, count: int) -> list[Pupil]:
    pupils = list(
        Pupil.objects.filter(school__in=schools, nc_year__gte=7, nc_year__lte=11)
        .select_related("school")
        .order_by("pk")[: count * 5]
    )
    rng.shuffle(pupils)
    # The recent permanent exclusion (the second pupil) is at the school staff persona's school,
    # so the personas' deadlines pages have open deadlines to show.
    persona = (
        Membership.objects.filter(user__email=demo_email("school.staff"), role=Role.SCHOOL_STAFF)
        .values_list("school_id", flat=True)
        .first()
    )
    own = (
        Pupil.objects.filter(school_id=persona, nc_year__gte=7, nc_year__lte=11)
        .select_related("school")
        .order_by("pk")
        .first()
        if persona is not None
        else None
    )
    if own is not None and len(pupils) > 1:
        pupils = [p for p in pupils if p.pk != own.pk]
        pupils.insert(1, own)
    return pupils[:count]


@transaction.atomic
def build_exclusions(rng: random.Random, *, today: dt.date | None = None) -> int:
    """Add the demo records; returns how many were added (0 when they are already there)."""
    if Exclusion.objects.exists() or Consultation.objects.exists():
        return 0
    staff = _staff()
    schools = list(
        School.objects.filter(partnership__isnull=False, pk__in=list(staff)).order_by("name")
    )
    if not schools:
        return 0
    today = today or timezone.localdate()
    try:
        calendar = calendar_for(schools[0].local_authority_id)
        builder = _Builder(rng, today, calendar)
        return _build(builder, schools)
    except CalendarMissingError:
        transaction.set_rollback(True)
        return 0


def _build(b: _Builder, schools: list[School]) -> int:
    pupils = _pupils(schools, b.rng, 9)
    if len(pupils) < 6:
        return 0
    near_cap, pex_new, pex_old, waiting, *short = pupils
    # Near the 30-day warning: 29.5 school days this year in four suspensions.
    year_start = b.cal.add_school_days(dt.date(*_year_start(b.today)), 0)
    starts = [b.cal.add_school_days(year_start, n) for n in (5, 20, 35, 50)]
    for start, sessions in zip(starts, (20, 15, 14, 10), strict=True):
        if start < b.today:
            b.exclusion(
                near_cap,
                ExclusionKind.SUSPENSION,
                start,
                sessions,
                provision_where=PROVISION if sessions > 10 else "",
                provision_starts_on=b.cal.add_school_days(start, 5) if sessions > 10 else None,
            )
    # A permanent exclusion a few school days ago, after a consultation.
    held = b.consultation(pex_new, raised_ago=12, held=True)
    b.exclusion(pex_new, ExclusionKind.PERMANENT, b.day(4), 0, consultation=held)
    # An older one: the board met, its decision was posted and a review applied for.
    old = b.consultation(pex_old, raised_ago=45, held=True)
    start = b.day(40)
    b.exclusion(
        pex_old,
        ExclusionKind.PERMANENT,
        start,
        0,
        consultation=old,
        provision_where=PROVISION,
        provision_starts_on=b.cal.add_school_days(start, 5),
        board_met_on=b.cal.add_school_days(start, 12),
        decision_given_on=b.cal.add_school_days(start, 13),
        decision_posted=True,
        review_applied_on=b.cal.add_school_days(start, 24),
    )
    b.consultation(waiting, raised_ago=1, held=False)
    routed = ExclusionRouting.objects.select_related("district").first()
    if routed is not None:
        routed_pupil = (
            Pupil.objects.filter(school__district=routed.district, school__in=schools)
            .select_related("school")
            .order_by("pk")
            .first()
        )
        if routed_pupil is not None:
            b.consultation(routed_pupil, raised_ago=3, held=False, routed_to=routed.team_name)
    for index, pupil in enumerate(short):
        kind = ExclusionKind.LUNCHTIME if index % 3 == 2 else ExclusionKind.SUSPENSION
        sessions = 1 if kind == ExclusionKind.LUNCHTIME else b.rng.choice((2, 3, 4, 6))
        b.exclusion(pupil, kind, b.day(b.rng.randint(1, 30)), sessions)
    return b.count


def _year_start(today: dt.date) -> tuple[int, int, int]:
    return (today.year if today.month >= 8 else today.year - 1, 9, 1)
