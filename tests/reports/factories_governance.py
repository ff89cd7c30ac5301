"""A hand-worked term of fictional data for the governance report tests.

The term is Leicestershire's seeded autumn term 2026 (Tuesday 1 September to Friday 18 December,
INSET days on 1 and 2 September and 23 October, half term 26 to 30 October: 71 school days). The
tests read it on 20 January 2027, so every figure "now" is taken on 18 December 2026.

For the county fixture's partnership (Hinckley and Bosworth; schools A and B):

- referrals submitted in the term: 3 for partnership support, 6 for Tier 4 Programme
  Management (and one in August and one of the other partnership's, neither counted);
- a forum on 14 October decided 2 of them: advice, and a change of tier;
- tiers: Amara tier 2 from June then tier 3 from 14 October; Billy tier 4 from 10 September;
- placements (P1 to P3 and P7 ran in the term; P4 and P5 never went ahead):
  P1 Amara, Tier 4, category b, at Skills Barn from 7 September, active, £50 a day, Mondays
  only; P2 Billy, school-commissioned, category c, elsewhere, 14 September to 27 November;
  P3 Bea (school B), Tier 4, category a, at Skills Barn from 1 October, active, no price;
  P7 Amara, Tier 4, category b, at Skills Barn 1 June to 30 September (completed);
- P1's Mondays are marked present except one Monday absent; nothing else is marked;
- visits: P1 on 1 October (with a concern) and 20 November, P2 on 2 November; P3 none, so on
  18 December P3 is visit overdue (it started before 16 November, the end of the grace period
  of the second half term);
- QA visits: Skills Barn on 1 March 2026 (within 12 months), the other provider in June 2025;
- average pupil cost £18,000 for 2026 to 2027.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from inclusion.calendar.days import calendar_for
from inclusion.calendar.models import Term
from inclusion.forums.models import Decision, Outcome
from inclusion.placements.models import Placement
from inclusion.pupils.models import Pupil, TierChange
from inclusion.referrals.models import Purpose, Referral
from inclusion.reports.governance.selectors import scope
from inclusion.visits.models import Visit
from tests.attendance.factories_measures import mark_day
from tests.conftest import County
from tests.factories import ProviderSiteFactory, PupilFactory, QaVisitFactory, UserFactory
from tests.forums.factories import make_meeting, schedule
from tests.placements.factories_money import average_pupil_cost, sessions, tier4
from tests.referrals.factories import make_referral

D = dt.date
TODAY = D(2027, 1, 20)
AUTUMN = D(2026, 9, 1)
AS_OF = D(2026, 12, 18)
MONDAY = 0


@pytest.fixture
def report_day(monkeypatch):
    """The reports read "today" as 20 January 2027."""
    monkeypatch.setattr(scope, "today", lambda: TODAY)
    return TODAY


def autumn(county: County) -> Term:
    return Term.objects.get(local_authority=county.la, starts_on=AUTUMN)


def at_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def referral_on(county: County, day: dt.date, purpose: str, pupil: Pupil | None = None) -> Referral:
    referral = make_referral(
        pupil=pupil or county.pupil_a, by=county.memberships["school_a"], purpose=purpose
    )
    Referral.objects.filter(pk=referral.pk).update(submitted_at=at_noon(day))
    return referral


def tier_on(county: County, pupil: Pupil, tier: int, day: dt.date) -> TierChange:
    return TierChange.objects.create(
        pupil=pupil, tier=tier, effective_on=day, set_by=county.memberships["coordinator"].user
    )


def visit_on(placement: Placement, day: dt.date, *, concerns: str = "") -> Visit:
    return Visit.objects.create(
        placement=placement,
        visited_on=day,
        visitor_name="Fictional Visitor",
        recorded_by=UserFactory.create(),
        pupil_seen=True,
        register_agrees=True,
        safeguarding_known=True,
        work_seen=True,
        targets_discussed=True,
        health_and_safety=True,
        concerns=concerns,
    )


@dataclass
class Term7:
    p1: Placement
    p2: Placement
    p3: Placement
    p7: Placement
    bea: Pupil
    referrals: list[Referral]


def _referrals(county: County) -> list[Referral]:
    found = [referral_on(county, D(2026, 9, 20), Purpose.PARTNERSHIP_SUPPORT) for _ in range(3)]
    found += [
        referral_on(county, D(2026, 10, 5), Purpose.PROGRAMME_MANAGEMENT, county.pupil_b)
        for _ in range(6)
    ]
    referral_on(county, D(2026, 8, 20), Purpose.PARTNERSHIP_SUPPORT)  # before the term
    referral_on(county, D(2026, 9, 20), Purpose.ADVICE_ONLY, county.pupil_c_looked_after)
    return found


def _decisions(county: County, referrals: list[Referral]) -> None:
    coordinator = county.memberships["coordinator"].user
    meeting = make_meeting(
        partnership=county.partnership,
        by=coordinator,
        days_ahead=(D(2026, 10, 14) - timezone.localdate()).days,
    )
    for referral, outcome, tier in (
        (referrals[3], Outcome.ADVICE, None),
        (referrals[4], Outcome.TIER_CHANGE, 3),
    ):
        Decision.objects.create(
            agenda_item=schedule(meeting, referral, coordinator),
            outcome=outcome,
            rationale="Fictional.",
            new_tier=tier,
            decided_by=coordinator,
        )


def _tiers(county: County) -> None:
    tier_on(county, county.pupil_a, 2, D(2026, 6, 1))
    tier_on(county, county.pupil_a, 3, D(2026, 10, 14))
    tier_on(county, county.pupil_a, 4, D(2027, 1, 5))  # after the day figures are taken
    tier_on(county, county.pupil_b, 4, D(2026, 9, 10))
    tier_on(county, county.pupil_c_looked_after, 1, D(2026, 9, 10))


def _placements(county: County) -> Term7:
    elsewhere = ProviderSiteFactory.create()
    p1 = tier4(
        county,
        start=D(2026, 9, 7),
        category="b",
        price=Decimal("50.00"),
        price_unit=Placement.PriceUnit.DAY,
    )
    sessions(p1, MONDAY)
    p2 = tier4(
        county,
        county.pupil_b,
        start=D(2026, 9, 14),
        end=D(2026, 11, 27),
        status=Placement.Status.ENDED,
        site=elsewhere,
        category="c",
        programme_management=False,
        commissioner=Placement.Commissioner.SCHOOL,
        partnership=None,
    )
    sessions(p2, 0, 1)
    bea = PupilFactory.create(school=county.school_b, legal_first_name="Bea")
    p3 = tier4(county, bea, start=D(2026, 10, 1), category="a")
    sessions(p3, 0, 1, 2, 3, 4)
    p7 = tier4(
        county, start=D(2026, 6, 1), end=D(2026, 9, 30), status=Placement.Status.ENDED, category="b"
    )
    tier4(county, bea, start=D(2026, 12, 1), status=Placement.Status.PROPOSED)  # P4
    tier4(
        county,
        bea,
        start=D(2026, 11, 1),
        end=D(2026, 11, 5),
        status=Placement.Status.ENDED,
        end_reason="",
    )  # P5: ended before it went ahead
    tier4(county, county.pupil_c_looked_after, start=D(2026, 9, 7), category="b")  # P6
    return Term7(p1, p2, p3, p7, bea, [])


def _marks(county: County, p1: Placement) -> int:
    """P1's Mondays present, but the first one after half term absent; the Mondays counted."""
    by = county.memberships["provider"].user
    mondays = [
        d for d in calendar_for(county.la).school_days_in(D(2026, 9, 7), AS_OF) if d.weekday() == 0
    ]
    for day in mondays:
        code = "O" if day == D(2026, 11, 2) else "/"
        mark_day(p1, day, code, code, by=by)
    return len(mondays)


def hand_worked_term(county: County) -> Term7:
    built = _placements(county)
    built.referrals = _referrals(county)
    _decisions(county, built.referrals)
    _tiers(county)
    _marks(county, built.p1)
    visit_on(built.p1, D(2026, 10, 1), concerns="Fictional: the pupil was not on site at first.")
    visit_on(built.p1, D(2026, 11, 20))
    visit_on(built.p2, D(2026, 11, 2))
    QaVisitFactory.create(provider=county.provider, visited_on=D(2026, 3, 1))
    QaVisitFactory.create(provider=built.p2.site.provider, visited_on=D(2025, 6, 1))
    average_pupil_cost(county.partnership)
    return built
