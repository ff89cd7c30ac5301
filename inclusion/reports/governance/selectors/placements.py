"""Sections 3, 4, 6 and 7: Tier 4 numbers, placements by provider and by category, visits made
and overdue, and the quality-assurance coverage of the providers used.

The placements of a report are loaded once (:func:`term_placements`); each section counts from
that list, plus one query for visits in the term, the visits app's five for overdue visits and
one for QA visits: a constant number whatever the number of placements.

A placement *ran* when it became active: it is active, or it ended with a reason (one that
ended without a reason never went ahead). It ran *on* a day from its start date to its end date.
Sections 3 to 7 count the placements of the partnership's pupils (pupils on the roll of its
schools), whoever commissioned them.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q

from inclusion.placements.models import Placement, PlacementSession
from inclusion.placements.selectors.money import WENT_AHEAD
from inclusion.providers.models import QaVisit
from inclusion.reports.governance.selectors.context import Scope, tally
from inclusion.reports.governance.tables import Section
from inclusion.visits.models import Visit
from inclusion.visits.selectors import visit_status

Status = Placement.Status
RAN = Q(status=Status.ACTIVE) | (Q(status=Status.ENDED) & ~Q(end_reason=""))
NOT_RECORDED = "Not recorded"


def _sessions() -> Prefetch[Literal["sessions"]]:
    return Prefetch("sessions", queryset=PlacementSession.objects.order_by("weekday", "starts_at"))


def term_placements(scope: Scope) -> list[Placement]:
    """Placements of the partnerships' pupils, or commissioned by the partnerships, whose dates
    overlap the term, with pupil, school, provider and timetable; ``ran`` and ``went_ahead``
    (the money pages' rule, for spend) annotated: two queries."""
    term = scope.term
    ours = Q(pupil__school__partnership_id__in=scope.ids) | Q(
        commissioner=Placement.Commissioner.PARTNERSHIP, partnership_id__in=scope.ids
    )
    return list(
        Placement.objects.filter(ours, start_date__lte=term.ends_on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=term.starts_on))
        .annotate(
            ran=ExpressionWrapper(RAN, output_field=BooleanField()),
            went_ahead=ExpressionWrapper(WENT_AHEAD, output_field=BooleanField()),
        )
        .select_related("pupil__school", "site__provider")
        .prefetch_related(_sessions())
        .order_by("start_date", "pk")
    )


def pupil_partnership(placement: Placement) -> uuid.UUID | None:
    return placement.pupil.school.partnership_id


def ran(placement: Placement) -> bool:
    return bool(getattr(placement, "ran", False))


def ran_between(placement: Placement, first: dt.date, last: dt.date) -> bool:
    end = placement.end_date
    return ran(placement) and placement.start_date <= last and (end is None or end >= first)


def ran_on(placement: Placement, day: dt.date) -> bool:
    return ran_between(placement, day, day)


def of_pupils(placements: Iterable[Placement], scope: Scope) -> list[Placement]:
    """The placements of the partnerships' pupils that ran in the term (up to ``as_of``)."""
    ids = set(scope.ids)
    return [
        p
        for p in placements
        if pupil_partnership(p) in ids and ran_between(p, scope.first, scope.as_of)
    ]


def _count(placements: Iterable[Placement]) -> Counter[uuid.UUID | None]:
    return Counter(pupil_partnership(p) for p in placements)


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


# Section 3 -------------------------------------------------------------------------------------


def tier4_section(scope: Scope, placements: Sequence[Placement]) -> Section:
    columns = scope.columns
    managed = [p for p in of_pupils(placements, scope) if p.programme_management]
    first, last = scope.first, scope.as_of
    running = _count(p for p in managed if ran_on(p, last))
    started = _count(p for p in managed if first <= p.start_date <= last)
    ended = _count(
        p
        for p in managed
        if p.status == Status.ENDED and p.end_date is not None and first <= p.end_date <= last
    )
    rows = [
        columns.counts_row(f"Running on {_day(last)}", running, in_total=False),
        columns.counts_row("Started in the term", started, in_total=False),
        columns.counts_row("Ended in the term", ended, in_total=False),
    ]
    return Section(
        3,
        "tier4",
        "Tier 4 Programme Management",
        "Programme-managed placements of the partnership's pupils: those running on the day the "
        "figures are taken, and those that started or ended in the term.",
        (columns.table("tier4", "Tier 4 placements", "Placements", rows),),
    )


# Section 4 -------------------------------------------------------------------------------------


def placements_section(scope: Scope, placements: Sequence[Placement]) -> Section:
    columns = scope.columns
    ran_in_term = of_pupils(placements, scope)
    names: dict[uuid.UUID, str] = {}
    for p in ran_in_term:
        names[p.site.provider_id] = p.site.provider.name
    by_provider = tally((pupil_partnership(p), str(p.site.provider_id)) for p in ran_in_term)
    by_category = tally((pupil_partnership(p), p.category) for p in ran_in_term)
    order = sorted(names, key=lambda pk: (names[pk].lower(), str(pk)))
    provider_rows = [columns.counts_row(names[pk], by_provider[str(pk)]) for pk in order]
    category_rows = [
        columns.counts_row(label, by_category.get(code, {}))
        for code, label in Placement.Category.choices
    ]
    if "" in by_category:
        category_rows.append(columns.counts_row(NOT_RECORDED, by_category[""]))
    return Section(
        4,
        "placements",
        "Placements by provider and category",
        "Placements of the partnership's pupils that ran at any time in the term, whoever "
        "commissioned them, by provider and by the category Ofsted asks schools to tell apart.",
        (
            columns.table(
                "placements_by_provider",
                "Placements in the term, by provider",
                "Placements",
                provider_rows,
                total_label="All placements",
                empty="No placement ran in the term.",
            ),
            columns.table(
                "placements_by_category",
                "Placements in the term, by category",
                "Placements",
                category_rows,
                total_label="All placements",
            ),
        ),
    )


# Section 6 -------------------------------------------------------------------------------------


def _as_running(placement: Placement) -> Placement:
    """A copy of the placement as it stood while it ran (active), for the visits rule."""
    running = copy.copy(placement)
    running.status = Status.ACTIVE
    return running


def overdue_visits(placements: Sequence[Placement], on: dt.date) -> set[uuid.UUID]:
    """The placements (each running on ``on``) whose visit was overdue that day, by the visits
    app's rule (:func:`inclusion.visits.selectors.visit_status`, as of ``on``). One that has
    ended since counts as it stood then. The one place the report decides "overdue"."""
    statuses = visit_status([_as_running(p) for p in placements], on)
    return {pk for pk, status in statuses.items() if status.overdue}


def _visits(scope: Scope) -> list[tuple[uuid.UUID | None, uuid.UUID, bool]]:
    """Each visit in the term to a placement of the partnerships' pupils: (partnership,
    placement, whether it raised a concern). One query."""
    rows = Visit.objects.filter(
        placement__pupil__school__partnership_id__in=scope.ids,
        visited_on__gte=scope.first,
        visited_on__lte=scope.as_of,
    ).values_list("placement__pupil__school__partnership_id", "placement_id", "concerns")
    return [
        (partnership, placement, bool(concerns.strip()))
        for partnership, placement, concerns in rows
    ]


def visits_section(scope: Scope, placements: Sequence[Placement]) -> Section:
    columns = scope.columns
    visits = _visits(scope)
    made = Counter(partnership for partnership, _, _ in visits)
    concerns = Counter(partnership for partnership, _, concern in visits if concern)
    visited = Counter(partnership for partnership, _ in {(v[0], v[1]) for v in visits})
    running = [p for p in of_pupils(placements, scope) if ran_on(p, scope.as_of)]
    late = overdue_visits(running, scope.as_of)
    overdue = _count(p for p in running if p.pk in late)
    rows = [
        columns.counts_row("Visits made in the term", made, in_total=False),
        columns.counts_row("Visits that raised a concern", concerns, in_total=False),
        columns.counts_row("Placements visited at least once", visited, in_total=False),
        columns.counts_row(
            f"Placements with a visit overdue on {_day(scope.as_of)}", overdue, in_total=False
        ),
    ]
    return Section(
        6,
        "visits",
        "Visits to pupils at providers",
        "Visits by school staff to the partnership's pupils at their placements in the term, and "
        "the placements running on the day the figures are taken whose visit was overdue then: "
        "no visit in the half term (after a grace period for a placement that had just started).",
        (columns.table("visits", "Visits made and overdue", "Visits or placements", rows),),
    )


# Section 7 -------------------------------------------------------------------------------------


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _qa_visited(provider_ids: set[uuid.UUID], on: dt.date) -> set[uuid.UUID]:
    """The providers with a QA visit in the 12 months up to ``on``: one query."""
    if not provider_ids:
        return set()
    return set(
        QaVisit.objects.filter(
            provider_id__in=provider_ids, visited_on__gt=year_before(on), visited_on__lte=on
        ).values_list("provider_id", flat=True)
    )


def quality_section(scope: Scope, placements: Sequence[Placement]) -> Section:
    columns = scope.columns
    used = {(pupil_partnership(p), p.site.provider_id) for p in of_pupils(placements, scope)}
    providers = {provider for _, provider in used}
    checked = _qa_visited(providers, scope.as_of)
    with_qa = Counter(partnership for partnership, provider in used if provider in checked)
    without = Counter(partnership for partnership, provider in used if provider not in checked)
    rows = [
        columns.counts_row(
            f"With a QA visit in the 12 months to {_day(scope.as_of)}",
            with_qa,
            total=len(providers & checked),
        ),
        columns.counts_row("Without one", without, total=len(providers - checked)),
    ]
    return Section(
        7,
        "quality",
        "Quality assurance of the providers used",
        "Providers at which a pupil of the partnership had a placement in the term, and whether "
        "the provider had a quality-assurance visit in the 12 months to the day the figures are "
        "taken. The county total counts each provider once, however many partnerships used it.",
        (
            columns.table(
                "qa_coverage",
                "Providers used in the term",
                "Providers",
                rows,
                total_label="Providers used",
            ),
        ),
    )
