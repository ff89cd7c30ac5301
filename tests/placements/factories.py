"""Factories for placements and their weekly timetables: fictional data only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from inclusion.placements.models import Placement, PlacementSession
from inclusion.providers.models import ProviderSite
from inclusion.pupils.models import Pupil
from tests.factories import ProviderSiteFactory, PupilFactory

# A Monday in the spring term of 2026, and a start date comfortably before it.
ON = dt.date(2026, 3, 2)
STARTED = dt.date(2026, 1, 5)
DAY_START = dt.time(9, 0)
MAX_HOURS_A_DAY = 6


class PlacementFactory(factory.django.DjangoModelFactory[Placement]):
    class Meta:
        model = Placement

    pupil = factory.SubFactory(PupilFactory)
    site = factory.SubFactory(ProviderSiteFactory)
    status = Placement.Status.ACTIVE
    start_date = STARTED
    end_date = None


class PlacementSessionFactory(factory.django.DjangoModelFactory[PlacementSession]):
    class Meta:
        model = PlacementSession

    placement = factory.SubFactory(PlacementFactory)
    weekday = PlacementSession.Weekday.MONDAY
    starts_at = DAY_START
    ends_at = dt.time(15, 0)


def _after(start: dt.time, hours: Decimal) -> dt.time:
    moment = dt.datetime.combine(ON, start) + dt.timedelta(minutes=int(hours * 60))
    return moment.time()


def timetable(
    hours: Decimal | int | str, *, first_day: int = 0
) -> list[tuple[int, dt.time, dt.time]]:
    """Sessions adding up to ``hours`` a week: up to six hours a day from 9am, Monday on."""
    left = Decimal(hours)
    sessions = []
    day = first_day
    while left > 0:
        today = min(left, Decimal(MAX_HOURS_A_DAY))
        sessions.append((day, DAY_START, _after(DAY_START, today)))
        left -= today
        day += 1
    assert day <= PlacementSession.Weekday.FRIDAY + 1, "more hours than a school week holds"
    return sessions


def unsaved_sessions(
    placement: Placement, hours: Decimal | int | str, *, first_day: int = 0
) -> list[PlacementSession]:
    return [
        PlacementSession(placement=placement, weekday=day, starts_at=start, ends_at=end)
        for day, start, end in timetable(hours, first_day=first_day)
    ]


def place(
    *,
    site: ProviderSite,
    hours: Decimal | int | str,
    pupil: Pupil | None = None,
    first_day: int = 0,
    **fields: object,
) -> Placement:
    """A saved placement of ``pupil`` (a new one if not given) at ``site`` for ``hours`` a week."""
    placement = PlacementFactory.create(site=site, pupil=pupil or PupilFactory.create(), **fields)
    for session in unsaved_sessions(placement, hours, first_day=first_day):
        session.save()
    return placement
