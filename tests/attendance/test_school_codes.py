"""What the school enters (issue 6, part 4): the page, the CSV, filters, scope, queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.attendance.selectors import measures as select
from inclusion.placements.models import Placement
from tests.attendance.factories_measures import full_week_placement, mark
from tests.factories import ProviderFactory, ProviderSiteFactory, PupilFactory
from tests.helpers import assert_govuk_error, content, on_page

D = dt.date
MONDAY = D(2026, 3, 2)
URL = reverse("attendance:school_codes")
CSV_URL = reverse("attendance:school_codes_csv")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(select, "today", lambda: MONDAY)


@pytest.fixture
def placed(county):
    site = ProviderSiteFactory.create(provider=county.provider)
    by = county.memberships["provider"].user
    a = full_week_placement(pupil=county.pupil_a, start=D(2026, 1, 6), site=site)
    b = full_week_placement(pupil=county.pupil_b, start=D(2026, 1, 6), site=site)
    c = full_week_placement(pupil=county.pupil_c_looked_after, start=D(2026, 1, 6), site=site)
    mark(a, MONDAY, "am", "/", by=by)
    mark(a, MONDAY, "pm", "O", by=by)
    mark(b, MONDAY, "am", "L", by=by, minutes_late=10)
    mark(c, MONDAY, "am", "I", by=by)
    return a, b, c


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_school_staff_see_their_own_pupils_codes(county, placed, persona_client):
    response = persona_client("school_a").get(URL)
    assert response.status_code == 200
    assert on_page(response, "Amara Osei")
    assert not on_page(response, "Billy Hart")
    assert not on_page(response, "Cara Nowak")
    rows = response.context["rows"]
    assert [(r.session, r.provider_code, r.school_code, r.school_label) for r in rows] == [
        ("Morning", "/", "B", "Attending approved educational activity (alternative provision)"),
        ("Afternoon", "O", "O", "Absent in other or unknown circumstances"),
    ]
    # K is never suggested: the help text says so.
    assert "never suggests <strong>K</strong>" in content(response)


def test_coordinators_see_their_partnerships_pupils_only(county, placed, persona_client):
    response = persona_client("coordinator").get(URL)
    names = {r.pupil for r in response.context["rows"]}
    assert names == {"Amara Osei", "Billy Hart"}
    billy = [r for r in response.context["rows"] if r.pupil == "Billy Hart"]
    assert [(r.provider_code, r.school_code) for r in billy] == [("L", "B"), ("", "")]
    assert billy[1].school_label == "Not yet marked"


def test_only_agreed_and_active_placements_are_listed(county, persona_client):
    full_week_placement(pupil=county.pupil_a, start=D(2026, 1, 6), status=Placement.Status.PROPOSED)
    response = persona_client("school_a").get(URL)
    assert response.context["rows"] == []
    assert on_page(response, "No pupil at alternative provision is expected")


def test_a_day_and_a_week_can_be_chosen(county, placed, persona_client):
    client = persona_client("school_a")
    wednesday = client.get(URL, {"date": "2026-03-04"})
    assert {r.date for r in wednesday.context["rows"]} == {D(2026, 3, 4)}
    week = client.get(URL, {"date": "2026-03-04", "week": "1"})
    assert week.status_code == 200
    assert {r.date for r in week.context["rows"]} == {
        MONDAY + dt.timedelta(days=n) for n in range(5)
    }
    assert len(week.context["rows"]) == 10
    assert on_page(week, "Week of 2 March 2026 to 6 March 2026")
    # Half term: nobody is expected.
    half_term = client.get(URL, {"date": "2026-02-17"})
    assert half_term.context["rows"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date": "4 March"}, "Date must be a real date in the format YYYY-MM-DD"),
        ({"date": "2026-02-30"}, "Date must be a real date in the format YYYY-MM-DD"),
        ({"week": "2"}, "Select whether to show the day or the whole week"),
    ],
)
def test_bad_filters_are_refused_with_a_message(county, placed, persona_client, query, message):
    client = persona_client("school_a")
    response = client.get(URL, query)
    assert_govuk_error(response, message)
    assert response.context["rows"] == []
    download = client.get(CSV_URL, query)
    assert download.status_code == 400
    assert message in download.content.decode()


def test_the_csv_has_the_columns_and_is_spreadsheet_safe(county, persona_client):
    provider = ProviderFactory.create(name="+Skills Barn")
    site = ProviderSiteFactory.create(provider=provider)
    pupil = PupilFactory.create(
        school=county.school_a, legal_first_name="=HYPERLINK(1)", legal_last_name="Test"
    )
    placement = full_week_placement(pupil=pupil, start=D(2026, 1, 6), site=site)
    mark(placement, MONDAY, "am", "/", by=county.memberships["provider"].user)
    response = persona_client("school_a").get(CSV_URL, {"date": "2026-03-02"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "school-register-codes-2026-03-02.csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Date",
        "Session",
        "UPN",
        "Pupil",
        "Provider",
        "Provider code",
        "Code for the school register",
    ]
    assert rows[1] == [
        "2026-03-02",
        "Morning",
        pupil.upn,
        "'=HYPERLINK(1) Test",
        "'+Skills Barn",
        "/",
        "B",
    ]
    assert rows[2][5:] == ["", "Not yet marked"]


def test_the_csv_for_a_week(county, placed, persona_client):
    response = persona_client("coordinator").get(CSV_URL, {"date": "2026-03-06", "week": "1"})
    rows = _csv(response)
    assert len(rows) == 1 + 2 * 10  # two pupils, five days, two sessions
    assert "2026-03-02-to-2026-03-06" in response["Content-Disposition"]


def _queries(client, url, query):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


def _pupils(county, count):
    site = ProviderSiteFactory.create(provider=county.provider)
    by = county.memberships["provider"].user
    for _ in range(count):
        placement = full_week_placement(
            pupil=PupilFactory.create(school=county.school_a), start=D(2026, 1, 6), site=site
        )
        mark(placement, MONDAY, "am", "/", by=by)


def test_the_page_and_csv_keep_a_constant_query_count(county, persona_client):
    client = persona_client("school_a")
    week = {"date": "2026-03-02", "week": "1"}
    _pupils(county, 3)
    small = (_queries(client, URL, week), _queries(client, CSV_URL, week))
    _pupils(county, 12)
    large = (_queries(client, URL, week), _queries(client, CSV_URL, week))
    assert len(client.get(URL, week).context["rows"]) == 15 * 10
    assert small == large


def test_a_pupil_dual_registered_at_the_provider_is_entered_as_d_marked_or_not(
    county, placed, persona_client
):
    amara = placed[0]
    Placement.objects.filter(pk=amara.pk).update(dual_registered=True)

    rows = persona_client("school_a").get(URL).context["rows"]

    assert [(r.provider_code, r.school_code, r.school_label) for r in rows] == [
        ("/", "D", "Dual registered - at another school"),
        ("O", "D", "Dual registered - at another school"),
    ]
