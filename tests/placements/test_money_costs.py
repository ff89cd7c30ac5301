"""Setting a partnership's average pupil cost for a school year (issue 5, part 6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.organisations.models import LocalAuthority
from inclusion.placements.models import AveragePupilCost
from tests.factories import PartnershipFactory
from tests.helpers import assert_govuk_error, content, on_page
from tests.placements.factories_money import average_pupil_cost

COSTS = reverse("placements:costs")


def cost_events():
    return AuditEvent.objects.filter(target_type="placements.averagepupilcost")


def test_a_coordinator_sets_their_partnerships_cost(county, persona_client):
    client = persona_client("coordinator")
    response = client.post(COSTS, {"academic_year": "2026", "amount": "18000"})
    assert response.status_code == 302
    cost = AveragePupilCost.objects.get()
    assert (cost.partnership, cost.academic_year, cost.amount) == (
        county.partnership,
        2026,
        Decimal("18000.00"),
    )
    assert cost.updated_by == county.memberships["coordinator"].user
    event = cost_events().get()
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.changes == ["academic_year", "amount", "partnership", "updated_by"]
    page = client.get(COSTS)
    partnership = "Hinckley and Bosworth Partnership"
    assert on_page(
        page, f"The average pupil cost of {partnership} for 2026 to 2027 is now £18,000.00"
    )
    assert on_page(page, "£18,000.00")


def test_setting_a_year_again_changes_it_and_keeps_the_history(county, persona_client):
    average_pupil_cost(county.partnership, "17500.00", 2025)
    average_pupil_cost(county.partnership, "18000.00", 2026)
    client = persona_client("coordinator")
    response = client.post(COSTS, {"academic_year": "2026", "amount": "£18,250.50"})
    assert response.status_code == 302
    assert AveragePupilCost.objects.count() == 2
    assert AveragePupilCost.objects.get(academic_year=2026).amount == Decimal("18250.50")
    event = cost_events().get()
    assert (event.verb, event.changes) == (AuditEvent.Verb.UPDATE, ["amount", "updated_by"])
    html = content(client.get(COSTS))
    assert html.index("2026 to 2027") < html.index("2025 to 2026")  # newest first
    assert "£18,250.50" in html
    assert "£17,500.00" in html


def test_setting_the_same_amount_writes_nothing(county, persona_client):
    cost = average_pupil_cost(county.partnership, "18000.00", 2026)
    response = persona_client("coordinator").post(
        COSTS, {"academic_year": "2026", "amount": "18000.00"}, follow=True
    )
    assert on_page(response, "was already £18,000.00")
    assert not cost_events().exists()
    cost.refresh_from_db()
    assert cost.updated_by is None


def test_a_coordinator_cannot_set_another_partnerships_cost(county, persona_client):
    persona_client("coordinator").post(
        COSTS,
        {"partnership": str(county.other_partnership.pk), "academic_year": "2026", "amount": "1"},
    )
    # There is no partnership to choose: the co-ordinator's own is set, never another's.
    assert not AveragePupilCost.objects.filter(partnership=county.other_partnership).exists()
    assert AveragePupilCost.objects.get().partnership == county.partnership


def test_an_la_officer_sets_any_partnership_of_their_authority(county, persona_client):
    client = persona_client("la_officer")
    page = client.get(COSTS)
    assert on_page(page, "Hinckley and Bosworth Partnership")
    assert on_page(page, "Melton and Rutland Partnership")
    response = client.post(
        COSTS,
        {"partnership": str(county.other_partnership.pk), "academic_year": "2027", "amount": "0"},
    )
    assert response.status_code == 302
    cost = AveragePupilCost.objects.get()
    assert (cost.partnership, cost.academic_year, cost.amount) == (
        county.other_partnership,
        2027,
        Decimal("0.00"),
    )


def test_an_la_officer_cannot_set_a_partnership_of_another_authority(county, persona_client):
    elsewhere = PartnershipFactory.create(
        name="Elsewhere Partnership", local_authority=LocalAuthority.objects.get(dfe_code="857")
    )
    response = persona_client("la_officer").post(
        COSTS, {"partnership": str(elsewhere.pk), "academic_year": "2026", "amount": "100"}
    )
    assert_govuk_error(response, "Select a partnership from the list")
    assert not AveragePupilCost.objects.exists()
    assert not on_page(response, "Elsewhere Partnership")


def test_an_la_officer_must_choose_the_partnership(county, persona_client):
    response = persona_client("la_officer").post(COSTS, {"academic_year": "2026", "amount": "100"})
    assert_govuk_error(response, "Select the partnership")
    assert not AveragePupilCost.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"academic_year": "2026", "amount": ""}, "Enter the average pupil cost"),
        (
            {"academic_year": "2026", "amount": "lots"},
            "Average pupil cost must be an amount of money, like 18000 or 18000.50",
        ),
        (
            {"academic_year": "2026", "amount": "NaN"},
            "Average pupil cost must be an amount of money, like 18000 or 18000.50",
        ),
        (
            {"academic_year": "2026", "amount": "-1"},
            "Average pupil cost must be between £0 and £100,000",
        ),
        (
            {"academic_year": "2026", "amount": "100000.01"},
            "Average pupil cost must be between £0 and £100,000",
        ),
        (
            {"academic_year": "2026", "amount": "1e40"},
            "Average pupil cost must be between £0 and £100,000",
        ),
        (
            {"academic_year": "2026", "amount": "18000.505"},
            "Average pupil cost must be in pounds and pence, like 18000.50",
        ),
        ({"amount": "18000"}, "Select the school year"),
        ({"academic_year": "1999", "amount": "18000"}, "Select a school year from the list"),
        ({"academic_year": "next", "amount": "18000"}, "Select a school year from the list"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(county, persona_client, data, message):
    response = persona_client("coordinator").post(COSTS, data)
    assert_govuk_error(response, message)
    assert not AveragePupilCost.objects.exists()
    assert not cost_events().exists()


@pytest.mark.parametrize("amount", ["0", "100000", "100,000.00", "£ 99 999.99"])
def test_the_ends_of_the_range_are_allowed(county, persona_client, amount):
    response = persona_client("coordinator").post(
        COSTS, {"academic_year": "2026", "amount": amount}
    )
    assert response.status_code == 302
    assert AveragePupilCost.objects.count() == 1


def test_a_change_link_fills_in_the_form(county, persona_client):
    cost = average_pupil_cost(county.partnership, "18000.00", 2026)
    page = persona_client("coordinator").get(COSTS)
    html = content(page)
    change = f"?partnership={cost.partnership_id}&amp;year=2026#set-cost"
    assert change in html
    filled = persona_client("coordinator").get(
        f"{COSTS}?partnership={cost.partnership_id}&year=2026"
    )
    assert 'value="18000.00"' in content(filled)


def test_others_cannot_reach_the_costs(county, persona_client):
    for persona in ("school_a", "chair", "provider", "virtual_school", "governance"):
        response = persona_client(persona).post(COSTS, {"academic_year": "2026", "amount": "1"})
        assert response.status_code == 404, persona
    assert not AveragePupilCost.objects.exists()


def test_the_costs_page_keeps_a_constant_query_count(county, persona_client):
    client = persona_client("la_officer")
    average_pupil_cost(county.partnership, "18000.00", 2026)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(COSTS).status_code == 200
        return len(captured)

    small = queries()
    for year in (2023, 2024, 2025):
        average_pupil_cost(county.partnership, "17000.00", year)
        average_pupil_cost(county.other_partnership, "16000.00", year)
    assert queries() == small
