"""The demo county's managed moves and off-site directions.

Three records, between the demo's two persona schools (``school_staff`` and ``school_staff_2``,
in the same partnership) and a third school of that partnership:

- a completed managed move: a pupil of the first school moved to the second about six weeks ago
  and is on the second school's roll;
- an older trial managed move, agreed before 26 July 2026 (when trial moves ended), that did not
  go ahead: the pupil stayed at the first school;
- an off-site direction from the first school to the second, in force, that started about five
  school weeks ago with six-weekly reviews: its review falls due within days.

``build_moves(rng)`` works on a county already built; it is not called by
``generate.build_county`` yet. Dates are relative to ``today``. Running it twice adds nothing.
Everything here is invented.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendar_for
from inclusion.demo.generate import demo_email
from inclusion.moves import clocks
from inclusion.moves.models import ManagedMove, OffsiteDirection
from inclusion.organisations.models import School
from inclusion.pupils.models import Pupil

PERSONA_EMAILS = (demo_email("school.staff"), demo_email("school.staff.2"))
AGREED_BY = "The parent, the head teachers of both schools and the partnership's co-ordinator"
REVIEW_WEEKS = 6


def _schools() -> tuple[School, School, School, User] | None:
    """The first persona school (or any school with staff), a second and a third school of its
    partnership, and a member of staff of the first."""
    staff = list(
        Membership.objects.filter(
            role=Role.SCHOOL_STAFF, is_active=True, school__partnership__isnull=False
        )
        .select_related("school", "user")
        .order_by("created_at", "pk")
    )
    if not staff:
        return None
    staff.sort(key=lambda m: m.user.email not in PERSONA_EMAILS)
    first = staff[0]
    school = first.school
    if school is None or school.partnership_id is None:
        return None
    others = list(
        School.objects.filter(partnership_id=school.partnership_id, is_open=True)
        .exclude(pk=school.pk)
        .order_by("name")
    )
    persona_two = next(
        (m.school for m in staff if m.user.email == PERSONA_EMAILS[1] and m.school in others), None
    )
    if persona_two is not None:
        others.remove(persona_two)
        others.insert(0, persona_two)
    if len(others) < 2:
        return None
    return school, others[0], others[1], first.user


def _pupils(rng: random.Random, school: School, count: int) -> list[Pupil]:
    # Pupils without placements: a completed move changes the roll, and placements keep theirs.
    pupils = list(
        Pupil.objects.filter(school=school, nc_year__gte=7, placements__isnull=True).order_by("pk")[
            :50
        ]
    )
    return rng.sample(pupils, min(count, len(pupils)))


def _school_day(calendar: SchoolCalendar, day: dt.date) -> dt.date:
    return calendar.add_school_days(day, 0)


@transaction.atomic
def build_moves(rng: random.Random, *, today: dt.date | None = None) -> int:
    """The demo's moves and direction; returns how many records were made (0 the second time)."""
    if ManagedMove.objects.exists() or OffsiteDirection.objects.exists():
        return 0
    found = _schools()
    if found is None:
        return 0
    first, second, third, by = found
    today = today or timezone.localdate()
    pupils = _pupils(rng, first, 3)
    if len(pupils) < 3:
        return 0
    calendar = calendar_for(first.local_authority_id)
    made = 0
    with contextlib.suppress(CalendarMissingError):
        made += _completed_move(calendar, pupils[0], first, second, by, today)
    made += _trial_move(pupils[1], first, third, by, today)
    with contextlib.suppress(CalendarMissingError):
        made += _direction(calendar, pupils[2], first, second, by, today)
    return made


def _completed_move(
    calendar: SchoolCalendar, pupil: Pupil, first: School, second: School, by: User, today: dt.date
) -> int:
    agreed_on = _school_day(calendar, today - dt.timedelta(weeks=8))
    starts_on = calendar.add_school_days(agreed_on, 10)
    ManagedMove.objects.create(
        pupil=pupil,
        from_school=first,
        to_school=second,
        agreed_on=agreed_on,
        agreed_by=AGREED_BY,
        starts_on=starts_on,
        outcome=ManagedMove.Outcome.COMPLETED,
        outcome_on=starts_on,
        recorded_by=by,
    )
    pupil.school = second
    pupil.save(update_fields=["school", "updated_at"])
    return 1


def _trial_move(pupil: Pupil, first: School, third: School, by: User, today: dt.date) -> int:
    # Before trial moves ended (26 July 2026): the spring term of 2025 to 2026, or earlier.
    agreed_on = min(today - dt.timedelta(weeks=20), clocks.TRIAL_MOVES_END - dt.timedelta(weeks=20))
    while agreed_on.weekday() >= 5:  # Saturday and Sunday
        agreed_on -= dt.timedelta(days=1)
    ManagedMove.objects.create(
        pupil=pupil,
        from_school=first,
        to_school=third,
        agreed_on=agreed_on,
        agreed_by="The parent and the head teachers of both schools (a six-week trial)",
        starts_on=agreed_on + dt.timedelta(days=7),
        trial=True,
        outcome=ManagedMove.Outcome.DID_NOT_GO_AHEAD,
        outcome_on=agreed_on + dt.timedelta(weeks=6),
        recorded_by=by,
    )
    return 1


def _direction(
    calendar: SchoolCalendar, pupil: Pupil, first: School, second: School, by: User, today: dt.date
) -> int:
    # Started about 5 school weeks ago, reviewed every 6: the review is due within days.
    starts_on = calendar.add_school_days(_school_day(calendar, today), -(5 * 5 - 2))
    notice = calendar.add_school_days(starts_on, -3)
    OffsiteDirection.objects.create(
        pupil=pupil,
        school=first,
        setting_school=second,
        notice_given_on=notice,
        starts_on=starts_on,
        days=60,
        address=f"{second.name}, {second.town or 'Leicestershire'} {second.postcode}".strip(),
        contact="Head of Year 9, via the school office",
        objectives="Attend every lesson on time; use the agreed time-out card instead of "
        "leaving lessons; complete the weekly report with the pastoral lead.",
        times="8.40am to 3.10pm, Monday to Friday",
        review_every_weeks=REVIEW_WEEKS,
        next_review_on=clocks.next_review_on(calendar, starts_on, REVIEW_WEEKS),
        recorded_by=by,
    )
    return 1
