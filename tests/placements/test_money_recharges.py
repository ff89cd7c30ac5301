"""The termly recharge statement: page, CSV and PDF (issue 5, part 6).

"Recharge figures match hand-computed expectations in a test spanning a term boundary": the
figures below are worked out by hand from the seeded Leicestershire calendar (see
``factories_money``) and an average pupil cost of £18,000 for 2026 to 2027.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.calendar.days import calendar_for
from inclusion.placements.models import Placement
from inclusion.placements.selectors import money as select
from tests.factories import ProviderFactory, ProviderSiteFactory, PupilFactory
from tests.helpers import content, on_page
from tests.placements.factories_money import (
    AUTUMN_2026,
    AUTUMN_2026_DAYS,
    SPRING_2027,
    SPRING_2027_DAYS,
    TERMS_IN_2026,
    average_pupil_cost,
    pupils_with_placements,
    term_starting,
    tier4,
)

D = dt.date
PAGE = "placements:recharges"
CSV = "placements:recharges_csv"
PDF = "placements:recharges_pdf"

# Amara's placement starts on Monday 14 December 2026, the last week of the autumn term, and
# ends on Friday 29 January 2027, in the spring term.
STARTS = D(2026, 12, 14)
ENDS = D(2027, 1, 29)
# Autumn: Mon 14 to Fri 18 December = 5 school days (of 71).
AUTUMN_DAYS = 5
# Spring: Mon 4 January is an INSET day; Tue 5 to Fri 8 (4), 11-15 (5), 18-22 (5), 25-29 (5).
SPRING_DAYS = 4 + 5 + 5 + 5
PENNY = Decimal("0.01")


def by_hand(days: int, term_days: int) -> Decimal:
    """£18,000 / 3 terms * days / term days, worked out on paper: see the literals below."""
    return (Decimal(18000) / 3 * days / term_days).quantize(PENNY, rounding=ROUND_HALF_UP)


def test_the_hand_sums():
    # 6000 * 5 / 71 = 30000 / 71 = 422.535211… and 6000 * 19 / 53 = 114000 / 53 = 2150.943396…
    assert by_hand(AUTUMN_DAYS, AUTUMN_2026_DAYS) == Decimal("422.54")
    assert by_hand(SPRING_DAYS, SPRING_2027_DAYS) == Decimal("2150.94")


def url(name: str, **params: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(name) + (f"?{query}" if query else "")


def statement_url(county, name: str = PAGE, *, term_start: dt.date, school=None) -> str:
    term = term_starting(county.la, term_start)
    school = school or county.school_a
    return url(name, school=school.pk, term=term.pk)


@pytest.fixture
def across_the_boundary(county):
    average_pupil_cost(county.partnership, "18000.00", 2026)
    return tier4(county, start=STARTS, end=ENDS, status=Placement.Status.ENDED)


def test_recharges_across_a_term_boundary_match_the_hand_sums(
    county, persona_client, across_the_boundary
):
    client = persona_client("coordinator")
    autumn = client.get(statement_url(county, term_start=AUTUMN_2026))
    spring = client.get(statement_url(county, term_start=SPRING_2027))
    assert autumn.status_code == spring.status_code == 200
    assert on_page(autumn, "Amara Osei")
    assert on_page(autumn, f"{AUTUMN_DAYS} of {AUTUMN_2026_DAYS}")
    assert on_page(autumn, "£422.54")
    assert on_page(spring, f"{SPRING_DAYS} of {SPRING_2027_DAYS}")
    assert on_page(spring, "£2,150.94")
    assert on_page(spring, "14 December 2026 to 29 January 2027")
    assert on_page(spring, "£18,000.00")


def test_the_statement_says_what_it_is_made_of(county, persona_client, across_the_boundary):
    statement = select.recharge_statements(
        membership=county.memberships["school_a"],
        schools=[county.school_a],
        term=term_starting(county.la, AUTUMN_2026),
        calendar=calendar_for(county.la),
    )[0]
    assert statement.terms_in_year == TERMS_IN_2026
    assert statement.days_in_term == AUTUMN_2026_DAYS
    assert statement.average_pupil_cost == Decimal("18000.00")
    (line,) = statement.lines
    assert (line.days_covered, line.recharge) == (AUTUMN_DAYS, Decimal("422.54"))
    assert statement.total == Decimal("422.54")


def test_a_pupil_with_overlapping_placements_is_charged_once_a_day(county, persona_client):
    average_pupil_cost(county.partnership, "18000.00", 2026)
    other_site = ProviderSiteFactory.create(provider=ProviderFactory.create(name="Forge Works"))
    # Billy (Fernhill): Tue 1 to Fri 11 December (ended; 4 + 5 = 9 school days) and from
    # Wed 9 December (9, 10, 11, then 14-18: 8 school days). Together, 1 to 18 December:
    # 4 + 5 + 5 = 14 school days, not 17.
    tier4(
        county,
        county.pupil_b,
        start=D(2026, 12, 1),
        end=D(2026, 12, 11),
        status=Placement.Status.ENDED,
    )
    tier4(county, county.pupil_b, start=D(2026, 12, 9), site=other_site)
    response = persona_client("school_b").get(
        statement_url(county, term_start=AUTUMN_2026, school=county.school_b)
    )
    # 6000 * 14 / 71 = 84000 / 71 = 1183.098591… → £1,183.10.
    assert by_hand(14, AUTUMN_2026_DAYS) == Decimal("1183.10")
    assert on_page(response, f"14 of {AUTUMN_2026_DAYS}")
    assert on_page(response, "£1,183.10")
    assert on_page(response, "Forge Works")
    assert on_page(response, "Skills Barn")
    assert content(response).count("Billy Hart</th>") == 1


def test_ended_placements_count_for_the_days_before_they_ended(county, persona_client):
    average_pupil_cost(county.partnership, "18000.00", 2026)
    # Ended on Friday 18 September 2026: Thu 3, Fri 4 (after the two INSET days), 7-11, 14-18
    # = 2 + 5 + 5 = 12 school days. 6000 * 12 / 71 = 72000 / 71 = 1014.084507… → £1,014.08.
    tier4(county, start=D(2026, 9, 1), end=D(2026, 9, 18), status=Placement.Status.ENDED)
    # Ended before the term began: not on the statement.
    tier4(county, start=D(2026, 5, 1), end=D(2026, 7, 10), status=Placement.Status.ENDED)
    response = persona_client("school_a").get(statement_url(county, term_start=AUTUMN_2026))
    assert by_hand(12, AUTUMN_2026_DAYS) == Decimal("1014.08")
    assert on_page(response, f"12 of {AUTUMN_2026_DAYS}")
    assert on_page(response, "£1,014.08")
    assert not on_page(response, "10 July 2026")


def test_only_partnership_tier_4_placements_that_went_ahead_are_recharged(county, persona_client):
    average_pupil_cost(county.partnership, "18000.00", 2026)
    start = D(2026, 12, 14)
    tier4(county, start=start, commissioner=Placement.Commissioner.SCHOOL, partnership=None)
    tier4(county, start=start, programme_management=False)
    tier4(county, start=start, status=Placement.Status.PROPOSED)
    # Recorded as not going ahead (proposed or agreed, then ended): no end reason.
    tier4(county, start=start, end=start, status=Placement.Status.ENDED, end_reason="")
    # Another partnership commissioned it (the pupil's school is in this one).
    tier4(county, start=start, partnership=county.other_partnership)
    statement = select.recharge_statements(
        membership=county.memberships["coordinator"],
        schools=[county.school_a],
        term=term_starting(county.la, AUTUMN_2026),
        calendar=calendar_for(county.la),
    )[0]
    assert statement.lines == ()
    assert statement.total == Decimal("0.00")
    response = persona_client("coordinator").get(statement_url(county, term_start=AUTUMN_2026))
    assert on_page(response, "No Tier 4 pupil of Brookvale Academy had a partnership placement")
    # An agreed placement counts (5 of 71 days: £422.54), the others still do not.
    tier4(county, start=start, status=Placement.Status.AGREED)
    response = persona_client("coordinator").get(statement_url(county, term_start=AUTUMN_2026))
    assert on_page(response, f"{AUTUMN_DAYS} of {AUTUMN_2026_DAYS}")
    assert content(response).count("£422.54") == 2  # the line and the total


def test_a_school_sees_only_its_own_statement(county, persona_client, across_the_boundary):
    client = persona_client("school_b")
    for name in (PAGE, CSV, PDF):
        response = client.get(statement_url(county, name, term_start=AUTUMN_2026))
        assert response.status_code == 404, name
    own = client.get(url(PAGE))
    assert own.status_code == 200
    assert on_page(own, "Fernhill School")
    assert not on_page(own, "Amara Osei")
    assert not on_page(own, "Brookvale Academy")


def test_a_coordinator_cannot_read_another_partnerships_school(county, persona_client):
    response = persona_client("coordinator").get(url(PAGE, school=county.school_c.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_school_or_term_is_not_found(county, persona_client, value):
    client = persona_client("coordinator")
    assert client.get(url(PAGE, school=value)).status_code == 404
    assert client.get(url(PAGE, school=county.school_a.pk, term=value)).status_code == 404


def test_school_staff_land_on_their_statement_for_the_term_running(
    county, persona_client, across_the_boundary, monkeypatch
):
    monkeypatch.setattr(select, "today", lambda: D(2026, 12, 16))
    response = persona_client("school_a").get(url(PAGE))
    assert response.status_code == 200
    assert on_page(response, "Autumn term, 2026 to 2027")
    assert on_page(response, "£422.54")


def test_in_the_holidays_the_last_term_is_shown(county, persona_client, monkeypatch):
    monkeypatch.setattr(select, "today", lambda: D(2026, 12, 28))
    response = persona_client("school_a").get(url(PAGE))
    assert on_page(response, "Autumn term, 2026 to 2027")


def test_the_coordinator_sees_every_schools_total(
    county, persona_client, across_the_boundary, monkeypatch
):
    monkeypatch.setattr(select, "today", lambda: D(2026, 12, 16))
    response = persona_client("coordinator").get(url(PAGE))
    assert response.status_code == 200
    html = content(response)
    assert "Brookvale Academy" in html
    assert "Fernhill School" in html
    assert "Wreake Valley College" not in html
    assert "£422.54" in html
    assert "Amara Osei" not in html  # the overview names no pupil


def test_without_an_average_pupil_cost_no_figures_are_invented(county, persona_client):
    tier4(county, start=STARTS)
    response = persona_client("coordinator").get(statement_url(county, term_start=AUTUMN_2026))
    assert response.status_code == 200
    assert on_page(
        response,
        "No average pupil cost is set for Hinckley and Bosworth Partnership for the 2026 to "
        "2027 school year",
    )
    assert on_page(response, f"{AUTUMN_DAYS} of {AUTUMN_2026_DAYS}")
    assert not on_page(response, "£422.54")
    assert "Total</th>" not in content(response)
    download = persona_client("coordinator").get(statement_url(county, CSV, term_start=AUTUMN_2026))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1][-1] == ""
    assert rows[-1][2].startswith("No average pupil cost is set")
    assert rows[-1][-1] == ""


def test_a_cost_for_another_year_does_not_count(county, persona_client):
    average_pupil_cost(county.partnership, "18000.00", 2025)
    tier4(county, start=STARTS)
    response = persona_client("coordinator").get(statement_url(county, term_start=AUTUMN_2026))
    assert on_page(response, "No average pupil cost is set")


def test_when_the_calendar_has_no_term_dates_the_page_says_so(county, persona_client, monkeypatch):
    monkeypatch.setattr(select, "today", lambda: D(2030, 10, 1))
    response = persona_client("school_a").get(url(PAGE))
    assert response.status_code == 200
    assert on_page(
        response,
        "No term dates are recorded for Leicestershire for the 2030 to 2031 school year",
    )
    assert not on_page(response, "School days in the term")
    csv_response = persona_client("school_a").get(url(CSV))
    assert csv_response.status_code == 302
    assert csv_response["Location"].startswith(reverse(PAGE))


def test_the_csv_has_the_same_figures(county, persona_client, across_the_boundary):
    response = persona_client("school_a").get(statement_url(county, CSV, term_start=SPRING_2027))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="recharges-brookvale-academy-springterm-2027-01.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    header, line, last = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[2:] == [
        "Pupil",
        "Placements",
        "Providers",
        "School days covered",
        "School days in term",
        "Average pupil cost",
        "Terms in the school year",
        "Recharge",
    ]
    assert line[:3] == ["Brookvale Academy", "Spring term, 2026 to 2027", "Amara Osei"]
    assert line[3] == "Skills Barn, Barn Lane, 14 December 2026 to 29 January 2027"
    assert line[5:] == [str(SPRING_DAYS), str(SPRING_2027_DAYS), "18000.00", "3", "2150.94"]
    assert last[2] == "Total"
    assert last[-1] == "2150.94"


def test_the_csv_cannot_smuggle_a_formula(county, persona_client):
    average_pupil_cost(county.partnership)
    pupil = PupilFactory.create(
        school=county.school_a, legal_first_name="=HYPERLINK(1)", legal_last_name="Test"
    )
    tier4(county, pupil, start=STARTS)
    response = persona_client("school_a").get(statement_url(county, CSV, term_start=AUTUMN_2026))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == "'=HYPERLINK(1) Test"


def test_the_pdf_is_a_pdf(county, persona_client, across_the_boundary):
    response = persona_client("school_a").get(statement_url(county, PDF, term_start=AUTUMN_2026))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_shows_the_same_figures_and_fetches_nothing(
    county, persona_client, across_the_boundary, monkeypatch
):
    seen: list[str] = []

    def fake(html: str) -> bytes:
        seen.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("inclusion.core.pdf.html_to_pdf", fake)
    persona_client("coordinator").get(statement_url(county, PDF, term_start=SPRING_2027))
    (html,) = seen
    for text in ("Amara Osei", f"{SPRING_DAYS} of {SPRING_2027_DAYS}", "£2,150.94", "£18,000.00"):
        assert text in html
    for fetch in ("<link", "<img", "<script", "url("):
        assert fetch not in html


def test_reading_a_statement_is_audited_without_names(county, persona_client, across_the_boundary):
    persona_client("school_a").get(statement_url(county, term_start=AUTUMN_2026))
    persona_client("school_a").get(statement_url(county, CSV, term_start=AUTUMN_2026))
    events = AuditEvent.objects.filter(target_type="placements.recharge_statement")
    assert events.count() == 2
    assert {e.target_id for e in events} == {str(county.school_a.pk)}
    assert all(e.changes == [] and e.pupil_id is None for e in events)


def _queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer"])
def test_the_statement_keeps_a_constant_query_count(county, persona_client, persona):
    average_pupil_cost(county.partnership)
    client = persona_client(persona)
    address = statement_url(county, term_start=AUTUMN_2026)
    pupils_with_placements(county, 3, start=D(2026, 11, 2))
    small = _queries(client, address)
    more = pupils_with_placements(county, 12, start=D(2026, 11, 2))
    assert _queries(client, address) == small
    assert on_page(client.get(address), more[-1].pupil.display_name)


def test_the_overview_keeps_a_constant_query_count(county, persona_client):
    average_pupil_cost(county.partnership)
    client = persona_client("la_officer")
    address = url(PAGE, term=term_starting(county.la, AUTUMN_2026).pk)
    pupils_with_placements(county, 3, start=D(2026, 11, 2))
    small = _queries(client, address)
    pupils_with_placements(county, 12, start=D(2026, 11, 2))
    assert _queries(client, address) == small
