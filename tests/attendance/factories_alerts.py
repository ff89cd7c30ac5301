"""Placements, marks and alerts for the alerts list and the "today" page (fictional data only).

The dates are in Leicestershire's seeded 2025 to 2026 school year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.accounts.models import User
from inclusion.attendance.models import AttendanceAlert, AttendanceMark, Session
from inclusion.placements.models import Placement, PlacementSession
from inclusion.providers.models import ProviderSite
from inclusion.pupils.models import Pupil
from tests.conftest import County
from tests.factories import ProviderSiteFactory, PupilFactory, UserFactory
from tests.placements.factories import PlacementFactory

# Tuesday 3 March 2026: a school day in Leicestershire's spring term.
SCHOOL_DAY = dt.date(2026, 3, 3)
SATURDAY = dt.date(2026, 3, 7)
HALF_TERM = dt.date(2026, 2, 17)  # Tuesday of the February half term
NO_TERMS = dt.date(2029, 9, 4)  # a Tuesday in a school year with no term dates recorded
STARTED = dt.date(2026, 1, 6)
AM, PM = Session.AM.value, Session.PM.value


def site_of(county: County) -> ProviderSite:
    site = county.provider.sites.first()
    return site or ProviderSiteFactory.create(provider=county.provider, name="Barn Lane")


def placement_for(
    county: County,
    *,
    pupil: Pupil | None = None,
    site: ProviderSite | None = None,
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    starts: dt.time = dt.time(9, 0),
    ends: dt.time = dt.time(15, 0),
    **fields: Any,
) -> Placement:
    """An active placement of ``pupil`` (pupil_a by default) at the persona provider, with a
    timetabled session on each of ``weekdays`` (9am to 3pm: morning and afternoon)."""
    pupil = pupil or county.pupil_a
    fields.setdefault("start_date", STARTED)
    fields.setdefault("school", pupil.school)
    fields.setdefault("partnership", pupil.school.partnership)
    placement = PlacementFactory.create(pupil=pupil, site=site or site_of(county), **fields)
    for day in weekdays:
        PlacementSession.objects.create(
            placement=placement, weekday=day, starts_at=starts, ends_at=ends
        )
    return placement


def pupils_placed(county: County, n: int, *, school: Any = None) -> list[Placement]:
    """``n`` more pupils of ``school`` (school_a by default), each placed at the provider."""
    school = school or county.school_a
    return [placement_for(county, pupil=PupilFactory.create(school=school)) for _ in range(n)]


def mark(
    placement: Placement,
    code: str,
    *,
    day: dt.date = SCHOOL_DAY,
    session: str = AM,
    by: User | None = None,
) -> AttendanceMark:
    return AttendanceMark.objects.create(
        placement=placement,
        date=day,
        session=session,
        code=code,
        recorded_by=by or UserFactory.create(),
    )


def alert(
    placement: Placement,
    *,
    kind: str = AttendanceAlert.Kind.ABSENCE,
    day: dt.date = SCHOOL_DAY,
    session: str = AM,
    **fields: Any,
) -> AttendanceAlert:
    return AttendanceAlert.objects.create(
        placement=placement, kind=kind, date=day, session=session, **fields
    )


def acknowledged(
    placement: Placement, *, at: dt.datetime, by: User | None = None, **fields: Any
) -> AttendanceAlert:
    return alert(
        placement,
        acknowledged_at=at,
        acknowledged_by=by or UserFactory.create(),
        action_taken="Called parent; pupil ill",
        **fields,
    )
