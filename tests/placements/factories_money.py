"""Placements, prices and average pupil costs for the money tests (fictional data only).

The terms are the seeded Leicestershire calendar's (``calendar/0002``): autumn 2026 runs from
Tuesday 1 September to Friday 18 December 2026 with 71 school days; spring 2027 from Monday
4 January (an INSET day) to Thursday 25 March 2027 with 53; the 2026 to 2027 school year has
three terms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from inclusion.calendar.models import Term
from inclusion.organisations.models import LocalAuthority, Partnership
from inclusion.placements.models import AveragePupilCost, Placement, PlacementSession
from inclusion.providers.models import ProviderSite
from inclusion.pupils.models import Pupil
from tests.conftest import County
from tests.factories import ProviderSiteFactory, PupilFactory
from tests.placements.factories import PlacementFactory
from tests.placements.factories_plans import site_of

AUTUMN_2026 = dt.date(2026, 9, 1)
SPRING_2027 = dt.date(2027, 1, 4)
AUTUMN_2026_DAYS = 71
SPRING_2027_DAYS = 53
TERMS_IN_2026 = 3


def term_starting(la: LocalAuthority, starts_on: dt.date) -> Term:
    return Term.objects.get(local_authority=la, starts_on=starts_on)


def average_pupil_cost(
    partnership: Partnership, amount: str = "18000.00", year: int = 2026
) -> AveragePupilCost:
    return AveragePupilCost.objects.create(
        partnership=partnership, academic_year=year, amount=Decimal(amount)
    )


def tier4(
    county: County,
    pupil: Pupil | None = None,
    *,
    start: dt.date,
    end: dt.date | None = None,
    status: str = Placement.Status.ACTIVE,
    site: ProviderSite | None = None,
    **fields: Any,
) -> Placement:
    """A Tier 4 placement the pupil's partnership commissioned (of Amara by default)."""
    pupil = pupil or county.pupil_a
    if status == Placement.Status.ENDED:
        fields.setdefault("end_reason", Placement.EndReason.COMPLETED)
    fields.setdefault("programme_management", True)
    fields.setdefault("commissioner", Placement.Commissioner.PARTNERSHIP)
    fields.setdefault("partnership", pupil.school.partnership)
    return PlacementFactory.create(
        pupil=pupil,
        site=site or site_of(county),
        status=status,
        start_date=start,
        end_date=end,
        school=pupil.school,
        **fields,
    )


def pupils_with_placements(county: County, count: int, *, start: dt.date) -> list[Placement]:
    """``count`` more pupils of Brookvale (school_a), each on a Tier 4 placement, at providers
    of their own."""
    return [
        tier4(
            county,
            PupilFactory.create(school=county.school_a),
            start=start,
            site=ProviderSiteFactory.create(),
            price=Decimal("50.00"),
            price_unit=Placement.PriceUnit.DAY,
        )
        for _ in range(count)
    ]


def sessions(placement: Placement, *weekdays: int) -> Placement:
    """Timetable ``placement`` with a 9am to 3pm session on each of ``weekdays``."""
    for weekday in weekdays:
        PlacementSession.objects.create(
            placement=placement,
            weekday=weekday,
            starts_at=dt.time(9, 0),
            ends_at=dt.time(15, 0),
        )
    return placement
