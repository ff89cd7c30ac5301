"""The Ofsted evidence pack (issue 7, part 2): exactly the school's pupils at alternative
provision, the figures an inspector asks for worked by hand, the best-practice checklist with
its gaps, the page, PDF, CSV and XLSX, scope and a constant number of queries.

Today is Wednesday 4 March 2026 (Leicestershire's seeded spring term: 5 January, an INSET day,
to 27 March; half term 16 to 20 February; the autumn term ended 19 December 2025)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inclusion.audit.models import AuditEvent
from inclusion.placements.models import Placement
from inclusion.reports.ofsted.presenters import all_rows, headings
from inclusion.reports.ofsted.selectors import ofsted_pack
from tests.attendance.factories_alerts import placement_for
from tests.factories import PupilFactory
from tests.helpers import assert_govuk_error, content, on_page
from tests.reports.factories_ofsted import TODAY, amara_placed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def pack_url(county, name="reports:ofsted_pack"):
    return reverse(name, kwargs={"school_pk": county.school_a.pk})


@pytest.fixture
def amara(county) -> Placement:
    return amara_placed(county)


@pytest.fixture
def others(county):
    """Placements that must not be current in school A's pack, and one that ended this year."""
    ended_pupil = PupilFactory.create(
        school=county.school_a, legal_first_name="Erin", legal_last_name="Ended"
    )
    ended = placement_for(
        county,
        pupil=ended_pupil,
        start_date=dt.date(2025, 10, 6),
        status=Placement.Status.ENDED,
        end_date=dt.date(2026, 2, 13),
    )
    last_year = PupilFactory.create(
        school=county.school_a, legal_first_name="Lou", legal_last_name="Lastyear"
    )
    placement_for(
        county,
        pupil=last_year,
        start_date=dt.date(2025, 1, 6),
        status=Placement.Status.ENDED,
        end_date=dt.date(2025, 7, 18),
    )
    proposed = PupilFactory.create(
        school=county.school_a, legal_first_name="Pat", legal_last_name="Proposed"
    )
    placement_for(county, pupil=proposed, status=Placement.Status.PROPOSED)
    placement_for(county, pupil=county.pupil_b)  # another school's pupil
    return ended


def test_the_pack_lists_exactly_the_schools_pupils_with_hand_worked_figures(county, amara, others):
    pack = ofsted_pack(
        membership=county.memberships["school_a"], school=county.school_a, today=TODAY
    )

    assert [r.placement.pupil.display_name for r in pack.current] == ["Amara Osei"]
    assert [r.placement.pk for r in pack.ended] == [others.pk]
    row = pack.current[0]
    assert pack.term_first == dt.date(2026, 1, 5)
    assert pack.year_first == dt.date(2025, 8, 1)  # the school year, as days.academic_year_bounds
    # Spring: 15 Mondays and Tuesdays (5 January is an INSET day), 30 sessions, 3 absent.
    assert (row.term.possible, row.term.attended, row.term.percentage) == (30, 27, Decimal("90.0"))
    # The year adds December's 12 sessions, all absent: 27 of 42.
    assert (row.year.possible, row.year.attended, row.year.percentage) == (42, 27, Decimal("64.3"))
    assert row.hours == Decimal(12)
    assert (row.last_review, row.next_review) == (dt.date(2026, 2, 2), dt.date(2026, 3, 16))
    assert row.visits is not None
    assert row.visits.last_visit is not None
    assert row.visits.last_visit.visited_on == dt.date(2026, 2, 10)
    assert row.qa == "Not yet visited"
    assert [(c.label, c.detail) for c in row.gaps] == [
        ("Evidence of staff visits", "No visit this half term (last visit 10 February 2026)")
    ]
    assert len(row.checks) == 8
    assert pack.gap_count == 1


def test_each_missing_item_is_a_gap(county):
    placement = placement_for(county)  # no category, agreement, plan, visit, procedure
    pack = ofsted_pack(
        membership=county.memberships["coordinator"], school=county.school_a, today=TODAY
    )

    gaps = {c.label: c.detail for c in pack.current[0].gaps}
    assert placement.pk == pack.current[0].placement.pk
    assert gaps == {
        "A named lead who can locate every pupil": "The school has not named its lead",
        "The pupil's category (a, b or c)": "Not recorded on the placement",
        "Daily attendance checks and absence follow-up": (
            "20 sessions not marked in the last 10 school days"  # 10 days, both sessions
        ),
        "A commissioning agreement": "No forum decision or agreement is recorded",
        "A target end date, next review date and evidence of past reviews": (
            "No target end date; no next review date; no review recorded yet"
        ),
        "Evidence of staff visits": "No visit this half term (no visit recorded)",
        "An agreed suspension procedure": "Not recorded",
    }


def test_the_page_shows_the_pack_and_its_gaps(county, amara, others, persona_client):
    response = persona_client("school_a").get(pack_url(county))

    assert response.status_code == 200
    html = content(response)
    assert on_page(response, f"Ofsted evidence pack: {county.school_a.name}")
    assert "Amara Osei" in html
    assert "Erin Ended" in html
    assert "Billy Hart" not in html
    assert "Lou Lastyear" not in html
    assert "Pat Proposed" not in html
    assert "No visit this half term (last visit 10 February 2026)" in html
    assert "90.0%" in html
    assert "64.3%" in html
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.VIEW, target_id=str(county.school_a.pk)
    ).exists()


def test_the_csv_and_the_xlsx_hold_the_same_figures_as_the_page(
    county, amara, others, persona_client
):
    client = persona_client("school_a")
    pack = ofsted_pack(
        membership=county.memberships["school_a"], school=county.school_a, today=TODAY
    )
    expected = [headings(), *all_rows(pack)]

    from_csv = list(
        csv.reader(
            io.StringIO(client.get(pack_url(county, "reports:ofsted_pack_csv")).content.decode())
        )
    )
    book = load_workbook(
        io.BytesIO(client.get(pack_url(county, "reports:ofsted_pack_xlsx")).content)
    )
    from_xlsx = [
        [c if c is not None else "" for c in row]
        for row in book["Pupils in AP"].iter_rows(values_only=True)
    ]

    assert from_csv == expected
    assert from_xlsx == expected
    assert expected[1][12:14] == ["90.0%", "64.3%"]
    school = {row[0]: row[1] for row in book["School"].iter_rows(values_only=True)}
    assert school["Checklist gaps"] == "1"


def test_the_pdf_is_a_pdf(county, amara, persona_client):
    response = persona_client("school_a").get(pack_url(county, "reports:ofsted_pack_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("persona", ["school_b", "provider", "virtual_school", "governance"])
def test_others_get_not_found(county, amara, persona_client, persona):
    client = persona_client(persona)
    for name in ("reports:ofsted_pack", "reports:ofsted_pack_pdf", "reports:ofsted_pack_xlsx"):
        assert client.get(pack_url(county, name)).status_code == 404


def test_a_coordinator_chooses_one_of_the_partnerships_schools(county, amara, persona_client):
    client = persona_client("coordinator")

    listing = client.get(reverse("reports:ofsted"))

    assert listing.status_code == 200
    assert on_page(listing, county.school_a.name)
    assert on_page(listing, county.school_b.name)
    assert client.get(pack_url(county)).status_code == 200
    other = reverse(
        "reports:ofsted_pack", kwargs={"school_pk": county.pupil_c_looked_after.school_id}
    )
    assert client.get(other).status_code == 404


def test_school_staff_go_straight_to_their_pack(county, persona_client):
    response = persona_client("school_a").get(reverse("reports:ofsted"))

    assert response.status_code == 302
    assert response["Location"] == pack_url(county)


def test_the_school_names_its_lead(county, persona_client):
    client = persona_client("school_a")
    url = pack_url(county, "reports:ofsted_lead")
    staff = county.memberships["school_a"].user

    assert_govuk_error(
        client.post(url, {"lead": "nobody"}), "Select a member of your school's staff from the list"
    )
    outsider = county.memberships["school_b"].user
    assert_govuk_error(
        client.post(url, {"lead": outsider.pk}),
        "Select a member of your school's staff from the list",
    )
    response = client.post(url, {"lead": staff.pk})

    county.school_a.refresh_from_db()
    assert response.status_code == 302
    assert county.school_a.ap_lead == staff
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.UPDATE, target_id=str(county.school_a.pk), changes=["ap_lead"]
    ).exists()
    assert persona_client("coordinator").get(url).status_code == 404


def test_the_pack_keeps_a_constant_number_of_queries(county, persona_client):
    client = persona_client("school_a")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(pack_url(county)).status_code == 200
        return len(captured.captured_queries)

    placement_for(county)
    one = queries()
    for _ in range(4):
        placement_for(county, pupil=PupilFactory.create(school=county.school_a))
    assert queries() == one
