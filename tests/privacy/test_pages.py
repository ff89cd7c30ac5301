"""Legal holds placed and lifted by LA officers (audited, GOV.UK errors on bad input), and the
retention runs page (the officer's own authority only, counts only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.privacy.models import LegalHold, RetentionRun
from tests.conftest import PERSONAS, County
from tests.privacy.factories import other_authority_pupil

pytestmark = pytest.mark.django_db


def url(name: str, pupil: object) -> str:
    return reverse(f"privacy:{name}", kwargs={"pk": pupil.pk})  # type: ignore[attr-defined]


def test_an_officer_places_a_legal_hold(county: County, persona_client):
    client = persona_client("la_officer")
    response = client.post(url("legal_hold_place", county.pupil_a), {"reason": "Fictional claim"})
    assert response.status_code == 302
    assert response["Location"] == url("subject_access", county.pupil_a)
    hold = LegalHold.objects.get(pupil=county.pupil_a)
    assert hold.placed_by == county.memberships["la_officer"].user
    assert hold.lifted_at is None
    event = AuditEvent.objects.get(target_type="privacy.legalhold", verb="create")
    assert event.pupil_id == county.pupil_a.pk
    page = client.get(url("subject_access", county.pupil_a)).content.decode()
    assert "On legal hold" in page
    assert "Fictional claim" in page


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_hold_needs_a_reason(county: County, persona_client, reason):
    response = persona_client("la_officer").post(
        url("legal_hold_place", county.pupil_a), {"reason": reason}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert (
        "Enter why the records must be kept" in body or "must be 1,000 characters or fewer" in body
    )
    assert not LegalHold.objects.exists()


def test_a_second_hold_is_refused(county: County, persona_client):
    client = persona_client("la_officer")
    client.post(url("legal_hold_place", county.pupil_a), {"reason": "Fictional claim"})
    response = client.post(url("legal_hold_place", county.pupil_a), {"reason": "Another"})
    assert response.status_code == 400
    assert "A legal hold is already in place" in response.content.decode()
    assert LegalHold.objects.count() == 1


def test_an_officer_lifts_the_hold(county: County, persona_client):
    client = persona_client("la_officer")
    client.post(url("legal_hold_place", county.pupil_a), {"reason": "Fictional claim"})
    response = client.post(url("legal_hold_lift", county.pupil_a))
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.lifted_at is not None
    assert hold.lifted_by == county.memberships["la_officer"].user
    assert AuditEvent.objects.filter(target_type="privacy.legalhold", verb="update").count() == 1
    again = client.post(url("legal_hold_lift", county.pupil_a))
    assert again.status_code == 400
    assert "There is no legal hold to lift" in again.content.decode()


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "la_officer"])
@pytest.mark.parametrize("name", ["legal_hold_place", "legal_hold_lift"])
def test_nobody_else_places_or_lifts_holds(county: County, persona_client, persona, name):
    response = persona_client(persona).post(url(name, county.pupil_a), {"reason": "Fictional"})
    assert response.status_code == 404
    assert not LegalHold.objects.exists()


def test_no_hold_on_a_pupil_of_another_authority(county: County, persona_client):
    city_pupil = other_authority_pupil()
    response = persona_client("la_officer").post(
        url("legal_hold_place", city_pupil), {"reason": "Fictional"}
    )
    assert response.status_code == 404
    assert not LegalHold.objects.exists()


def test_the_runs_page_shows_the_last_dry_run_of_the_officers_authority(
    county: County, persona_client
):
    report = {"pupil_file": {"action": "anonymise", "due": 7, "held": 2, "done": 0}}
    RetentionRun.objects.create(
        local_authority=county.la, applied=False, as_of=dt.date(2026, 5, 17), report=report
    )
    city = other_authority_pupil().school.local_authority
    RetentionRun.objects.create(
        local_authority=city,
        applied=False,
        as_of=dt.date(2026, 5, 18),
        report={"pupil_file": {"action": "anonymise", "due": 913, "held": 0, "done": 0}},
    )
    response = persona_client("la_officer").get(reverse("privacy:retention"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "17 May 2026" in body
    assert ">7<" in body
    assert "913" not in body
    assert "18 May 2026" not in body


def test_the_runs_page_before_any_run(county: County, persona_client):
    body = persona_client("la_officer").get(reverse("privacy:retention")).content.decode()
    assert "There has been no dry run yet" in body
    assert "The retention job has not run yet" in body


def test_the_runs_page_query_count_is_constant(
    county: County, persona_client, django_assert_max_num_queries
):
    client = persona_client("la_officer")
    for day in range(1, 4):
        RetentionRun.objects.create(
            local_authority=county.la, applied=False, as_of=dt.date(2026, 5, day)
        )
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("privacy:retention"))
    for day in range(4, 20):
        RetentionRun.objects.create(
            local_authority=county.la, applied=True, as_of=dt.date(2026, 5, day)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("privacy:retention"))
