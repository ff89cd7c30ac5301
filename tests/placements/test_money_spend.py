"""Placement spend per partnership per term (issue 5, part 6): weekly cost times the school
weeks each placement covers in the term, provider by provider. Figures worked out by hand on the
seeded Leicestershire calendar (autumn 2026: 71 school days)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.calendar.days import calendar_for
from inclusion.placements.models import Placement
from inclusion.placements.selectors import money as select
from tests.factories import ProviderFactory, ProviderSiteFactory
from tests.helpers import content, on_page
from tests.placements.factories_money import (
    AUTUMN_2026,
    pupils_with_placements,
    sessions,
    term_starting,
    tier4,
)

D = dt.date
SPEND = "placements:spend"
MON, TUE, WED = 0, 1, 2


def url(**params: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(SPEND) + (f"?{query}" if query else "")


@pytest.fixture
def autumn(county):
    return term_starting(county.la, AUTUMN_2026)


@pytest.fixture
def spending(county):
    forge = ProviderSiteFactory.create(provider=ProviderFactory.create(name="Forge Works"))
    # £80 a day, Monday and Tuesday: £160 a week, Mon 14 to Fri 18 December = 5 school days,
    # one school week: £160.00.
    sessions(
        tier4(
            county,
            start=D(2026, 12, 14),
            price=Decimal("80.00"),
            price_unit=Placement.PriceUnit.DAY,
        ),
        MON,
        TUE,
    )
    # £45.50 a session, three sessions: £136.50 a week, all 71 school days (14.2 weeks):
    # 136.50 * 14.2 = £1,938.30. Not Tier 4: spend counts every partnership placement.
    sessions(
        tier4(
            county,
            county.pupil_b,
            start=D(2026, 8, 1),
            price=Decimal("45.50"),
            price_unit=Placement.PriceUnit.SESSION,
            programme_management=False,
        ),
        MON,
        MON,
        WED,
    )
    # No price: listed, not counted.
    tier4(county, county.pupil_b, start=D(2026, 11, 2), site=forge)
    # £500 a week, ended Friday 11 September (Thu 3, Fri 4, 7-11: 7 school days, 1.4 weeks):
    # £700.00 at Forge Works.
    tier4(
        county,
        start=D(2026, 9, 1),
        end=D(2026, 9, 11),
        status=Placement.Status.ENDED,
        site=forge,
        price=Decimal("500.00"),
        price_unit=Placement.PriceUnit.WEEK,
    )
    # Not the partnership's to pay for: the school commissioned it.
    tier4(
        county,
        start=D(2026, 9, 1),
        commissioner=Placement.Commissioner.SCHOOL,
        partnership=None,
        price=Decimal("999.00"),
        price_unit=Placement.PriceUnit.WEEK,
    )


def test_spend_matches_the_hand_sums(county, persona_client, autumn, spending):
    spend = select.partnership_spend(
        membership=county.memberships["coordinator"],
        partnerships=[county.partnership],
        term=autumn,
        calendar=calendar_for(county.la),
    )[0]
    by_provider = {p.provider.name: p for p in spend.providers}
    assert by_provider["Skills Barn"].total == Decimal("160.00") + Decimal("1938.30")
    assert by_provider["Forge Works"].total == Decimal("700.00")
    assert by_provider["Forge Works"].unpriced == 1
    assert spend.total == Decimal("2798.30")
    assert spend.placements == 4


def test_the_page_shows_each_provider_and_the_total(county, persona_client, autumn, spending):
    response = persona_client("coordinator").get(url(term=autumn.pk))
    assert response.status_code == 200
    for text in (
        "£160.00",
        "£1,938.30",
        "£2,098.30",
        "£700.00",
        "£2,798.30",
        "Price not recorded",
        "71 of 71",
        "5 of 71",
        "7 of 71",
        "Not counting 1 placement whose price is not recorded",
    ):
        assert on_page(response, text), text
    assert not on_page(response, "£999.00")
    assert content(response).index("Forge Works") < content(response).index("Skills Barn")


def test_an_la_officer_sees_every_partnership_then_one(county, persona_client, autumn, spending):
    client = persona_client("la_officer")
    overview = client.get(url(term=autumn.pk))
    assert on_page(overview, "Hinckley and Bosworth Partnership")
    assert on_page(overview, "Melton and Rutland Partnership")
    assert on_page(overview, "£2,798.30")
    assert not on_page(overview, "Amara Osei")
    detail = client.get(url(partnership=county.partnership.pk, term=autumn.pk))
    assert on_page(detail, "Amara Osei")
    assert on_page(detail, "£2,798.30")


def test_a_coordinator_sees_only_their_partnership(county, persona_client, autumn):
    client = persona_client("coordinator")
    assert client.get(url(partnership=county.other_partnership.pk)).status_code == 404
    assert client.get(url(partnership="nonsense")).status_code == 404
    assert client.get(url(term="nonsense")).status_code == 404


def test_a_term_with_nothing_says_so(county, persona_client, autumn):
    response = persona_client("coordinator").get(url(term=autumn.pk))
    assert on_page(response, "commissioned no placements that ran in the Autumn term")


def test_when_the_calendar_has_no_term_dates_the_page_says_so(county, persona_client, monkeypatch):
    monkeypatch.setattr(select, "today", lambda: D(2031, 1, 6))
    response = persona_client("coordinator").get(url())
    assert response.status_code == 200
    assert on_page(response, "No term dates are recorded for Leicestershire for the 2030 to 2031")


@pytest.mark.parametrize("persona", ["coordinator", "la_officer"])
def test_the_spend_page_keeps_a_constant_query_count(county, persona_client, autumn, persona):
    client = persona_client(persona)
    address = url(term=autumn.pk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    for placement in pupils_with_placements(county, 3, start=D(2026, 11, 2)):
        sessions(placement, MON, TUE)
    small = queries()
    for placement in pupils_with_placements(county, 12, start=D(2026, 11, 2)):
        sessions(placement, MON, TUE, WED)
    assert queries() == small
