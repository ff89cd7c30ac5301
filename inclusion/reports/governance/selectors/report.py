"""A governance report for a term: every section, for one partnership or for each partnership
of the county with a total. A constant number of queries whatever the amount of data (see each
section's module)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from inclusion.calendar.days import SchoolCalendar
from inclusion.calendar.models import Term
from inclusion.organisations.models import Partnership
from inclusion.reports.governance.selectors import (
    attendance,
    casework,
    exclusions,
    money,
    placements,
)
from inclusion.reports.governance.selectors.context import Scope
from inclusion.reports.governance.selectors.scope import as_of
from inclusion.reports.governance.tables import Report


def build_report(
    *,
    title: str,
    partnerships: Sequence[Partnership],
    term: Term,
    calendar: SchoolCalendar,
    today: dt.date,
    county: bool,
) -> Report:
    scope = Scope(tuple(partnerships), term, calendar, as_of(term, today), today, county)
    loaded = placements.term_placements(scope)
    attendance_section, missing = attendance.attendance_section(scope)
    return Report(
        title=title,
        term=term,
        as_of=scope.as_of,
        county=county,
        sections=[
            casework.referrals_section(scope),
            casework.tiers_section(scope),
            placements.tier4_section(scope, loaded),
            placements.placements_section(scope, loaded),
            attendance_section,
            placements.visits_section(scope, loaded),
            placements.quality_section(scope, loaded),
            money.money_section(scope, loaded),
            exclusions.exclusions_section(scope),
        ],
        notes=missing,
    )
