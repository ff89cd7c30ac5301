"""Fair Access cases for tests: fictional children only."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from inclusion.fairaccess.categories import Category
from inclusion.fairaccess.models import (
    CaseStatusChange,
    FairAccessCase,
    InYearAttempt,
    PanelMeeting,
    Status,
)
from inclusion.organisations.models import School
from tests.conftest import County

_serial = itertools.count(1)
# Tuesday 3 March 2026: a school day in Leicestershire's seeded spring term.
TODAY = dt.date(2026, 3, 3)


def fa_case(county: County, **fields: Any) -> FairAccessCase:
    """An open case for the county's partnership (Hinckley and Bosworth), decided on 2 February
    2026, for a Year 9 child living at LE10 0AA (Hinckley)."""
    n = next(_serial)
    values: dict[str, Any] = {
        "partnership": county.partnership,
        "reference": f"FA-T{n:07d}",
        "legal_first_name": "Jordan",
        "legal_last_name": f"Testchild{n}",
        "date_of_birth": dt.date(2011, 11, 4),
        "nc_year": 9,
        "home_postcode": "LE10 0AA",
        "home_easting": None,
        "home_northing": None,
        "category": Category.HOMELESS,
        "category_evidence": "Fictional: a letter from the housing team.",
        "protocol_decided_on": dt.date(2026, 2, 2),
        "opened_by": county.memberships["coordinator"].user,
    }
    values.update(fields)
    case = FairAccessCase.objects.create(**values)
    CaseStatusChange.objects.create(case=case, status=case.status, changed_by=case.opened_by)
    return case


def at_panel(county: County, case: FairAccessCase, meets_on: dt.date) -> FairAccessCase:
    panel, _ = PanelMeeting.objects.get_or_create(
        partnership=case.partnership,
        meets_on=meets_on,
        defaults={"created_by": county.memberships["coordinator"].user},
    )
    case.panel = panel
    case.status = Status.AT_PANEL
    case.save()
    return case


def allocated(
    county: County,
    school: School,
    *,
    on: dt.date = dt.date(2026, 2, 10),
    nc_year: int = 9,
    category: str = Category.HOMELESS,
) -> FairAccessCase:
    """A case already allocated to ``school`` on ``on`` (an earlier admission)."""
    case = fa_case(county, nc_year=nc_year, category=category, protocol_decided_on=on)
    at_panel(county, case, on)
    case.allocated_school = school
    case.allocated_on = on
    case.status = Status.ALLOCATED
    case.save()
    return case


def attempt(case: FairAccessCase, **fields: Any) -> InYearAttempt:
    values: dict[str, Any] = {
        "school_name": "Fictional Academy",
        "applied_on": dt.date(2026, 1, 12),
        "outcome": InYearAttempt.Outcome.REFUSED_FULL,
    }
    values.update(fields)
    return InYearAttempt.objects.create(case=case, **values)
