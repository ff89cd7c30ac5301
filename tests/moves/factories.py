"""Managed moves and off-site directions for the tests (fictional data only).

Dates are in Leicestershire's seeded 2025 to 2026 school year: the February half term is 16 to
20 February 2026; the Easter break runs from 28 March to 12 April 2026 (Good Friday 3 April and
Easter Monday 6 April fall in it); the early May bank holiday, Monday 4 May 2026, is in term.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.accounts.models import User
from inclusion.moves.models import DirectionReview, ManagedMove, OffsiteDirection, ReviewRequest
from inclusion.organisations.models import School
from inclusion.providers.models import Provider
from inclusion.pupils.models import Pupil

D = dt.date
TODAY = D(2026, 6, 10)  # a Wednesday in the summer term 2026
AGREED_ON = D(2026, 5, 6)
STARTS_ON = D(2026, 4, 20)
NEXT_REVIEW_ON = D(2026, 6, 1)


def move(
    pupil: Pupil, to_school: School, *, by: User, agreed_on: dt.date = AGREED_ON, **fields: Any
) -> ManagedMove:
    fields.setdefault("starts_on", agreed_on + dt.timedelta(days=5))
    fields.setdefault("agreed_by", "Parent, both head teachers")
    return ManagedMove.objects.create(
        pupil=pupil,
        from_school=fields.pop("from_school", pupil.school),
        to_school=to_school,
        agreed_on=agreed_on,
        recorded_by=by,
        **fields,
    )


def direction(
    pupil: Pupil,
    *,
    by: User,
    setting_school: School | None = None,
    setting_provider: Provider | None = None,
    starts_on: dt.date = STARTS_ON,
    next_review_on: dt.date | None = NEXT_REVIEW_ON,
    **fields: Any,
) -> OffsiteDirection:
    values: dict[str, Any] = {
        "notice_given_on": starts_on - dt.timedelta(days=7),
        "days": 30,
        "address": "1 Example Road, Hinckley",
        "contact": "Reception, 01455 000000",
        "objectives": "Settle into lessons; no removals from class",
        "times": "8.45am to 3.15pm",
        "review_every_weeks": 6,
    } | fields
    return OffsiteDirection.objects.create(
        pupil=pupil,
        school=values.pop("school", pupil.school),
        setting_school=setting_school,
        setting_provider=setting_provider,
        starts_on=starts_on,
        next_review_on=next_review_on,
        recorded_by=by,
        **values,
    )


def review(d: OffsiteDirection, held_on: dt.date, *, by: User) -> DirectionReview:
    return DirectionReview.objects.create(
        direction=d, held_on=held_on, notes="Going well", recorded_by=by
    )


def request(
    d: OffsiteDirection, requested_on: dt.date, *, by: User, must_hold: bool = True
) -> ReviewRequest:
    return ReviewRequest.objects.create(
        direction=d,
        requested_on=requested_on,
        requested_by=ReviewRequest.By.PARENT,
        must_hold=must_hold,
        recent_review_on=None if must_hold else requested_on - dt.timedelta(days=7),
        recorded_by=by,
    )
