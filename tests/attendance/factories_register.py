"""Builders for the provider register tests: placements at the persona provider with a full
week's timetable (morning and afternoon, Monday to Friday), a frozen "now", and POST data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest
from django.utils import timezone

from inclusion.attendance.presenters.register import field_key
from inclusion.placements.models import Placement
from inclusion.pupils.models import Pupil
from tests.conftest import County
from tests.factories import PupilFactory
from tests.placements.factories import place
from tests.placements.factories_provider import site_of

# A week of Leicestershire's spring term 2026 (seeded term dates): Monday 2 to Friday 6 March.
MONDAY = dt.date(2026, 3, 2)
WEEK = [MONDAY + dt.timedelta(days=n) for n in range(5)]
WEDNESDAY = WEEK[2]
# Wednesday afternoon: Monday, Tuesday and both Wednesday sessions have started.
NOW = dt.datetime.combine(WEDNESDAY, dt.time(14, 0))
STARTED = dt.date(2026, 1, 5)
FULL_WEEK_HOURS = 30  # 9am to 3pm each day: a morning and an afternoon session


def freeze(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime = NOW) -> dt.datetime:
    """Fix "today" and "now" for views and services (never the wall clock)."""
    aware = timezone.make_aware(moment)
    real_localtime = timezone.localtime

    def localtime(value: dt.datetime | None = None, *args: Any, **kwargs: Any) -> dt.datetime:
        return aware if value is None else real_localtime(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: moment.date())
    monkeypatch.setattr(timezone, "localtime", localtime)
    return aware


def register_placement(county: County, *, pupil: Pupil | None = None, **fields: Any) -> Placement:
    """An active placement of ``pupil`` (Amara by default) at the persona provider, every
    weekday morning and afternoon."""
    pupil = pupil or county.pupil_a
    fields.setdefault("start_date", STARTED)
    fields.setdefault("school", pupil.school)
    fields.setdefault("partnership", pupil.school.partnership)
    return place(site=site_of(county), hours=FULL_WEEK_HOURS, pupil=pupil, **fields)


def many_placements(county: County, count: int) -> list[Placement]:
    return [
        register_placement(county, pupil=PupilFactory.create(school=county.school_a))
        for _ in range(count)
    ]


def key(placement: Placement, day: dt.date, session: str) -> str:
    return field_key(placement.pk, day, session)


def marks(placement: Placement, day: dt.date, *, am: str = "/", pm: str = "\\") -> dict[str, str]:
    return {key(placement, day, "am"): am, key(placement, day, "pm"): pm}


def week_marks(placements: Iterable[Placement], days: Iterable[dt.date]) -> dict[str, str]:
    """Every pupil present at every session of ``days``: the shape of a whole-week save."""
    data: dict[str, str] = {"action": "save", "changed_reason": ""}
    for day in days:
        for placement in placements:
            data |= marks(placement, day)
    return data
