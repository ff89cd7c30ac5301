"""Section 8: what the partnership spent on placements in the term, against the average pupil
cost it recharges schools.

The figures follow the money pages exactly (:mod:`inclusion.placements.money` for the rules and
the arithmetic, :mod:`inclusion.placements.selectors.money` for which placements count and for
the average pupil cost): nothing is worked out a second way.

- **Spend**: the placements the partnership commissioned that went ahead and overlap the term;
  each one's weekly cost times the school weeks it covers in the term (the *Placement spend*
  page's figure). A placement with no price has no spend.
- **Recharged**: the Tier 4 pupils of the partnership's schools on placements it commissioned,
  each charged ``average pupil cost / terms in the year * days covered / school days in the
  term`` (the *Recharge statements* page's figure); none when no average pupil cost is set.
- **Average spend per pupil**: the spend over the pupils on priced placements, to the penny.
- **Average pupil cost for a term**: the year's average pupil cost over its terms, to the penny.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from inclusion.placements import money
from inclusion.placements.costs import pence
from inclusion.placements.models import Placement
from inclusion.placements.selectors.money import average_pupil_costs, terms_in_year, weekly_cost_of
from inclusion.reports.governance.selectors.context import Scope
from inclusion.reports.governance.selectors.placements import pupil_partnership
from inclusion.reports.governance.tables import Section
from inclusion.reports.suppression import Figure, Kind

PartnershipId = uuid.UUID | None


@dataclass
class Spend:
    placements: int = 0
    unpriced: int = 0
    total: Decimal = money.ZERO
    pupils: set[uuid.UUID] = field(default_factory=set)  # on priced placements
    all_pupils: set[uuid.UUID] = field(default_factory=set)

    def per_pupil(self) -> Decimal | None:
        return pence(self.total / len(self.pupils)) if self.pupils else None


def went_ahead(placement: Placement) -> bool:
    return bool(getattr(placement, "went_ahead", False))


def commissioned(placements: Sequence[Placement], scope: Scope) -> list[Placement]:
    """The placements the partnerships commissioned that went ahead (the money pages' rule)."""
    ids = set(scope.ids)
    return [
        p
        for p in placements
        if went_ahead(p)
        and p.commissioner == Placement.Commissioner.PARTNERSHIP
        and p.partnership_id in ids
    ]


def spend_by_partnership(
    placements: Sequence[Placement], scope: Scope
) -> dict[PartnershipId, Spend]:
    school_days = scope.calendar.school_days_in(scope.term.starts_on, scope.term.ends_on)
    found: dict[PartnershipId, Spend] = defaultdict(Spend)
    for placement in commissioned(placements, scope):
        spend = found[placement.partnership_id]
        spend.placements += 1
        spend.all_pupils.add(placement.pupil_id)
        covered = money.days_covered(school_days, [(placement.start_date, placement.end_date)])
        weekly = weekly_cost_of(placement)
        if weekly is None:
            spend.unpriced += 1
            continue
        spend.total += money.spend(weekly_cost=weekly, days_covered=covered)
        spend.pupils.add(placement.pupil_id)
    return found


def recharged_by_partnership(
    placements: Sequence[Placement], scope: Scope, cost_of: dict[uuid.UUID, Decimal]
) -> tuple[dict[PartnershipId, Decimal | None], Counter[PartnershipId]]:
    """What the partnerships recharge their schools for the term, and for how many pupils."""
    term, calendar = scope.term, scope.calendar
    school_days = calendar.school_days_in(term.starts_on, term.ends_on)
    spans: dict[tuple[PartnershipId, uuid.UUID], list[money.Span]] = defaultdict(list)
    for p in commissioned(placements, scope):
        if p.programme_management and p.partnership_id == pupil_partnership(p):
            spans[(p.partnership_id, p.pupil_id)].append((p.start_date, p.end_date))
    pupils: Counter[PartnershipId] = Counter(partnership for partnership, _ in spans)
    totals: dict[PartnershipId, Decimal | None] = {
        pk: (money.ZERO if pk in cost_of else None) for pk in scope.ids
    }
    for (partnership, _), pupil_spans in spans.items():
        cost = cost_of.get(partnership) if partnership else None
        if cost is None:
            continue
        charge = money.recharge(
            average_pupil_cost=cost,
            terms_in_year=terms_in_year(calendar, term),
            days_covered=money.days_covered(school_days, pupil_spans),
            days_in_term=len(school_days),
        )
        totals[partnership] = (totals.get(partnership) or money.ZERO) + charge
    return totals, pupils


def _per_term(cost: Decimal | None, terms: int) -> Decimal | None:
    return None if cost is None or terms <= 0 else pence(cost / terms)


def money_section(scope: Scope, placements: Sequence[Placement]) -> Section:
    columns = scope.columns
    cost_of = average_pupil_costs(partnership_ids=scope.ids, academic_year=scope.term.academic_year)
    terms = terms_in_year(scope.calendar, scope.term)
    spends = spend_by_partnership(placements, scope)
    recharged, recharged_pupils = recharged_by_partnership(placements, scope, cost_of)
    spend_of = {pk: spends[pk] if pk in spends else Spend() for pk in scope.ids}
    everyone = Spend(
        total=sum((s.total for s in spend_of.values()), money.ZERO),
        pupils={pupil for s in spend_of.values() for pupil in s.pupils},
    )
    priced = {pk: len(s.pupils) for pk, s in spend_of.items()}
    amounts = (
        columns.money_row(
            "Spend on placements in the term",
            {pk: s.total for pk, s in spend_of.items()},
            priced,
            adds_across=True,
        ),
        columns.money_row(
            "Recharged to schools at the average pupil cost",
            recharged,
            recharged_pupils,
            adds_across=bool(cost_of),
            none_text="No average pupil cost set",
        ),
        columns.money_row(
            "Average spend per pupil",
            {pk: s.per_pupil() for pk, s in spend_of.items()},
            priced,
            adds_across=False,
            total=Figure(everyone.per_pupil(), Kind.MONEY, len(everyone.pupils)),
            none_text="No pupils",
        ),
        columns.money_row(
            "Average pupil cost for a term",
            {pk: _per_term(cost_of.get(pk), terms) for pk in scope.ids},
            None,
            adds_across=False,
            none_text="Not set",
        ),
        columns.money_row(
            "Average pupil cost for the school year",
            {pk: cost_of.get(pk) for pk in scope.ids},
            None,
            adds_across=False,
            none_text="Not set",
        ),
    )
    counts = (
        columns.counts_row(
            "Placements commissioned in the term",
            {pk: s.placements for pk, s in spend_of.items()},
            in_total=False,
        ),
        columns.counts_row(
            "Of which the price is not recorded",
            {pk: s.unpriced for pk, s in spend_of.items()},
            in_total=False,
        ),
        columns.counts_row(
            "Pupils on these placements",
            {pk: len(s.all_pupils) for pk, s in spend_of.items()},
            in_total=False,
        ),
    )
    return Section(
        8,
        "money",
        "Spend against the average pupil cost",
        "What the partnership's commissioned placements cost in the term (as on the Placement "
        "spend page), what it recharges schools for its Tier 4 pupils at the average pupil cost "
        "(as on the Recharge statements page), and the average pupil cost itself.",
        (
            columns.table("spend", "Spend and the average pupil cost", "Pounds", amounts),
            columns.table(
                "spend_placements", "What the spend covers", "Placements or pupils", counts
            ),
        ),
    )
