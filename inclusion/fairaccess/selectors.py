"""Reads of Fair Access cases and panels, scoped to the acting membership (DESIGN.md §5), and the
fairness table shown to the panel.

Who sees which cases:

- a co-ordinator or the chair: their partnership's;
- an LA officer: those of every partnership of their authority;
- a school's staff: only the cases allocated to their school;
- the Virtual School: only looked-after children's cases whose looking-after authority is theirs;
- anyone else: none. A case out of scope answers 404.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.calendar.days import academic_year_bounds, academic_year_of
from inclusion.fairaccess.categories import EXCLUDED_PUPIL_CATEGORIES
from inclusion.fairaccess.models import (
    ALLOCATED_STATUSES,
    CaseStatusChange,
    EmailTemplate,
    FairAccessCase,
    InYearAttempt,
    PanelMeeting,
)
from inclusion.organisations import postcodes
from inclusion.organisations.models import Partnership, School


def _scope(membership: Membership) -> Q | None:
    role = membership.role
    if role in (Role.COORDINATOR, Role.CHAIR):
        return Q(partnership_id=membership.partnership_id)
    if role == Role.LA_OFFICER:
        return Q(partnership__local_authority_id=membership.local_authority_id)
    if role == Role.SCHOOL_STAFF:
        return Q(allocated_school_id=membership.school_id)
    if role == Role.VIRTUAL_SCHOOL:
        return Q(looked_after=True, care_la_id=membership.local_authority_id)
    return None


def cases_visible_to(*, membership: Membership | None) -> QuerySet[FairAccessCase]:
    if membership is None or not can(membership, "fairaccess.view_cases"):
        return FairAccessCase.objects.none()
    scope = _scope(membership)
    if scope is None:
        return FairAccessCase.objects.none()
    return FairAccessCase.objects.filter(scope)


def access_case(*, membership: Membership | None, pk: uuid.UUID) -> FairAccessCase:
    """One case in scope, with its partnership, panel and allocated school; else 404."""
    case = (
        cases_visible_to(membership=membership)
        .select_related(
            "partnership__local_authority", "panel", "allocated_school", "care_la", "opened_by"
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_to_manage(*, membership: Membership | None, pk: uuid.UUID) -> FairAccessCase:
    """A case the membership may change: in scope and the role manages cases; else 404."""
    if membership is None or not can(membership, "fairaccess.manage_case"):
        raise Http404
    return access_case(membership=membership, pk=pk)


def case_list(*, membership: Membership | None) -> list[FairAccessCase]:
    """The cases in scope with what the list shows: one query."""
    return list(
        cases_visible_to(membership=membership)
        .select_related("partnership__local_authority", "allocated_school", "panel")
        .order_by("protocol_decided_on", "created_at", "pk")
    )


def case_attempts(case: FairAccessCase) -> list[InYearAttempt]:
    """The in-year applications of a case the caller has already fetched in scope."""
    return list(case.attempts.order_by("applied_on", "created_at"))


def case_history(case: FairAccessCase) -> list[CaseStatusChange]:
    return list(case.history.select_related("changed_by").order_by("at", "id"))


def partnerships_for_cases(*, membership: Membership | None) -> QuerySet[Partnership]:
    """The partnerships the membership may open a case for."""
    if membership is None or not can(membership, "fairaccess.manage_case"):
        return Partnership.objects.none()
    if membership.role == Role.COORDINATOR:
        return Partnership.objects.filter(Q(pk=membership.partnership_id))
    return Partnership.objects.filter(local_authority_id=membership.local_authority_id)


def allocatable_schools(case: FairAccessCase) -> QuerySet[School]:
    """The schools a case's panel may allocate: the partnership's open schools."""
    return School.objects.filter(partnership_id=case.partnership_id, is_open=True).exclude(
        phase=School.Phase.PRU
    )


# Panels -----------------------------------------------------------------------------------------


def panels_visible_to(*, membership: Membership | None) -> QuerySet[PanelMeeting]:
    if membership is None or not can(membership, "fairaccess.view_panels"):
        return PanelMeeting.objects.none()
    if membership.role in (Role.COORDINATOR, Role.CHAIR):
        return PanelMeeting.objects.filter(Q(partnership_id=membership.partnership_id))
    if membership.role == Role.LA_OFFICER:
        return PanelMeeting.objects.filter(
            partnership__local_authority_id=membership.local_authority_id
        )
    return PanelMeeting.objects.none()


def access_panel(*, membership: Membership | None, pk: uuid.UUID) -> PanelMeeting:
    panel = (
        panels_visible_to(membership=membership).select_related("partnership").filter(pk=pk).first()
    )
    if panel is None:
        raise Http404
    return panel


@dataclass(frozen=True)
class PanelList:
    upcoming: Sequence[PanelMeeting]  # today and later, soonest first
    past: Sequence[PanelMeeting]  # most recent first


def panel_list(*, membership: Membership | None, today: dt.date) -> PanelList:
    """The panel meetings in scope, each with ``agenda_size`` (the number of cases on its
    agenda) and its partnership: one query, however many meetings and cases."""
    panels = list(
        panels_visible_to(membership=membership)
        .select_related("partnership")
        .annotate(agenda_size=Count("cases"))
        .order_by("meets_on", "partnership__name", "pk")
    )
    upcoming = [panel for panel in panels if panel.meets_on >= today]
    past = sorted(
        (panel for panel in panels if panel.meets_on < today),
        key=lambda panel: (-panel.meets_on.toordinal(), panel.partnership.name),
    )
    return PanelList(upcoming, past)


def panel_agenda(panel: PanelMeeting) -> list[FairAccessCase]:
    """The cases on a panel's agenda (the caller has fetched the panel in scope): one query."""
    return list(
        panel.cases.select_related("allocated_school").order_by("protocol_decided_on", "pk")
    )


# The fairness table -----------------------------------------------------------------------------


@dataclass
class FairnessRow:
    school: School
    distance_miles: float | None
    fair_access: int = 0
    excluded: int = 0
    fair_access_by_year: dict[int, int] = field(default_factory=dict)
    excluded_by_year: dict[int, int] = field(default_factory=dict)

    @property
    def by_year(self) -> list[tuple[int, int, int]]:
        """(year group, Fair Access admissions, excluded-pupil admissions), in year order."""
        years = sorted(set(self.fair_access_by_year) | set(self.excluded_by_year))
        return [
            (y, self.fair_access_by_year.get(y, 0), self.excluded_by_year.get(y, 0)) for y in years
        ]


@dataclass(frozen=True)
class FairnessTable:
    rows: list[FairnessRow]
    academic_year: int
    first_day: dt.date
    last_day: dt.date


def _distance(case: FairAccessCase, school: School) -> float | None:
    if case.home_easting is None or case.home_northing is None or not school.postcode:
        return None
    facts = postcodes.lookup(school.postcode)
    if facts is None:
        return None
    home = (case.home_easting, case.home_northing)
    return round(postcodes.distance_miles(home, (facts.easting, facts.northing)), 1)


def fairness_table(case: FairAccessCase, *, today: dt.date) -> FairnessTable:
    """For each school the panel may allocate: this school year's Fair Access admissions and
    excluded-pupil admissions (category d of paragraph 3.17) by year group, its capacity, its
    distance from the child's home and whether it is in special measures. Nearest first (schools
    with no known distance last). Two queries, however many schools and cases."""
    year = academic_year_of(today)
    first, last = academic_year_bounds(year)
    schools = list(allocatable_schools(case).order_by("name", "pk"))
    rows = {s.pk: FairnessRow(s, _distance(case, s)) for s in schools}
    counts = (
        FairAccessCase.objects.filter(
            allocated_school_id__in=list(rows),
            status__in=ALLOCATED_STATUSES,
            allocated_on__gte=first,
            allocated_on__lte=last,
        )
        .values("allocated_school_id", "nc_year", "category")
        .annotate(n=Count("pk"))
    )
    for item in counts:
        row = rows[item["allocated_school_id"]]
        year_group, n = item["nc_year"], item["n"]
        row.fair_access += n
        row.fair_access_by_year[year_group] = row.fair_access_by_year.get(year_group, 0) + n
        if item["category"] in EXCLUDED_PUPIL_CATEGORIES:
            row.excluded += n
            row.excluded_by_year[year_group] = row.excluded_by_year.get(year_group, 0) + n
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.distance_miles is None, r.distance_miles or 0.0, r.school.name),
    )
    return FairnessTable(ordered, year, first, last)


# E-mail templates -------------------------------------------------------------------------------


def partnership_templates(partnership_id: uuid.UUID) -> dict[str, EmailTemplate]:
    """The partnership's own wording of each step it has changed, keyed by step: one query.
    (Templates hold no personal data; the caller checks the membership's partnership.)"""
    templates = EmailTemplate.objects.filter(partnership_id=partnership_id)
    return {template.step: template for template in templates}
