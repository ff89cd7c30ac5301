"""Standard Risk Assessment pages: a pupil's versions, starting one, the draft saved as you go,
every bad input, completing, the co-ordinator's sign-off, read-only signed versions, reviewing
(version 2 keeps version 1), scope, audit and query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.notifications.models import Notification
from inclusion.placements.models import Hazard, RiskAssessment, RiskHazard
from inclusion.placements.services.risk import latest_review_date
from tests.factories import PupilFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.placements.factories_risk import RiskHazardFactory, risk_assessment

TODAY = timezone.localdate()
REVIEW_ON = TODAY + dt.timedelta(days=60)


def blank_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"overall_rating": "", "summary": "", **date_parts("review_on", None)}
    for value in Hazard.values:
        data |= {
            f"{value}_likelihood": "",
            f"{value}_severity": "",
            f"{value}_controls": "",
            f"{value}_owner": "",
        }
    return data | overrides


def full_form(**overrides: Any) -> dict[str, Any]:
    """Every hazard scored low, except risk to others: 3 by 4 (medium) with controls."""
    data = blank_form(
        overall_rating="medium",
        summary="Settles well with a key worker; struggles with unstructured time.",
        **date_parts("review_on", REVIEW_ON),
    )
    for value in Hazard.values:
        data |= {f"{value}_likelihood": "2", f"{value}_severity": "1"}
    data |= {
        "to_others_likelihood": "3",
        "to_others_severity": "4",
        "to_others_controls": "A calm space and a named adult at breaks",
        "to_others_owner": "Head of year",
    }
    return data | overrides


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"placements:{name}", kwargs=kwargs)


@pytest.fixture
def school(persona_client):
    return persona_client("school_a")


@pytest.fixture
def coordinator(persona_client):
    return persona_client("coordinator")


@pytest.fixture
def staff(county):
    return county.memberships["school_a"].user


@pytest.fixture
def draft(county, staff):
    return risk_assessment(pupil=county.pupil_a, by=staff, scored=False)


def updates(assessment: RiskAssessment) -> Any:
    return AuditEvent.objects.filter(target_id=str(assessment.pk), verb="update").order_by("id")


def audit_count() -> int:
    return AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEW).count()


# --- Starting -----------------------------------------------------------------------------


def test_school_staff_start_the_first_version(county, school):
    page = school.get(url("risk_create", pupil_pk=county.pupil_a.pk))
    assert page.status_code == 200
    assert on_page(page, "Risk from others, including exploitation")
    response = school.post(url("risk_create", pupil_pk=county.pupil_a.pk))
    assessment = RiskAssessment.objects.get(pupil=county.pupil_a)
    assert response["Location"] == url("risk_edit", pk=assessment.pk)
    assert (assessment.version, assessment.previous) == (1, None)
    assert assessment.created_by == county.memberships["school_a"].user
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, target_id=str(assessment.pk))
    assert event.pupil_id == county.pupil_a.pk
    assert event.membership == county.memberships["school_a"]


def test_a_second_draft_cannot_be_started(county, school, draft):
    for response in (
        school.get(url("risk_create", pupil_pk=county.pupil_a.pk)),
        school.post(url("risk_create", pupil_pk=county.pupil_a.pk)),
    ):
        assert response["Location"] == url("risk_edit", pk=draft.pk)
    assert RiskAssessment.objects.filter(pupil=county.pupil_a).count() == 1


def test_nothing_new_starts_while_a_version_awaits_sign_off(county, staff, school):
    waiting = risk_assessment(pupil=county.pupil_a, by=staff, state="completed")
    response = school.post(url("risk_create", pupil_pk=county.pupil_a.pk))
    assert response["Location"] == url("risk_detail", pk=waiting.pk)
    assert RiskAssessment.objects.filter(pupil=county.pupil_a).count() == 1


# --- The draft ------------------------------------------------------------------------------


def test_the_form_has_every_hazard_with_the_scales(school, draft):
    html = content(school.get(url("risk_edit", pk=draft.pk)))
    for _value, label in Hazard.choices:
        assert label in html
    for label in (
        "1 \N{EN DASH} Very unlikely",
        "5 \N{EN DASH} Almost certain",
        "1 \N{EN DASH} Negligible",
        "5 \N{EN DASH} Severe",
    ):
        assert html.count(label) >= len(Hazard.values)
    assert "a score of 5 to 12" in html  # the bands are shown
    assert 'Likelihood<span class="govuk-visually-hidden"> for “Online”</span>' in html


def test_a_draft_is_saved_as_the_user_goes(county, school, draft):
    data = blank_form(to_self_likelihood="2", to_self_severity="2", summary="First thoughts")
    response = school.post(url("risk_edit", pk=draft.pk), data | {"save": "yes"})
    assert response["Location"] == url("risk_edit", pk=draft.pk)
    row = draft.hazards.get()
    assert (row.hazard, row.likelihood, row.severity, row.score) == ("to_self", 2, 2, 4)
    draft.refresh_from_db()
    assert draft.summary == "First thoughts"
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE, target_id=str(draft.pk))
    assert event.changes == ["hazards", "summary"]
    assert event.pupil_id == county.pupil_a.pk
    page = school.get(url("risk_edit", pk=draft.pk))
    assert on_page(page, "Your draft has been saved")
    assert "(score 4)" in content(page)


def test_clearing_a_hazards_scores_removes_it(school, draft):
    RiskHazardFactory.create(assessment=draft, hazard=Hazard.ONLINE, likelihood=1, severity=2)
    school.post(url("risk_edit", pk=draft.pk), blank_form())
    assert not draft.hazards.exists()


def test_saving_the_same_answers_changes_nothing(school, draft):
    school.post(url("risk_edit", pk=draft.pk), full_form())
    before = audit_count()
    school.post(url("risk_edit", pk=draft.pk), full_form())
    assert audit_count() == before


def test_the_overall_rating_is_suggested_from_the_highest_hazard(school, draft):
    RiskHazardFactory.create(assessment=draft, hazard=Hazard.TRAVEL, likelihood=5, severity=4)
    page = school.get(url("risk_edit", pk=draft.pk))
    assert on_page(page, "Suggested: high, the highest rating of the hazards as last saved")


def test_a_higher_overall_rating_than_the_hazards_is_allowed(school, draft):
    response = school.post(url("risk_edit", pk=draft.pk), full_form(overall_rating="high"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.overall_rating == "high"


BAD_INPUT = [
    ({"to_self_severity": ""}, "Select the severity for “Risk to self”"),
    ({"to_self_likelihood": ""}, "Select the likelihood for “Risk to self”"),
    (
        {"travel_likelihood": "", "travel_severity": "", "travel_controls": "Taxi with escort"},
        "Select the likelihood for “Travel”",
    ),
    (
        {"to_self_likelihood": "9", "to_self_severity": "1"},
        "Select the likelihood for “Risk to self”",
    ),
    ({"medical_likelihood": "1", "medical_severity": "0"}, "Select the severity for “Medical”"),
    (
        {"to_others_controls": ""},
        "Enter the control measures for “Risk to others”, which is rated medium",
    ),
    (
        {"absconding_likelihood": "4", "absconding_severity": "5"},
        "Enter the control measures for “Absconding”, which is rated high",
    ),
    ({"to_others_owner": ""}, "Enter who owns the control measures for “Risk to others”"),
    (
        {"online_controls": "Filtered devices only"},
        "Enter who owns the control measures for “Online”",
    ),
    (
        {"overall_rating": "low"},
        "The overall rating cannot be lower than the highest hazard rating, medium",
    ),
    ({"overall_rating": "extreme"}, "Select the overall rating"),
    (date_parts("review_on", TODAY), "The review date must be in the future"),
    (
        date_parts("review_on", TODAY - dt.timedelta(days=3)),
        "The review date must be in the future",
    ),
    (
        date_parts("review_on", latest_review_date(TODAY) + dt.timedelta(days=1)),
        "The review date must be no more than 6 months from today",
    ),
    ({"review_on_day": "31", "review_on_month": "2"}, "Review date must be a real date"),
    ({"review_on_year": ""}, "Review date must include a year"),
    ({"site_controls": "x" * 2001}, "must be 2,000 characters or fewer"),
    ({"site_owner": "x" * 121}, "The owner for “Site-specific” must be 120 characters or fewer"),
    ({"summary": "x" * 5001}, "The summary must be 5,000 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_and_writes_nothing(school, draft, overrides, message):
    RiskHazardFactory.create(assessment=draft, hazard=Hazard.ONLINE, likelihood=1, severity=1)
    before = audit_count()
    response = school.post(url("risk_edit", pk=draft.pk), full_form(**overrides))
    assert_govuk_error(response, message)
    assert list(draft.hazards.values_list("hazard", flat=True)) == ["online"]
    saved = RiskAssessment.objects.get(pk=draft.pk)
    assert (saved.overall_rating, saved.summary, saved.review_on) == ("", "", None)
    assert audit_count() == before


def test_a_rejected_page_keeps_what_was_entered(school, draft):
    response = school.post(
        url("risk_edit", pk=draft.pk), full_form(overall_rating="low", summary="Keep me")
    )
    assert response.status_code == 400
    assert "Keep me" in content(response)
    assert "A calm space and a named adult at breaks" in content(response)


# --- Completing --------------------------------------------------------------------------------


def test_an_incomplete_draft_cannot_be_completed(school, draft):
    RiskHazardFactory.create(assessment=draft, hazard=Hazard.ONLINE, likelihood=1, severity=1)
    page = school.get(url("risk_complete", pk=draft.pk))
    assert page.status_code == 200
    assert on_page(page, "You cannot complete this version yet")
    response = school.post(url("risk_complete", pk=draft.pk))
    assert_govuk_error(response, "Score the likelihood and severity for “Medical”")
    assert on_page(response, "Select the overall rating")
    assert on_page(response, "Enter the review date")
    assert not on_page(response, "Score the likelihood and severity for “Online”")
    draft.refresh_from_db()
    assert draft.completed_at is None
    assert audit_count() == 0


def test_a_review_date_that_has_passed_stops_completion(county, staff, school):
    draft = risk_assessment(pupil=county.pupil_a, by=staff)
    RiskAssessment.objects.filter(pk=draft.pk).update(review_on=TODAY)
    response = school.post(url("risk_complete", pk=draft.pk))
    assert_govuk_error(response, "The review date must be in the future")
    draft.refresh_from_db()
    assert draft.completed_at is None


def test_draft_completed_signed_then_read_only(county, school, coordinator, draft):
    response = school.post(url("risk_edit", pk=draft.pk), full_form(complete="yes"))
    assert response["Location"] == url("risk_complete", pk=draft.pk)
    assert draft.hazards.count() == len(Hazard.values)

    response = school.post(url("risk_complete", pk=draft.pk))
    assert response["Location"] == url("risk_detail", pk=draft.pk)
    draft.refresh_from_db()
    assert draft.completed_by == county.memberships["school_a"].user
    assert draft.completed_at is not None
    assert draft.signed_off_at is None
    completed = updates(draft).last()
    assert completed is not None
    assert completed.changes == ["completed_at", "completed_by"]
    assert completed.pupil_id == county.pupil_a.pk
    note = Notification.objects.get(membership=county.memberships["coordinator"])
    assert note.message == "A Standard Risk Assessment is ready for sign-off"
    assert "Osei" not in note.message

    page = coordinator.get(url("risk_detail", pk=draft.pk))
    assert on_page(page, "Completed, awaiting sign-off")
    assert on_page(page, "Sign off version 1")
    assert coordinator.get(url("risk_sign_off", pk=draft.pk)).status_code == 200
    response = coordinator.post(url("risk_sign_off", pk=draft.pk))
    assert response["Location"] == url("risk_detail", pk=draft.pk)
    draft.refresh_from_db()
    assert draft.signed_off_by == county.memberships["coordinator"].user
    assert draft.signed_off_at is not None
    signed = updates(draft).last()
    assert signed is not None
    assert signed.changes == ["signed_off_at", "signed_off_by"]
    assert signed.pupil_id == county.pupil_a.pk
    assert Notification.objects.filter(
        membership=county.memberships["school_a"],
        message="A Standard Risk Assessment has been signed off",
    ).exists()

    # Read-only from now on: every write page sends the user to the version, changing nothing.
    before = audit_count()
    for name in ("risk_edit", "risk_complete", "risk_sign_off"):
        response = coordinator.get(url(name, pk=draft.pk))
        assert response["Location"] == url("risk_detail", pk=draft.pk), name
    response = school.post(url("risk_edit", pk=draft.pk), full_form(summary="Changed"))
    assert response["Location"] == url("risk_detail", pk=draft.pk)
    assert coordinator.post(url("risk_sign_off", pk=draft.pk)).status_code == 302
    assert audit_count() == before
    draft.refresh_from_db()
    assert draft.summary != "Changed"

    page = school.get(url("risk_detail", pk=draft.pk))
    assert on_page(page, "This version has been signed off and cannot be changed")
    assert on_page(page, county.memberships["coordinator"].user.email) or on_page(
        page, county.memberships["coordinator"].user.full_name
    )
    assert not on_page(page, "Continue version 1")
    assert on_page(page, "Review version 1")


def test_changing_a_completed_version_returns_it_to_draft(county, staff, school):
    completed = risk_assessment(pupil=county.pupil_a, by=staff, state="completed")
    page = school.get(url("risk_edit", pk=completed.pk))
    assert on_page(page, "Saving a change returns it to draft")
    school.post(url("risk_edit", pk=completed.pk), full_form())
    completed.refresh_from_db()
    assert (completed.completed_at, completed.completed_by) == (None, None)
    event = AuditEvent.objects.filter(target_id=str(completed.pk)).exclude(verb="view").get()
    assert {"completed_at", "completed_by"} <= set(event.changes)


def test_a_draft_cannot_be_signed_off(county, coordinator, draft):
    response = coordinator.post(url("risk_sign_off", pk=draft.pk))
    assert response["Location"] == url("risk_detail", pk=draft.pk)
    draft.refresh_from_db()
    assert draft.signed_off_at is None


def test_a_version_whose_review_date_has_passed_cannot_be_signed_off(county, staff, coordinator):
    completed = risk_assessment(pupil=county.pupil_a, by=staff, state="completed")
    RiskAssessment.objects.filter(pk=completed.pk).update(review_on=TODAY - dt.timedelta(1))
    response = coordinator.post(url("risk_sign_off", pk=completed.pk))
    assert_govuk_error(response, "The review date has passed")
    completed.refresh_from_db()
    assert completed.signed_off_at is None


@pytest.mark.parametrize("persona", ["school_a", "chair", "la_officer"])
def test_only_the_coordinator_signs_off(county, staff, persona_client, persona):
    completed = risk_assessment(pupil=county.pupil_a, by=staff, state="completed")
    response = persona_client(persona).post(url("risk_sign_off", pk=completed.pk))
    assert response.status_code == 404
    completed.refresh_from_db()
    assert completed.signed_off_at is None


def test_a_coordinator_may_sign_off_what_they_completed(county, coordinator):
    me = county.memberships["coordinator"].user
    completed = risk_assessment(pupil=county.pupil_a, by=me, state="completed")
    assert on_page(
        coordinator.get(url("risk_sign_off", pk=completed.pk)),
        "You completed this version yourself",
    )
    coordinator.post(url("risk_sign_off", pk=completed.pk))
    completed.refresh_from_db()
    assert completed.completed_by == completed.signed_off_by == me
    assert on_page(coordinator.get(url("risk_detail", pk=completed.pk)), "who also completed it")


# --- Reviewing ---------------------------------------------------------------------------------


def test_reviewing_makes_version_2_and_keeps_version_1(county, staff, school):
    first = risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    RiskHazard.objects.filter(assessment=first, hazard=Hazard.TRAVEL).update(
        likelihood=3, severity=4, controls="Escorted taxi", owner="Attendance officer"
    )
    before = list(first.hazards.values_list("hazard", "likelihood", "severity", "controls"))
    assert school.get(url("risk_review", pk=first.pk)).status_code == 200
    response = school.post(url("risk_review", pk=first.pk))
    second = RiskAssessment.objects.get(pupil=county.pupil_a, version=2)
    assert response["Location"] == url("risk_edit", pk=second.pk)
    assert second.previous == first
    assert (second.completed_at, second.signed_off_at, second.review_on) == (None, None, None)
    assert second.overall_rating == first.overall_rating
    copied = list(second.hazards.values_list("hazard", "likelihood", "severity", "controls"))
    assert copied == before
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, target_id=str(second.pk))
    assert event.pupil_id == county.pupil_a.pk

    # Changing version 2 leaves version 1 as it was.
    school.post(url("risk_edit", pk=second.pk), full_form(travel_likelihood="1"))
    first.refresh_from_db()
    assert first.signed_off_at is not None
    assert list(first.hazards.values_list("hazard", "likelihood", "severity", "controls")) == (
        before
    )
    page = school.get(url("risk_list", pupil_pk=county.pupil_a.pk))
    assert on_page(page, "Version 2")
    assert on_page(page, "Version 1")
    assert content(page).index("Version 2") < content(page).index("Version 1")


def test_only_the_newest_signed_version_can_be_reviewed(county, staff, school):
    first = risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    second = risk_assessment(
        pupil=county.pupil_a, by=staff, state="signed", version=2, previous=first
    )
    response = school.post(url("risk_review", pk=first.pk))
    assert response["Location"] == url("risk_detail", pk=first.pk)
    third = risk_assessment(pupil=county.pupil_a, by=staff, version=3, previous=second)
    response = school.post(url("risk_review", pk=second.pk))
    assert response["Location"] == url("risk_edit", pk=third.pk)
    assert RiskAssessment.objects.filter(pupil=county.pupil_a).count() == 3


def test_a_draft_cannot_be_reviewed(school, draft):
    response = school.post(url("risk_review", pk=draft.pk))
    assert response["Location"] == url("risk_edit", pk=draft.pk)
    assert RiskAssessment.objects.count() == 1


# --- The list and the detail ---------------------------------------------------------------------


def test_the_list_shows_each_version_with_its_status(county, staff, school):
    first = risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    risk_assessment(pupil=county.pupil_a, by=staff, version=2, previous=first)
    page = school.get(url("risk_list", pupil_pk=county.pupil_a.pk))
    assert page.status_code == 200
    assert on_page(page, "Draft")
    assert on_page(page, "Signed off")
    assert on_page(page, "Version 2 is in progress")
    assert on_page(page, "Continue version 2")
    view = AuditEvent.objects.get(verb=AuditEvent.Verb.VIEW)
    assert view.pupil_id == county.pupil_a.pk


def test_the_list_offers_to_start_or_review(county, staff, school, persona_client):
    page = school.get(url("risk_list", pupil_pk=county.pupil_a.pk))
    assert on_page(page, "No risk assessment has been started")
    assert on_page(page, "Start a risk assessment")
    assert not on_page(persona_client("chair").get(page.wsgi_request.path), "Start a risk")
    risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    page = school.get(url("risk_list", pupil_pk=county.pupil_a.pk))
    assert on_page(page, "Review the assessment")


def test_the_detail_reads_a_version_and_is_audited(county, staff, persona_client):
    signed = risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    page = persona_client("la_officer").get(url("risk_detail", pk=signed.pk))
    assert page.status_code == 200
    assert on_page(page, "Risk to self")
    assert on_page(page, "2 \N{EN DASH} Unlikely")
    assert not on_page(page, "Review version 1")  # LA officers read only
    view = AuditEvent.objects.get(verb=AuditEvent.Verb.VIEW, target_id=str(signed.pk))
    assert view.pupil_id == county.pupil_a.pk


# --- Scope -------------------------------------------------------------------------------------


def test_another_partnerships_pupil_is_404(county, coordinator):
    other = county.pupil_c_looked_after
    assessment = risk_assessment(pupil=other, by=county.memberships["coordinator"].user)
    for response in (
        coordinator.get(url("risk_list", pupil_pk=other.pk)),
        coordinator.get(url("risk_create", pupil_pk=other.pk)),
        coordinator.post(url("risk_create", pupil_pk=other.pk)),
        coordinator.get(url("risk_detail", pk=assessment.pk)),
        coordinator.post(url("risk_edit", pk=assessment.pk), full_form()),
        coordinator.post(url("risk_complete", pk=assessment.pk)),
    ):
        assert response.status_code == 404
    assert RiskAssessment.objects.filter(pupil=other).count() == 1
    assessment.refresh_from_db()
    assert assessment.completed_at is None
    assert audit_count() == 0


def test_the_virtual_school_reads_its_looked_after_pupils(county, persona_client):
    pupil = county.pupil_c_looked_after
    virtual_school = persona_client("virtual_school")
    assert virtual_school.get(url("risk_list", pupil_pk=pupil.pk)).status_code == 200
    assert virtual_school.post(url("risk_create", pupil_pk=pupil.pk)).status_code == 404


def test_another_schools_staff_get_404(county, staff, persona_client):
    assessment = risk_assessment(pupil=county.pupil_a, by=staff)
    school_b = persona_client("school_b")
    assert school_b.get(url("risk_list", pupil_pk=county.pupil_a.pk)).status_code == 404
    assert school_b.get(url("risk_detail", pk=assessment.pk)).status_code == 404
    assert school_b.post(url("risk_edit", pk=assessment.pk), full_form()).status_code == 404
    assert not assessment.hazards.filter(hazard=Hazard.TO_OTHERS, likelihood=3).exists()


# --- Query counts ------------------------------------------------------------------------------


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_the_list_makes_the_same_number_of_queries_however_many_versions(county, staff, school):
    few = PupilFactory.create(school=county.school_a)
    many = PupilFactory.create(school=county.school_a)
    risk_assessment(pupil=few, by=staff, state="signed")
    previous = None
    for version in range(1, 7):
        state = "signed" if version < 6 else "completed"
        previous = risk_assessment(
            pupil=many, by=staff, state=state, version=version, previous=previous
        )
    small = _queries(school, url("risk_list", pupil_pk=few.pk))
    large = _queries(school, url("risk_list", pupil_pk=many.pk))
    assert small == large


def test_the_detail_makes_the_same_number_of_queries_however_many_hazards(county, staff, school):
    one = risk_assessment(pupil=county.pupil_a, by=staff, scored=False, state="draft")
    RiskHazardFactory.create(assessment=one, hazard=Hazard.ONLINE)
    other = PupilFactory.create(school=county.school_a)
    first = risk_assessment(pupil=other, by=staff, state="signed")
    middle = risk_assessment(pupil=other, by=staff, state="signed", version=2, previous=first)
    risk_assessment(pupil=other, by=staff, version=3, previous=middle)
    assert _queries(school, url("risk_detail", pk=one.pk)) == _queries(
        school, url("risk_detail", pk=middle.pk)
    )
