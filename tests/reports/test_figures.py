"""The partnership report's figures for a hand-worked term (tests/reports/factories_governance.py),
as the co-ordinator sees them: real numbers, computed from the data, never invented."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inclusion.calendar.days import calendar_for
from inclusion.exclusions.models import ExclusionKind
from inclusion.fairaccess.categories import Category
from inclusion.fairaccess.models import FairAccessCase
from inclusion.placements.selectors import money as money_select
from tests.exclusions.factories import exclusion
from tests.fairaccess.factories import allocated
from tests.reports.factories_governance import AS_OF, autumn, hand_worked_term, report_day
from tests.reports.helpers import cell, get_report, report_of, table, texts

__all__ = ["report_day"]

pytestmark = pytest.mark.usefixtures("report_day")


@pytest.fixture
def coordinator_report(county, persona_client):
    built = hand_worked_term(county)
    response = get_report(persona_client("coordinator"), term=autumn(county).pk)
    assert response.status_code == 200
    return county, built, response


def test_the_term_and_the_day_figures_are_taken(coordinator_report):
    _, _, response = coordinator_report
    report = report_of(response)
    assert report.term_label == "Autumn term, 2026 to 2027"
    assert report.term_dates == "1 September 2026 to 18 December 2026"
    assert report.as_of == "18 December 2026"
    assert not report.suppressed
    assert [s.number for s in report.sections] == list(range(1, 10))


def test_referrals_by_purpose_and_decisions_by_outcome(coordinator_report):
    _, _, response = coordinator_report
    purposes = texts(response, "referrals_by_purpose")
    assert purposes["Partnership support"] == "3"
    assert purposes["Tier 4 Programme Management"] == "6"
    assert purposes["Advice only"] == "0"  # the other partnership's referral is not counted
    assert purposes["All referrals"] == "9"  # August's referral is before the term
    outcomes = texts(response, "decisions_by_outcome")
    assert outcomes["Advice and a support plan for the school"] == "1"
    assert outcomes["Change of tier"] == "1"
    assert outcomes["All decisions"] == "2"


def test_tiers_now_and_movements_in_the_term(coordinator_report):
    _, _, response = coordinator_report
    assert texts(response, "pupils_by_tier") == {
        "Tier 1": "0",
        "Tier 2": "0",
        "Tier 3": "1",  # Amara: tier 3 from 14 October (her January change is after)
        "Tier 4": "1",  # Billy
        "Pupils with a tier": "2",
    }
    assert texts(response, "tier_movements") == {
        "No tier before, to tier 4": "1",
        "Tier 2 to tier 3": "1",
        "All movements": "2",
    }


def test_tier_4_numbers(coordinator_report):
    _, _, response = coordinator_report
    assert texts(response, "tier4") == {
        "Running on 18 December 2026": "2",  # P1 and P3
        "Started in the term": "2",  # P1 and P3 (P7 started in June)
        "Ended in the term": "1",  # P7
    }


def test_placements_by_provider_and_category(coordinator_report):
    county, built, response = coordinator_report
    assert texts(response, "placements_by_provider") == {
        county.provider.name: "3",
        built.p2.site.provider.name: "1",
        "All placements": "4",
    }
    assert texts(response, "placements_by_category") == {
        "(a) Permanently excluded elsewhere and now on this roll": "1",
        "(b) At risk of permanent exclusion and on a full-time programme out of school": "2",
        "(c) Short-term or part-time placement": "1",
        "All placements": "4",
    }


def test_attendance_by_category(county, coordinator_report):
    _, built, response = coordinator_report
    mondays = [
        d
        for d in calendar_for(county.la).school_days_in(built.p1.start_date, AS_OF)
        if d.weekday() == 0
    ]
    assert len(mondays) == 14
    # P1: 14 Mondays, morning and afternoon: 28 possible sessions, 2 absent.
    b = cell(
        response,
        "attendance_by_category",
        "(b) At risk of permanent exclusion and on a full-time programme out of school",
    )
    assert b.text == "92.9%"
    assert b.value == Decimal("92.9")
    # P3 and P2 were never marked: every past expected session counts as not attended.
    assert (
        cell(
            response,
            "attendance_by_category",
            "(a) Permanently excluded elsewhere and now on this roll",
        ).text
        == "0.0%"
    )
    assert (
        cell(response, "attendance_by_category", "(c) Short-term or part-time placement").text
        == "0.0%"
    )


def test_visits_made_and_overdue(coordinator_report):
    _, _, response = coordinator_report
    assert texts(response, "visits") == {
        "Visits made in the term": "3",
        "Visits that raised a concern": "1",
        "Placements visited at least once": "2",
        "Placements with a visit overdue on 18 December 2026": "1",  # P3
    }


def test_qa_coverage_of_providers_used(coordinator_report):
    _, _, response = coordinator_report
    assert texts(response, "qa_coverage") == {
        "With a QA visit in the 12 months to 18 December 2026": "1",
        "Without one": "1",
        "Providers used": "2",
    }


def test_spend_and_recharges_are_the_money_pages_own(county, coordinator_report):
    _, _, response = coordinator_report
    membership = county.memberships["coordinator"]
    term = autumn(county)
    calendar = calendar_for(county.la)
    spend = money_select.partnership_spend(
        membership=membership, partnerships=[county.partnership], term=term, calendar=calendar
    )[0]
    statements = money_select.recharge_statements(
        membership=membership,
        schools=[county.school_a, county.school_b],
        term=term,
        calendar=calendar,
    )
    recharged = sum((s.total or Decimal(0) for s in statements), Decimal(0))
    amounts = table(response, "spend")
    rows = {row.label: row.cells[0] for row in amounts.rows}
    # P1: £50 a day, one day a week, 69 school days from 7 September: 13.8 weeks.
    assert spend.total == Decimal("690.00")
    assert rows["Spend on placements in the term"].value == spend.total
    assert rows["Spend on placements in the term"].text == "£690.00"
    assert rows["Recharged to schools at the average pupil cost"].value == recharged
    assert rows["Average spend per pupil"].text == "£690.00"  # one pupil on a priced placement
    assert rows["Average pupil cost for a term"].text == "£6,000.00"
    assert rows["Average pupil cost for the school year"].text == "£18,000.00"
    assert texts(response, "spend_placements") == {
        "Placements commissioned in the term": "3",  # P1, P3, P7 (P2 is the school's)
        "Of which the price is not recorded": "2",
        "Pupils on these placements": "2",
    }


def test_exclusions_and_fair_access_admissions_in_the_term(county, persona_client):
    hand_worked_term(county)
    # Exclusions by the excluding school's partnership, starting in the autumn term 2026.
    exclusion(county.pupil_a, start_date=dt.date(2026, 10, 5))
    exclusion(county.pupil_a, kind=ExclusionKind.PERMANENT, start_date=dt.date(2026, 11, 10))
    exclusion(county.pupil_b, kind=ExclusionKind.LUNCHTIME, start_date=dt.date(2026, 9, 14))
    exclusion(county.pupil_b, start_date=dt.date(2026, 7, 10))  # the summer term: not counted
    exclusion(county.pupil_c_looked_after, start_date=dt.date(2026, 10, 5))  # other partnership
    # Fair Access places allocated in the term by the partnership.
    allocated(county, county.school_a, on=dt.date(2026, 10, 12), category=Category.EXCLUDED_OR_AP)
    allocated(county, county.school_b, on=dt.date(2026, 11, 2))
    allocated(county, county.school_b, on=dt.date(2026, 6, 1))  # before the term
    closed = allocated(county, county.school_a, on=dt.date(2026, 11, 3))
    FairAccessCase.objects.filter(pk=closed.pk).update(
        status="closed", closed_on=dt.date(2026, 11, 20), closure_reason="moved_away"
    )

    response = get_report(persona_client("coordinator"), term=autumn(county).pk)

    assert texts(response, "exclusions_by_kind") == {
        "Suspension": "1",
        "Permanent exclusion": "1",
        "Lunchtime suspension": "1",
        "All exclusions": "3",
    }
    assert texts(response, "fair_access_admissions") == {
        "Fair Access admissions": "2",
        "Of which: permanently excluded or leaving alternative provision": "1",
    }


def test_charts_are_hidden_from_assistive_technology_beside_each_table(coordinator_report):
    _, _, response = coordinator_report
    html = response.content.decode()
    tables = [t for s in report_of(response).sections for t in s.tables if t.rows]
    assert html.count("<svg") == len(tables)
    assert html.count('aria-hidden="true" focusable="false"') >= len(tables)
    main = html.split("<main")[1].split("</main>")[0]
    assert "<script" not in main  # drawn on the server, no JavaScript
