"""A pupil's attendance page (issue 6, part 6): figures, flags, sessions, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from inclusion.attendance.selectors import measures as select
from tests.attendance.factories_measures import full_week_placement, mark_day
from tests.helpers import on_page

D = dt.date
TODAY = D(2026, 3, 2)  # a Monday in the spring term


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(select, "today", lambda: TODAY)


def _url(pupil):
    return reverse("attendance:pupil", kwargs={"pupil_pk": pupil.pk})


@pytest.fixture
def placed(county):
    """From Mon 23 Feb 2026, Monday to Friday: 23-27 Feb is 5 school days, 10 sessions.

    23 Feb / \\, 24 Feb O G, 25 Feb D D, 26 Feb / \\, 27 Feb not marked.
    Before today (2 March): possible 10 - 2 (D) = 8; attended 4; unauthorised 2; not marked 2.
    4 / 8 = 50.0%: severe absence. Today (2 March) is unmarked and not counted yet.
    """
    by = county.memberships["provider"].user
    placement = full_week_placement(pupil=county.pupil_a, start=D(2026, 2, 23))
    mark_day(placement, D(2026, 2, 23), "/", "\\", by=by)
    mark_day(placement, D(2026, 2, 24), "O", "G", by=by)
    mark_day(placement, D(2026, 2, 25), "D", "D", by=by)
    mark_day(placement, D(2026, 2, 26), "/", "\\", by=by)
    return placement


def test_the_pupils_attendance_this_term_and_year(county, placed, persona_client):
    response = persona_client("school_a").get(_url(county.pupil_a))
    assert response.status_code == 200
    term, year = response.context["summaries"]
    assert term.heading == "This term (Spring term)"
    assert term.period == "5 January 2026 to 2 March 2026"
    assert year.period == "1 August 2025 to 2 March 2026"
    for summary in (term, year):
        assert summary.percentage == "50.0%"
        assert (summary.possible, summary.attended) == (8, 4)
        assert (summary.authorised, summary.unauthorised, summary.not_marked) == (0, 2, 2)
        assert summary.not_possible == 2
        assert summary.flags == ["Severe absence (50% or more of possible sessions missed)"]
    assert on_page(response, "Severe absence (50% or more of possible sessions missed)")


def test_the_sessions_of_the_last_four_weeks(county, placed, persona_client):
    response = persona_client("coordinator").get(_url(county.pupil_a))
    sessions = response.context["sessions"]
    # Newest first: today (not yet marked), then 27 Feb (not marked, in the past).
    assert [(s.date, s.session, s.code, s.meaning) for s in sessions[:4]] == [
        (TODAY, "Afternoon", "", "Not yet marked"),
        (TODAY, "Morning", "", "Not yet marked"),
        (D(2026, 2, 27), "Afternoon", "", "Not marked"),
        (D(2026, 2, 27), "Morning", "", "Not marked"),
    ]
    codes = {(s.date, s.code) for s in sessions}
    assert (D(2026, 2, 25), "D") in codes
    assert (D(2026, 2, 24), "O") in codes
    assert len(sessions) == 12  # 23 Feb to 2 March: six school days


def test_a_pupil_with_no_placement_has_no_figures(county, persona_client):
    response = persona_client("school_a").get(_url(county.pupil_a))
    assert response.status_code == 200
    assert response.context["summaries"][0].percentage == "No possible sessions"
    assert on_page(response, "No sessions were expected or marked in the last four weeks.")


@pytest.mark.parametrize("persona", ["school_b", "provider", "governance", "virtual_school"])
def test_people_who_may_not_see_the_pupil_get_404(county, placed, persona_client, persona):
    assert persona_client(persona).get(_url(county.pupil_a)).status_code == 404


def test_other_partnerships_pupils_are_404_for_the_coordinator(county, persona_client):
    full_week_placement(pupil=county.pupil_c_looked_after, start=D(2026, 2, 23))
    assert persona_client("coordinator").get(_url(county.pupil_c_looked_after)).status_code == 404
    assert (
        persona_client("virtual_school").get(_url(county.pupil_c_looked_after)).status_code == 200
    )


def test_outside_the_recorded_school_years_the_page_still_answers(
    county, placed, persona_client, monkeypatch
):
    monkeypatch.setattr(select, "today", lambda: D(2031, 3, 3))
    response = persona_client("school_a").get(_url(county.pupil_a))
    assert response.status_code == 200
    assert on_page(response, "No term dates are recorded")
