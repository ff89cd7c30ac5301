"""Sections 1 and 2: referrals and forum decisions in the term, pupils at each tier and their
movements between tiers. One query a table, whatever the number of partnerships or pupils."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count

from inclusion.forums.models import Decision, Outcome
from inclusion.pupils.models import TierChange
from inclusion.pupils.tiers import TIERS
from inclusion.referrals.models import Purpose, Referral
from inclusion.reports.governance.selectors.context import Scope, by_partnership, tally
from inclusion.reports.governance.tables import Section

NOT_RECORDED = "Not recorded"


def _purposes(scope: Scope) -> dict[str, dict[uuid.UUID | None, int]]:
    rows = (
        Referral.objects.filter(
            partnership_id__in=scope.ids,
            submitted_at__date__gte=scope.first,
            submitted_at__date__lte=scope.as_of,
        )
        .values_list("partnership_id", "purpose")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return by_partnership(rows)


def _outcomes(scope: Scope) -> dict[str, dict[uuid.UUID | None, int]]:
    meeting = "agenda_item__meeting__"
    rows = (
        Decision.objects.filter(
            **{
                f"{meeting}partnership_id__in": scope.ids,
                f"{meeting}starts_at__date__gte": scope.first,
                f"{meeting}starts_at__date__lte": scope.as_of,
            }
        )
        .values_list(f"{meeting}partnership_id", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return by_partnership(rows)


def referrals_section(scope: Scope) -> Section:
    columns = scope.columns
    purposes = _purposes(scope)
    outcomes = _outcomes(scope)
    purpose_rows = [
        columns.counts_row(label, purposes.get(code, {})) for code, label in Purpose.choices
    ]
    if "" in purposes:
        purpose_rows.append(columns.counts_row(NOT_RECORDED, purposes[""]))
    outcome_rows = [
        columns.counts_row(label, outcomes.get(code, {})) for code, label in Outcome.choices
    ]
    return Section(
        1,
        "referrals",
        "Referrals and forum decisions",
        "Referrals submitted to the partnership in the term, by their purpose; and the decisions "
        "of the partnership's Inclusion Forum meetings held in the term, by their outcome.",
        (
            columns.table(
                "referrals_by_purpose",
                "Referrals submitted in the term, by purpose",
                "Referrals",
                purpose_rows,
                total_label="All referrals",
            ),
            columns.table(
                "decisions_by_outcome",
                "Forum decisions in the term, by outcome",
                "Decisions",
                outcome_rows,
                total_label="All decisions",
            ),
        ),
    )


# Tiers -----------------------------------------------------------------------------------------

Change = tuple[uuid.UUID, uuid.UUID | None, int, dt.date]  # pupil, partnership, tier, from


def _tier_changes(scope: Scope) -> list[Change]:
    """Every tier change of the partnerships' pupils up to the day figures are taken on, in
    order for each pupil (one query)."""
    return list(
        TierChange.objects.filter(
            pupil__school__partnership_id__in=scope.ids, effective_on__lte=scope.as_of
        )
        .order_by("pupil_id", "effective_on", "at", "id")
        .values_list("pupil_id", "pupil__school__partnership_id", "tier", "effective_on")
    )


def _by_pupil(changes: Iterable[Change]) -> dict[uuid.UUID, list[Change]]:
    found: dict[uuid.UUID, list[Change]] = {}
    for change in changes:
        found.setdefault(change[0], []).append(change)
    return found


def tier_figures(
    changes: Iterable[Change], first: dt.date
) -> tuple[dict[str, Counter[uuid.UUID | None]], dict[tuple[int, int], Counter[uuid.UUID | None]]]:
    """Each pupil's tier at the end of ``changes`` (by tier, by partnership), and the moves
    from one tier to another that took effect from ``first`` (by (from, to); 0 is "no tier
    before")."""
    now: list[tuple[uuid.UUID | None, str]] = []
    moves: dict[tuple[int, int], Counter[uuid.UUID | None]] = {}
    for pupil_changes in _by_pupil(changes).values():
        before = 0
        for _, partnership_id, tier, effective_on in pupil_changes:
            if effective_on >= first and tier != before:
                moves.setdefault((before, tier), Counter())[partnership_id] += 1
            before = tier
        now.append((pupil_changes[-1][1], str(before)))
    return tally(now), moves


def _move_label(move: tuple[int, int]) -> str:
    before, after = move
    if before == 0:
        return f"No tier before, to tier {after}"
    return f"Tier {before} to tier {after}"


def tiers_section(scope: Scope) -> Section:
    columns = scope.columns
    now, moves = tier_figures(_tier_changes(scope), scope.first)
    tier_rows = [columns.counts_row(f"Tier {tier}", now.get(str(tier), {})) for tier in TIERS]
    move_rows = [columns.counts_row(_move_label(move), moves[move]) for move in sorted(moves)]
    return Section(
        2,
        "tiers",
        "Pupils at each tier",
        "The tier of each pupil of the partnership's schools on the day the figures are taken "
        "(the latest tier change by then), and the changes of tier that took effect in the term, "
        "from the pupils' tier history. Pupils with no tier recorded are not counted.",
        (
            columns.table(
                "pupils_by_tier",
                "Pupils at each tier",
                "Pupils",
                tier_rows,
                total_label="Pupils with a tier",
            ),
            columns.table(
                "tier_movements",
                "Movements between tiers in the term",
                "Movements",
                move_rows,
                total_label="All movements",
                empty="No pupil's tier changed in the term.",
            ),
        ),
    )
