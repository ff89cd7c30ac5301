"""Section 9: suspensions and permanent exclusions of the partnerships' pupils that started in the
term (by the excluding school's partnership), and admissions under the Fair Access Protocol
decided in the term (by the partnership that ran the case). Two queries, whatever the data."""

from __future__ import annotations

import uuid
from collections import Counter

from django.db.models import Count

from inclusion.exclusions.models import Exclusion, ExclusionKind
from inclusion.fairaccess.categories import EXCLUDED_PUPIL_CATEGORIES
from inclusion.fairaccess.models import FairAccessCase
from inclusion.reports.governance.selectors.context import Scope, by_partnership
from inclusion.reports.governance.tables import Section


def _exclusions(scope: Scope) -> dict[str, dict[uuid.UUID | None, int]]:
    rows = (
        Exclusion.objects.filter(
            school__partnership_id__in=scope.ids,
            start_date__gte=scope.first,
            start_date__lte=scope.as_of,
        )
        .values_list("school__partnership_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return by_partnership(rows)


def _admissions(scope: Scope) -> tuple[Counter[uuid.UUID], Counter[uuid.UUID]]:
    """Fair Access allocations decided in the term and not closed since: all, and those of
    permanently excluded pupils or pupils leaving alternative provision."""
    everyone: Counter[uuid.UUID] = Counter()
    excluded: Counter[uuid.UUID] = Counter()
    for partnership_id, category in FairAccessCase.objects.filter(
        partnership_id__in=scope.ids,
        allocated_on__gte=scope.first,
        allocated_on__lte=scope.as_of,
        closed_on__isnull=True,
    ).values_list("partnership_id", "category"):
        everyone[partnership_id] += 1
        if category in EXCLUDED_PUPIL_CATEGORIES:
            excluded[partnership_id] += 1
    return everyone, excluded


def exclusions_section(scope: Scope) -> Section:
    columns = scope.columns
    kinds = _exclusions(scope)
    everyone, excluded = _admissions(scope)
    return Section(
        9,
        "exclusions",
        "Permanent exclusions and Fair Access admissions",
        "Suspensions and permanent exclusions that started in the term, by the excluding "
        "school's partnership; and places allocated under the Fair Access Protocol in the term "
        "(cases closed without a place are not counted).",
        (
            columns.table(
                "exclusions_by_kind",
                "Exclusions that started in the term, by kind",
                "Exclusions",
                [
                    columns.counts_row(label, kinds.get(code, {}))
                    for code, label in ExclusionKind.choices
                ],
                total_label="All exclusions",
            ),
            columns.table(
                "fair_access_admissions",
                "Places allocated under the Fair Access Protocol in the term",
                "Admissions",
                [
                    columns.counts_row("Fair Access admissions", everyone),
                    columns.counts_row(
                        "Of which: permanently excluded or leaving alternative provision",
                        excluded,
                    ),
                ],
            ),
        ),
    )
