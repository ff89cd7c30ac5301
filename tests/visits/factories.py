"""Placements and visits for the visit tests (fictional data only).

The dates are in Leicestershire's seeded 2026 to 2027 school year: the autumn term runs from
Tuesday 1 September to Friday 18 December 2026, with INSET days on 1 and 2 September and 23
October and the half term from 26 to 30 October. So its halves are 1 September to 25 October and
31 October to 18 December; the second half's first school day is Monday 2 November, and 10 school
days later is Monday 16 November.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.accounts.models import User
from inclusion.placements.models import Placement
from inclusion.providers.models import ProviderSite
from inclusion.pupils.models import Pupil
from inclusion.visits.models import CHECKLIST, Visit
from tests.conftest import County
from tests.factories import ProviderSiteFactory, PupilFactory
from tests.placements.factories import PlacementFactory

D = dt.date
TODAY = D(2026, 11, 25)  # a Wednesday in the second half of the autumn term
AUTUMN_STARTED = D(2026, 9, 1)
FIRST_HALF = (D(2026, 9, 1), D(2026, 10, 25))
SECOND_HALF = (D(2026, 10, 31), D(2026, 12, 18))
SPRING_FIRST_HALF = (D(2027, 1, 4), D(2027, 2, 14))
GRACE_ENDS = D(2026, 11, 16)  # 2 November plus 10 school days


def site_of(county: County) -> ProviderSite:
    site = county.provider.sites.first()
    return site or ProviderSiteFactory.create(provider=county.provider, name="Barn Lane")


def placement_of(
    county: County,
    *,
    pupil: Pupil | None = None,
    start_date: dt.date = AUTUMN_STARTED,
    **fields: Any,
) -> Placement:
    """An active placement of ``pupil`` (pupil_a by default) at the persona provider."""
    pupil = pupil or county.pupil_a
    fields.setdefault("school", pupil.school)
    fields.setdefault("partnership", pupil.school.partnership)
    return PlacementFactory.create(
        pupil=pupil, site=site_of(county), start_date=start_date, **fields
    )


def placements_of(county: County, n: int) -> list[Placement]:
    """``n`` more pupils of school_a, each placed at the provider."""
    return [
        placement_of(county, pupil=PupilFactory.create(school=county.school_a)) for _ in range(n)
    ]


def visit(
    placement: Placement,
    on: dt.date,
    *,
    by: User,
    concerns: str = "",
    **answers: bool,
) -> Visit:
    checklist = {name: answers.get(name, True) for name, _ in CHECKLIST}
    return Visit.objects.create(
        placement=placement,
        visited_on=on,
        visitor_name="Dana Whitlock",
        recorded_by=by,
        notes="Fictional: the pupil was working on a brick wall.",
        concerns=concerns,
        **checklist,
    )
