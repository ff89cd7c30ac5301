"""How the money pages read: amounts in pounds, terms and school years by name, the rows of a
recharge statement (page, CSV and PDF show the same figures from here), the history of average
pupil costs, and placement spend provider by provider. Display logic only: the figures come from
``selectors.money`` and the arithmetic from :mod:`inclusion.placements.money`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode

from inclusion.calendar.days import academic_year_label
from inclusion.calendar.models import Term
from inclusion.core.spreadsheets import spreadsheet_safe
from inclusion.organisations.models import Partnership, School
from inclusion.placements.models import AveragePupilCost, Placement
from inclusion.placements.selectors.money import PartnershipSpend, SpendLine, Statement

NOT_RECORDED = "Price not recorded"
NOT_SET = "Not set"


def pounds(amount: Decimal | None) -> str:
    """£1,234.50; "Not set" for no amount."""
    return NOT_SET if amount is None else f"£{amount:,.2f}"


def day(value: dt.date) -> str:
    return dateformat.format(value, "j F Y")


def year_label(year: int) -> str:
    return academic_year_label(year)


def term_label(term: Term) -> str:
    """Autumn term, 2026 to 2027."""
    return f"{term.name}, {academic_year_label(term.academic_year)}"


def term_dates(term: Term) -> str:
    return f"{day(term.starts_on)} to {day(term.ends_on)}"


def term_choices(terms: Sequence[Term]) -> list[tuple[str, str]]:
    """The authority's terms, newest first."""
    return [(str(t.pk), f"{term_label(t)} ({term_dates(t)})") for t in reversed(terms)]


def query(**params: object) -> str:
    """A query string of the given non-empty parameters."""
    return urlencode({k: str(v) for k, v in params.items() if v})


def _link(name: str, **params: object) -> str:
    found = query(**params)
    return reverse(name) + (f"?{found}" if found else "")


# Average pupil costs ---------------------------------------------------------------------------


def year_choices(recorded: Iterable[int], this_year: int) -> list[int]:
    """The school years a cost may be set for: every year the calendar has terms for, and the
    year before this one, this one and the next."""
    return sorted({*recorded, this_year - 1, this_year, this_year + 1}, reverse=True)


@dataclass(frozen=True)
class CostRow:
    year: str
    amount: str
    updated: str
    change_url: str


@dataclass(frozen=True)
class PartnershipCosts:
    partnership: Partnership
    rows: list[CostRow]


def cost_history(
    partnerships: Sequence[Partnership], costs: Sequence[AveragePupilCost]
) -> list[PartnershipCosts]:
    """Each partnership's average pupil costs, newest school year first."""
    by_partnership: dict[uuid.UUID, list[AveragePupilCost]] = {}
    for cost in costs:
        by_partnership.setdefault(cost.partnership_id, []).append(cost)
    return [
        PartnershipCosts(
            partnership, [_cost_row(cost) for cost in by_partnership.get(partnership.pk, [])]
        )
        for partnership in partnerships
    ]


def _cost_row(cost: AveragePupilCost) -> CostRow:
    who = f" by {cost.updated_by}" if cost.updated_by else ""
    return CostRow(
        year=year_label(cost.academic_year),
        amount=pounds(cost.amount),
        updated=f"{day(timezone.localtime(cost.updated_at).date())}{who}",
        change_url=_link(
            "placements:costs", partnership=cost.partnership_id, year=cost.academic_year
        )
        + "#set-cost",
    )


def cost_initial(
    costs: Sequence[AveragePupilCost], *, partnership: str | None, year: str | None
) -> dict[str, object]:
    """What the form starts with when a "Change" link chose a partnership and year."""
    initial: dict[str, object] = {}
    if partnership:
        initial["partnership"] = partnership
    if year and year.isdigit():
        initial["academic_year"] = year
        match = next(
            (
                c
                for c in costs
                if str(c.partnership_id) == partnership and str(c.academic_year) == year
            ),
            None,
        )
        if match is not None:
            initial["amount"] = f"{match.amount:.2f}"
    return initial


# Recharge statements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementItem:
    url: str
    provider: str
    site: str
    dates: str


@dataclass(frozen=True)
class StatementRow:
    pupil: str
    placements: list[PlacementItem]
    providers: str
    days: str
    days_covered: int
    recharge: str


def placement_dates(placement: Placement) -> str:
    if placement.end_date is None:
        return f"from {day(placement.start_date)}"
    return f"{day(placement.start_date)} to {day(placement.end_date)}"


def _providers(placements: Iterable[Placement]) -> str:
    names = dict.fromkeys(p.site.provider.name for p in placements)
    return ", ".join(names)


def statement_rows(statement: Statement) -> list[StatementRow]:
    return [
        StatementRow(
            pupil=line.pupil.display_name,
            placements=[
                PlacementItem(
                    url=reverse("placements:detail", kwargs={"pk": p.pk}),
                    provider=p.site.provider.name,
                    site=p.site.name,
                    dates=placement_dates(p),
                )
                for p in line.placements
            ],
            providers=_providers(line.placements),
            days=f"{line.days_covered} of {statement.days_in_term}",
            days_covered=line.days_covered,
            recharge=pounds(line.recharge),
        )
        for line in statement.lines
    ]


def missing_cost(statement: Statement) -> str:
    """Why a statement has no figures, or nothing."""
    school = statement.school
    year = year_label(statement.term.academic_year)
    if school.partnership is None:
        return f"{school.name} is not in a partnership, so it has no Tier 4 recharges."
    if statement.average_pupil_cost is None:
        return (
            f"No average pupil cost is set for {school.partnership.name} for the {year} school "
            "year, so the recharges cannot be worked out. A partnership co-ordinator or a local "
            "authority officer must set it first."
        )
    return ""


def rule_text(statement: Statement) -> str:
    """The rule in words, with this statement's numbers."""
    year = year_label(statement.term.academic_year)
    cost = pounds(statement.average_pupil_cost)
    return (
        f"Each pupil's recharge is the average pupil cost for {year} ({cost}) divided by the "
        f"{statement.terms_in_year} terms of that school year, times the school days their Tier 4 "
        f"placements cover in the term, out of the term's {statement.days_in_term} school days. "
        "A day covered by two placements counts once. Each line is rounded to the penny."
    )


@dataclass(frozen=True)
class StatementPage:
    """Everything the page, the CSV and the PDF show of one statement."""

    statement: Statement
    school: School
    term: str
    dates: str
    rows: list[StatementRow]
    cost: str
    total: str
    problem: str
    rule: str
    csv_url: str
    pdf_url: str

    @property
    def has_figures(self) -> bool:
        return not self.problem


def statement_page(statement: Statement) -> StatementPage:
    params = {"school": statement.school.pk, "term": statement.term.pk}
    return StatementPage(
        statement=statement,
        school=statement.school,
        term=term_label(statement.term),
        dates=term_dates(statement.term),
        rows=statement_rows(statement),
        cost=pounds(statement.average_pupil_cost),
        total=pounds(statement.total),
        problem=missing_cost(statement),
        rule=rule_text(statement),
        csv_url=_link("placements:recharges_csv", **params),
        pdf_url=_link("placements:recharges_pdf", **params),
    )


CSV_HEADER = (
    "School",
    "Term",
    "Pupil",
    "Placements",
    "Providers",
    "School days covered",
    "School days in term",
    "Average pupil cost",
    "Terms in the school year",
    "Recharge",
)


def _plain(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}"


def statement_csv_rows(page: StatementPage) -> list[list[str]]:
    """The statement as spreadsheet rows: a header, a row a pupil, then the total (or why
    there is none)."""
    statement = page.statement
    common = [page.school.name, page.term]
    cost = _plain(statement.average_pupil_cost)
    terms = str(statement.terms_in_year)
    rows = [list(CSV_HEADER)]
    for row, line in zip(page.rows, statement.lines, strict=True):
        placements = "; ".join(f"{p.provider}, {p.site}, {p.dates}" for p in row.placements)
        rows.append(
            [
                *common,
                row.pupil,
                placements,
                row.providers,
                str(row.days_covered),
                str(statement.days_in_term),
                cost,
                terms,
                _plain(line.recharge),
            ]
        )
    total = page.problem or "Total"
    rows.append([*common, total, "", "", "", "", cost, terms, _plain(statement.total)])
    return [[spreadsheet_safe(cell) for cell in row] for row in rows]


def statement_filename(page: StatementPage, extension: str) -> str:
    name = "".join(c if c.isalnum() else "-" for c in page.school.name.lower()).strip("-")
    term = page.statement.term
    season = "".join(c for c in term.name.lower() if c.isalnum())
    return f"recharges-{name}-{season}-{term.starts_on:%Y-%m}.{extension}"


@dataclass(frozen=True)
class SchoolTotal:
    school: str
    url: str
    pupils: int
    total: str


def school_totals(statements: Sequence[Statement]) -> list[SchoolTotal]:
    """The overview for a co-ordinator or LA officer: each school's pupils and total."""
    return [
        SchoolTotal(
            school=s.school.name,
            url=_link("placements:recharges", school=s.school.pk, term=s.term.pk),
            pupils=len(s.lines),
            total=pounds(s.total) if not missing_cost(s) else NOT_SET,
        )
        for s in statements
    ]


# Placement spend -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendRow:
    url: str
    pupil: str
    school: str
    dates: str
    days: str
    weekly: str
    spend: str


@dataclass(frozen=True)
class ProviderBlock:
    name: str
    rows: list[SpendRow]
    total: str
    unpriced: int


def _spend_row(line: SpendLine, days_in_term: int) -> SpendRow:
    placement = line.placement
    missing = line.weekly_cost is None
    return SpendRow(
        url=reverse("placements:detail", kwargs={"pk": placement.pk}),
        pupil=placement.pupil.display_name,
        school=placement.pupil.school.name,
        dates=placement_dates(placement),
        days=f"{line.days_covered} of {days_in_term}",
        weekly=NOT_RECORDED if missing else pounds(line.weekly_cost),
        spend=NOT_RECORDED if missing else pounds(line.spend),
    )


def provider_blocks(spend: PartnershipSpend) -> list[ProviderBlock]:
    return [
        ProviderBlock(
            name=provider.provider.name,
            rows=[_spend_row(line, spend.days_in_term) for line in provider.lines],
            total=pounds(provider.total),
            unpriced=provider.unpriced,
        )
        for provider in spend.providers
    ]


@dataclass(frozen=True)
class PartnershipTotal:
    name: str
    url: str
    placements: int
    unpriced: int
    total: str


def partnership_totals(spends: Sequence[PartnershipSpend]) -> list[PartnershipTotal]:
    return [
        PartnershipTotal(
            name=s.partnership.name,
            url=_link("placements:spend", partnership=s.partnership.pk, term=s.term.pk),
            placements=s.placements,
            unpriced=s.unpriced,
            total=pounds(s.total),
        )
        for s in spends
    ]
