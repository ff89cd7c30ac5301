"""The county report reads the same number of queries however much data there is: at 1x and 3x
the pupils, referrals, decisions, tiers, placements, marks and visits, and more partnerships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.forums.models import Decision, Outcome
from inclusion.organisations.models import Partnership
from inclusion.placements.models import Placement
from inclusion.referrals.models import Purpose
from tests.attendance.factories_measures import mark_day
from tests.conftest import County
from tests.factories import PartnershipFactory, PupilFactory, QaVisitFactory, SchoolFactory
from tests.forums.factories import make_meeting, schedule
from tests.placements.factories_money import average_pupil_cost, sessions, tier4
from tests.reports.factories_governance import (
    autumn,
    referral_on,
    report_day,
    tier_on,
    visit_on,
)

__all__ = ["report_day"]

pytestmark = pytest.mark.usefixtures("report_day")

D = dt.date


def _partnership_data(county: County, partnership: Partnership, scale: int) -> None:
    school = SchoolFactory.create(partnership=partnership)
    coordinator = county.memberships["coordinator"].user
    meeting = make_meeting(
        partnership=partnership,
        by=coordinator,
        days_ahead=(D(2026, 10, 14) - timezone.localdate()).days,
    )
    if not partnership.pupil_costs.exists():
        average_pupil_cost(partnership)
    for n in range(scale):
        pupil = PupilFactory.create(school=school)
        tier_on(county, pupil, 3, D(2026, 6, 1))
        tier_on(county, pupil, 4, D(2026, 10, 1))
        referral = referral_on(county, D(2026, 9, 20), Purpose.PROGRAMME_MANAGEMENT, pupil)
        Decision.objects.create(
            agenda_item=schedule(meeting, referral, coordinator),
            outcome=Outcome.PROGRAMME_MANAGEMENT,
            rationale="Fictional.",
            decided_by=coordinator,
        )
        placement = tier4(
            county,
            pupil,
            start=D(2026, 9, 7),
            category="ab"[n % 2],
            price=Decimal("40.00"),
            price_unit=Placement.PriceUnit.SESSION,
        )
        sessions(placement, 0, 2)
        mark_day(placement, D(2026, 9, 7), "/", "O", by=coordinator)
        visit_on(placement, D(2026, 11, 9), concerns="Fictional." if n % 2 else "")
        QaVisitFactory.create(provider=placement.site.provider, visited_on=D(2026, 5, 1))


def _build(county: County, scale: int) -> None:
    partnerships = [county.partnership, county.other_partnership]
    partnerships += [PartnershipFactory.create() for _ in range(scale - 1)]
    for partnership in partnerships:
        _partnership_data(county, partnership, scale)


def _queries(client, term) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:county"), {"term": str(term.pk)})
    assert response.status_code == 200
    return len(captured)


def test_county_report_queries_do_not_grow_with_the_data(county, persona_client):
    client = persona_client("la_officer")
    term = autumn(county)
    _build(county, 1)
    client.get(reverse("reports:county"), {"term": str(term.pk)})  # warm the session
    once = _queries(client, term)
    _build(county, 3)
    thrice = _queries(client, term)
    assert once == thrice
    assert once <= 30, once


def test_partnership_report_queries_do_not_grow_with_the_data(county, persona_client):
    client = persona_client("governance")
    term = autumn(county)
    _partnership_data(county, county.partnership, 1)
    client.get(reverse("reports:partnership"), {"term": str(term.pk)})
    with CaptureQueriesContext(connection) as once:
        client.get(reverse("reports:partnership"), {"term": str(term.pk)})
    _partnership_data(county, county.partnership, 3)
    with CaptureQueriesContext(connection) as thrice:
        client.get(reverse("reports:partnership"), {"term": str(term.pk)})
    assert len(once) == len(thrice)
