"""Reads for the money pages: average pupil costs, termly recharge statements and placement
spend, scoped to the acting membership (a school, partnership or term outside it is a 404).

Schools see their own statement; co-ordinators their partnership's schools and spend; LA
officers every partnership and school of their authority. Placements are read through
``placements_visible_to``, so nothing outside scope is ever counted. The arithmetic is in
:mod:`inclusion.placements.money`; this module picks the placements, the term, the calendar and
the average pupil cost, and hands them over. Each page reads a fixed number of queries however
many pupils or placements it shows: the calendar once (two queries), the placements once, the
average pupil costs once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.models import Membership, Role
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendar_for
from inclusion.calendar.models import Term
from inclusion.organisations.models import LocalAuthority, Partnership, School
from inclusion.placements import costs, money
from inclusion.placements.models import AveragePupilCost, Placement, PlacementSession
from inclusion.placements.selectors.access import placements_visible_to
from inclusion.providers.models import Provider
from inclusion.pupils.models import Pupil

Status = Placement.Status

# Placements that cost money in a term: agreed or active, or ended after going ahead (an active
# placement ends with a reason; one that was only proposed or agreed ends without one: it never
# went ahead).
WENT_AHEAD = Q(status__in=[Status.AGREED, Status.ACTIVE]) | (
    Q(status=Status.ENDED) & ~Q(end_reason="")
)


def today() -> dt.date:
    """Today's date in the service's time zone (tests replace it)."""
    return timezone.localdate()


def _parse(pk: str | None) -> uuid.UUID | None:
    """A UUID from a query string; 404 when it is there but not a UUID."""
    if not pk:
        return None
    try:
        return uuid.UUID(pk)
    except ValueError:
        raise Http404 from None


# Who and what is in scope ----------------------------------------------------------------------


def recharge_schools(*, membership: Membership) -> QuerySet[School]:
    """The schools whose recharge statements the membership may read."""
    schools = School.objects.select_related("partnership", "local_authority").order_by("name")
    role = membership.role
    if role == Role.SCHOOL_STAFF and membership.school_id is not None:
        return schools.filter(pk=membership.school_id)
    if role == Role.COORDINATOR and membership.partnership_id is not None:
        return schools.filter(partnership_id=membership.partnership_id)
    if role == Role.LA_OFFICER and membership.local_authority_id is not None:
        return schools.filter(local_authority_id=membership.local_authority_id)
    return schools.none()


def access_recharge_school(*, membership: Membership, pk: str | None) -> School | None:
    """The school asked for (None when none was asked for), or a 404 outside scope."""
    wanted = _parse(pk)
    if membership.role == Role.SCHOOL_STAFF and wanted is None:
        wanted = membership.school_id
    if wanted is None:
        return None
    school = recharge_schools(membership=membership).filter(pk=wanted).first()
    if school is None:
        raise Http404
    return school


def money_partnerships(*, membership: Membership) -> QuerySet[Partnership]:
    """The partnerships whose costs and spend the membership manages: a co-ordinator's own,
    every partnership of an LA officer's authority."""
    partnerships = Partnership.objects.select_related("local_authority").order_by("name")
    role = membership.role
    if role == Role.COORDINATOR and membership.partnership_id is not None:
        return partnerships.filter(pk=membership.partnership_id)
    if role == Role.LA_OFFICER and membership.local_authority_id is not None:
        return partnerships.filter(local_authority_id=membership.local_authority_id)
    return partnerships.none()


def access_money_partnership(*, membership: Membership, pk: str | None) -> Partnership | None:
    """The partnership asked for (a co-ordinator's own when none was), or a 404 outside scope."""
    wanted = _parse(pk)
    if membership.role == Role.COORDINATOR and wanted is None:
        wanted = membership.partnership_id
    if wanted is None:
        return None
    partnership = money_partnerships(membership=membership).filter(pk=wanted).first()
    if partnership is None:
        raise Http404
    return partnership


def authority_of(membership: Membership) -> LocalAuthority | None:
    """The local authority whose calendar the membership's money pages use."""
    if membership.role == Role.LA_OFFICER:
        return membership.local_authority
    if membership.role == Role.COORDINATOR and membership.partnership is not None:
        return membership.partnership.local_authority
    if membership.role == Role.SCHOOL_STAFF and membership.school is not None:
        return membership.school.local_authority
    return None


# Average pupil costs ---------------------------------------------------------------------------


def pupil_costs(*, partnerships: Sequence[Partnership]) -> list[AveragePupilCost]:
    """The average pupil costs of ``partnerships``, newest school year first."""
    return list(
        AveragePupilCost.objects.filter(partnership__in=partnerships)
        .select_related("updated_by")
        .order_by("partnership__name", "-academic_year")
    )


def average_pupil_costs(
    *, partnership_ids: Iterable[uuid.UUID], academic_year: int
) -> dict[uuid.UUID, Decimal]:
    """The average pupil cost of each partnership that has one for ``academic_year``."""
    rows = AveragePupilCost.objects.filter(
        partnership_id__in=list(partnership_ids), academic_year=academic_year
    ).values_list("partnership_id", "amount")
    return dict(rows)


def recorded_years(*, authority_id: uuid.UUID | None) -> list[int]:
    """The school years the authority's calendar has terms for."""
    if authority_id is None:
        return []
    years = Term.objects.filter(local_authority_id=authority_id).values_list(
        "academic_year", flat=True
    )
    return sorted(set(years))


# Terms -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermPick:
    """The term a money page shows, or why there is none (``problem``, fit to show)."""

    calendar: SchoolCalendar
    term: Term | None
    problem: str = ""


def pick_term(*, authority: LocalAuthority, term_pk: str | None, on: dt.date) -> TermPick:
    """The term asked for (404 when it is not one of the authority's), else the term running
    ``on``, else the last one before it (in a holiday). When the calendar has no term dates
    for ``on``'s school year, no term is picked and ``problem`` says so."""
    calendar = calendar_for(authority)
    wanted = _parse(term_pk)
    if wanted is not None:
        term = next((t for t in calendar.terms if t.pk == wanted), None)
        if term is None:
            raise Http404
        return TermPick(calendar, term)
    try:
        running = calendar.term_containing(on)
    except CalendarMissingError as missing:
        return TermPick(calendar, None, str(missing))
    if running is None:
        running = next((t for t in reversed(calendar.terms) if t.starts_on <= on), None)
    return TermPick(calendar, running or calendar.terms[0])


def terms_in_year(calendar: SchoolCalendar, term: Term) -> int:
    return sum(1 for t in calendar.terms if t.academic_year == term.academic_year)


def _overlapping(placements: QuerySet[Placement], term: Term) -> QuerySet[Placement]:
    return placements.filter(WENT_AHEAD, start_date__lte=term.ends_on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=term.starts_on)
    )


def _span(placement: Placement) -> money.Span:
    return placement.start_date, placement.end_date


# Recharge statements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    """One pupil's line: the placements that count and the school days they cover."""

    pupil: Pupil
    placements: tuple[Placement, ...]
    days_covered: int
    recharge: Decimal | None  # None: no average pupil cost for the year


@dataclass(frozen=True)
class Statement:
    school: School
    term: Term
    terms_in_year: int
    days_in_term: int
    average_pupil_cost: Decimal | None
    lines: tuple[StatementLine, ...]

    @property
    def total(self) -> Decimal | None:
        if self.average_pupil_cost is None:
            return None
        return money.total(line.recharge or money.ZERO for line in self.lines)


def recharge_placements(
    *, membership: Membership, schools: Sequence[School], term: Term
) -> list[Placement]:
    """The placements recharged in ``term``: Tier 4 placements of the schools' pupils that
    their partnership commissioned, went ahead, and overlap the term; one query."""
    placements = placements_visible_to(membership=membership).filter(
        pupil__school__in=schools,
        programme_management=True,
        commissioner=Placement.Commissioner.PARTNERSHIP,
        partnership_id=F("pupil__school__partnership_id"),
    )
    return list(
        _overlapping(placements, term)
        .select_related("pupil", "site__provider")
        .order_by(
            "pupil__legal_last_name", "pupil__legal_first_name", "pupil_id", "start_date", "id"
        )
    )


def _lines(
    placements: Sequence[Placement],
    *,
    school_days: Sequence[dt.date],
    cost: Decimal | None,
    terms: int,
) -> tuple[StatementLine, ...]:
    by_pupil: dict[uuid.UUID, list[Placement]] = {}
    for placement in placements:
        by_pupil.setdefault(placement.pupil_id, []).append(placement)
    lines = []
    for group in by_pupil.values():
        covered = money.days_covered(school_days, map(_span, group))
        charge = (
            None
            if cost is None
            else money.recharge(
                average_pupil_cost=cost,
                terms_in_year=terms,
                days_covered=covered,
                days_in_term=len(school_days),
            )
        )
        lines.append(StatementLine(group[0].pupil, tuple(group), covered, charge))
    return tuple(lines)


def recharge_statements(
    *, membership: Membership, schools: Sequence[School], term: Term, calendar: SchoolCalendar
) -> list[Statement]:
    """A statement for each of ``schools`` (in their order) for ``term``: two queries."""
    school_days = calendar.school_days_in(term.starts_on, term.ends_on)
    terms = terms_in_year(calendar, term)
    placements = recharge_placements(membership=membership, schools=schools, term=term)
    partnership_ids = {s.partnership_id for s in schools if s.partnership_id is not None}
    cost_of = average_pupil_costs(partnership_ids=partnership_ids, academic_year=term.academic_year)
    statements = []
    for school in schools:
        cost = cost_of.get(school.partnership_id) if school.partnership_id else None
        own = [p for p in placements if p.pupil.school_id == school.pk]
        lines = _lines(own, school_days=school_days, cost=cost, terms=terms)
        statements.append(Statement(school, term, terms, len(school_days), cost, lines))
    return statements


# Placement spend -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendLine:
    placement: Placement
    days_covered: int
    weekly_cost: Decimal | None  # None: no price recorded
    spend: Decimal | None


@dataclass(frozen=True)
class ProviderSpend:
    provider: Provider
    lines: tuple[SpendLine, ...]

    @property
    def total(self) -> Decimal:
        return money.total(line.spend for line in self.lines if line.spend is not None)

    @property
    def unpriced(self) -> int:
        return sum(1 for line in self.lines if line.spend is None)


@dataclass(frozen=True)
class PartnershipSpend:
    partnership: Partnership
    term: Term
    days_in_term: int
    providers: tuple[ProviderSpend, ...]

    @property
    def total(self) -> Decimal:
        return money.total(provider.total for provider in self.providers)

    @property
    def unpriced(self) -> int:
        return sum(provider.unpriced for provider in self.providers)

    @property
    def placements(self) -> int:
        return sum(len(provider.lines) for provider in self.providers)


def _sessions() -> Prefetch[Literal["sessions"]]:
    return Prefetch("sessions", queryset=PlacementSession.objects.order_by("weekday", "starts_at"))


def spend_placements(
    *, membership: Membership, partnerships: Sequence[Partnership], term: Term
) -> list[Placement]:
    """Placements the partnerships commissioned that went ahead and overlap ``term``, with
    their timetables: two queries."""
    placements = placements_visible_to(membership=membership).filter(
        commissioner=Placement.Commissioner.PARTNERSHIP, partnership__in=partnerships
    )
    return list(
        _overlapping(placements, term)
        .select_related("pupil__school", "site__provider")
        .prefetch_related(_sessions())
        .order_by(
            "site__provider__name",
            "site__provider_id",
            "pupil__legal_last_name",
            "pupil__legal_first_name",
            "start_date",
            "id",
        )
    )


def weekly_cost_of(placement: Placement) -> Decimal | None:
    """The placement's weekly cost from its price and timetable (sessions prefetched)."""
    weekdays = [session.weekday for session in placement.sessions.all()]
    return costs.weekly_cost(placement.price, placement.price_unit, weekdays)


def _spend_line(placement: Placement, school_days: Sequence[dt.date]) -> SpendLine:
    covered = money.days_covered(school_days, [_span(placement)])
    weekly = weekly_cost_of(placement)
    spent = None if weekly is None else money.spend(weekly_cost=weekly, days_covered=covered)
    return SpendLine(placement, covered, weekly, spent)


def _by_provider(lines: Iterable[SpendLine]) -> tuple[ProviderSpend, ...]:
    groups: dict[uuid.UUID, list[SpendLine]] = {}
    for line in lines:
        groups.setdefault(line.placement.site.provider_id, []).append(line)
    return tuple(
        ProviderSpend(group[0].placement.site.provider, tuple(group)) for group in groups.values()
    )


def partnership_spend(
    *,
    membership: Membership,
    partnerships: Sequence[Partnership],
    term: Term,
    calendar: SchoolCalendar,
) -> list[PartnershipSpend]:
    """Each partnership's spend in ``term``, provider by provider: three queries in all."""
    school_days = calendar.school_days_in(term.starts_on, term.ends_on)
    placements = spend_placements(membership=membership, partnerships=partnerships, term=term)
    found = []
    for partnership in partnerships:
        own = [p for p in placements if p.partnership_id == partnership.pk]
        lines = (_spend_line(p, school_days) for p in own)
        found.append(PartnershipSpend(partnership, term, len(school_days), _by_provider(lines)))
    return found
