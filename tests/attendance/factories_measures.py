"""Placements with a Monday-to-Friday timetable and marks written directly: fictional data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from inclusion.accounts.models import User
from inclusion.attendance.models import AttendanceMark
from inclusion.placements.models import Placement, PlacementSession
from inclusion.providers.models import ProviderSite
from inclusion.pupils.models import Pupil
from tests.factories import ProviderSiteFactory, UserFactory

DAY_START = dt.time(9, 0)
DAY_END = dt.time(15, 0)  # AM and PM


def full_week_placement(
    *,
    pupil: Pupil,
    start: dt.date,
    end: dt.date | None = None,
    site: ProviderSite | None = None,
    status: str = Placement.Status.ACTIVE,
    weekdays: Iterable[int] = range(5),
) -> Placement:
    """A placement expecting the pupil morning and afternoon on ``weekdays``."""
    placement = Placement.objects.create(
        pupil=pupil,
        site=site or ProviderSiteFactory.create(),
        status=status,
        start_date=start,
        end_date=end,
        school=pupil.school,
        commissioner=Placement.Commissioner.SCHOOL,
    )
    PlacementSession.objects.bulk_create(
        PlacementSession(placement=placement, weekday=day, starts_at=DAY_START, ends_at=DAY_END)
        for day in weekdays
    )
    return placement


def mark(
    placement: Placement,
    day: dt.date,
    session: str,
    code: str,
    *,
    by: User | None = None,
    minutes_late: int | None = None,
) -> AttendanceMark:
    return AttendanceMark.objects.create(
        placement=placement,
        date=day,
        session=session,
        code=code,
        minutes_late=minutes_late,
        recorded_by=by or UserFactory.create(),
    )


def mark_day(placement: Placement, day: dt.date, am: str, pm: str, *, by: User) -> None:
    mark(placement, day, "am", am, by=by)
    mark(placement, day, "pm", pm, by=by)
