"""Minutes of a meeting: attendance, each case with its decision, rationale and actions,
anonymised for the reader as on the agenda; and the same as a PDF made with WeasyPrint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.core import pdf
from inclusion.forums.models import Attendance
from tests.forums.factories import decided, make_meeting, schedule, unconsented
from tests.helpers import content, on_page


def minutes_url(meeting, name: str = "forums:minutes") -> str:
    return reverse(name, kwargs={"pk": meeting.pk})


def test_the_minutes_show_attendance_decisions_and_actions(county, persona_client):
    meeting, item, decision, action = decided(county)
    Attendance.objects.create(meeting=meeting, school=county.school_b, represented_by="B. Deputy")
    undecided = schedule(
        meeting, unconsented(county, county.pupil_b), county.memberships["coordinator"].user
    )
    page = content(persona_client("chair").get(minutes_url(meeting)))
    assert "B. Deputy" in page
    assert item.referral.reference in page
    assert undecided.referral.reference in page
    assert "Advice and a support plan for the school" in page
    assert decision.rationale in page
    assert action.description in page
    assert county.school_a.name in page
    assert "No decision has been recorded." in page
    assert "Billy Hart" not in page  # pupil_b's case has no consent: anonymised for the chair
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW, target_id=str(meeting.pk)).exists()


def test_minutes_wait_for_the_day_of_the_meeting(county, persona_client):
    meeting = make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user
    )
    for name in ("forums:minutes", "forums:minutes_pdf"):
        response = persona_client("coordinator").get(minutes_url(meeting, name))
        assert response.status_code == 409
        assert on_page(response, "Decisions and minutes are recorded from the day of the meeting")


def test_the_minutes_pdf_is_a_pdf(county, persona_client):
    meeting, *_ = decided(county)
    response = persona_client("school_b").get(minutes_url(meeting, "forums:minutes_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def captured_html(monkeypatch):
    seen: list[str] = []

    def fake(html: str) -> bytes:
        seen.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("inclusion.core.pdf.html_to_pdf", fake)
    return seen


def test_the_pdf_is_anonymised_for_the_reader_and_fetches_nothing(
    county, persona_client, captured_html
):
    pupil = county.pupil_a
    pupil.date_of_birth = dt.date(2011, 11, 23)
    pupil.save()
    meeting = make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user, days_ahead=-2
    )
    schedule(meeting, unconsented(county), county.memberships["coordinator"].user)
    persona_client("school_b").get(minutes_url(meeting, "forums:minutes_pdf"))
    persona_client("school_a").get(minutes_url(meeting, "forums:minutes_pdf"))
    for_b, for_a = captured_html
    for text in (
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.upn,
        "23 November 2011",
        "2011-11-23",
    ):
        assert text not in for_b
    assert pupil.upn in for_a
    assert "23 November 2011" in for_a
    for html in captured_html:
        assert "<link" not in html
        assert "<img" not in html
        assert "<script" not in html
        assert "url(" not in html
        assert "@import" not in html


def test_weasyprint_is_never_allowed_to_fetch(county):
    html = '<html><body><img src="https://example.org/tracker.png"><p>Hello</p></body></html>'
    assert pdf.html_to_pdf(html).startswith(b"%PDF")  # renders without the image, offline
