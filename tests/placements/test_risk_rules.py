"""The Standard Risk Assessment's rules without pages: rating bands, review dates, the
assessment in force (``current_signed_assessment``) and the services' own guards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.placements.models import Hazard, RiskAssessment, RiskHazard
from inclusion.placements.presenters.risk import (
    AWAITING_SIGN_OFF,
    DRAFT,
    REVIEW_DUE,
    REVIEW_OVERDUE,
    SIGNED_OFF,
    SUPERSEDED,
    rating_matrix,
    version_rows,
)
from inclusion.placements.selectors.risk import current_signed_assessment
from inclusion.placements.services import risk as services
from inclusion.placements.services.risk import (
    BANDS,
    AssessmentDetails,
    HazardDetails,
    band_for,
    highest_band,
    latest_review_date,
    lower_than,
    review_date_problem,
)
from tests.placements.factories_risk import risk_assessment

Rating = RiskAssessment.Rating
TODAY = timezone.localdate()


# --- Bands ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "severity", "rating"),
    [
        (1, 1, Rating.LOW),
        (2, 2, Rating.LOW),
        (1, 4, Rating.LOW),
        (1, 5, Rating.MEDIUM),
        (2, 3, Rating.MEDIUM),
        (3, 4, Rating.MEDIUM),
        (3, 5, Rating.HIGH),
        (4, 4, Rating.HIGH),
        (5, 5, Rating.HIGH),
    ],
)
def test_likelihood_times_severity_is_banded(likelihood, severity, rating):
    assert band_for(likelihood * severity) == rating


def test_the_bands_cover_every_possible_score_once():
    possible = {a * b for a in range(1, 6) for b in range(1, 6)}
    for score in possible:
        matching = [band for band in BANDS if band.lowest <= score <= band.highest]
        assert len(matching) == 1, score
    assert [(b.lowest, b.highest) for b in BANDS] == [(1, 4), (5, 12), (15, 25)]


@pytest.mark.parametrize("score", [0, 13, 14, 26])
def test_impossible_scores_have_no_band(score):
    with pytest.raises(ValueError, match="not a possible risk score"):
        band_for(score)


def test_the_matrix_shows_every_cell_in_its_band():
    matrix = rating_matrix()
    assert [row.likelihood[0] for row in matrix] == ["5", "4", "3", "2", "1"]
    assert [cell.score for cell in matrix[0].cells] == [5, 10, 15, 20, 25]
    assert [cell.rating.label for cell in matrix[0].cells] == [
        "Medium",
        "Medium",
        "High",
        "High",
        "High",
    ]


def test_the_highest_band_and_the_overall_floor():
    assert highest_band([]) is None
    assert highest_band([1, 6, 4]) == Rating.MEDIUM
    assert highest_band([25, 1]) == Rating.HIGH
    assert lower_than("low", Rating.MEDIUM)
    assert not lower_than("high", Rating.MEDIUM)
    assert not lower_than("medium", Rating.MEDIUM)
    assert not lower_than("low", None)


# --- Review dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 9, 2)),
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 10, 15), dt.date(2027, 4, 15)),
    ],
)
def test_a_review_date_is_at_most_six_months_ahead(today, latest):
    assert latest_review_date(today) == latest
    assert review_date_problem(latest, today) is None
    assert review_date_problem(latest + dt.timedelta(days=1), today) == (
        "The review date must be no more than 6 months from today"
    )


def test_a_review_date_is_in_the_future():
    day = dt.date(2026, 3, 2)
    assert review_date_problem(day, day) == "The review date must be in the future"
    assert review_date_problem(day - dt.timedelta(days=1), day) is not None
    assert review_date_problem(day + dt.timedelta(days=1), day) is None


# --- The assessment in force -----------------------------------------------------------------


@pytest.fixture
def staff(county):
    return county.memberships["school_a"].user


def test_no_assessment_means_none_in_force(county):
    assert current_signed_assessment(pupil=county.pupil_a, on=TODAY) is None


@pytest.mark.parametrize("state", ["draft", "completed"])
def test_an_unsigned_version_is_not_in_force(county, staff, state):
    risk_assessment(pupil=county.pupil_a, by=staff, state=state)
    assert current_signed_assessment(pupil=county.pupil_a, on=TODAY) is None


def test_a_signed_version_is_in_force_until_its_review_date(county, staff):
    review_on = TODAY + dt.timedelta(days=30)
    signed = risk_assessment(pupil=county.pupil_a, by=staff, state="signed", review_on=review_on)
    assert current_signed_assessment(pupil=county.pupil_a, on=TODAY) == signed
    assert current_signed_assessment(pupil=county.pupil_a, on=review_on) == signed
    assert current_signed_assessment(pupil=county.pupil_a, on=review_on + dt.timedelta(1)) is None


def test_an_expired_review_date_means_none_in_force(county, staff):
    signed = risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    RiskAssessment.objects.filter(pk=signed.pk).update(review_on=TODAY - dt.timedelta(days=1))
    assert current_signed_assessment(pupil=county.pupil_a, on=TODAY) is None


def test_a_newer_draft_does_not_hide_the_older_signed_version(county, staff):
    first = risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    risk_assessment(pupil=county.pupil_a, by=staff, version=2, previous=first)
    risk_assessment(pupil=county.pupil_b, by=staff, state="signed")  # another pupil's
    assert current_signed_assessment(pupil=county.pupil_a, on=TODAY) == first


def test_a_newer_signed_version_replaces_the_older(county, staff):
    first = risk_assessment(
        pupil=county.pupil_a, by=staff, state="signed", review_on=TODAY + dt.timedelta(days=150)
    )
    second = risk_assessment(
        pupil=county.pupil_a,
        by=staff,
        state="signed",
        version=2,
        previous=first,
        review_on=TODAY + dt.timedelta(days=20),
    )
    assert current_signed_assessment(pupil=county.pupil_a, on=TODAY) == second
    # Once the newer one's review date passes, the superseded one does not come back.
    later = TODAY + dt.timedelta(days=21)
    assert current_signed_assessment(pupil=county.pupil_a, on=later) is None


def test_current_signed_assessment_is_one_query(county, staff, django_assert_num_queries):
    risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    with django_assert_num_queries(1):
        current_signed_assessment(pupil=county.pupil_a, on=TODAY)


# --- Statuses ---------------------------------------------------------------------------------


def test_each_version_has_a_status(county, staff):
    pupil = county.pupil_a
    v1 = risk_assessment(pupil=pupil, by=staff, state="signed")
    v2 = risk_assessment(pupil=pupil, by=staff, state="signed", version=2, previous=v1)
    v3 = risk_assessment(pupil=pupil, by=staff, state="completed", version=3, previous=v2)
    v4 = risk_assessment(pupil=pupil, by=staff, version=4, previous=v3)
    rows = version_rows([v4, v3, v2, v1], TODAY)
    assert [row.status for row in rows] == [DRAFT, AWAITING_SIGN_OFF, SIGNED_OFF, SUPERSEDED]
    v2.review_on = TODAY + dt.timedelta(days=10)
    assert version_rows([v2], TODAY)[0].status == REVIEW_DUE
    v2.review_on = TODAY - dt.timedelta(days=1)
    assert version_rows([v2], TODAY)[0].status == REVIEW_OVERDUE


# --- The services' own guards ---------------------------------------------------------------------


def test_the_save_service_refuses_details_that_break_the_rules(county, staff):
    membership = county.memberships["school_a"]
    draft = risk_assessment(pupil=county.pupil_a, by=staff, scored=False)
    bad = AssessmentDetails(
        hazards=[HazardDetails(Hazard.TO_SELF, 4, 4)], overall_rating="low", review_on=TODAY
    )
    with pytest.raises(services.RiskAssessmentInvalidError) as raised:
        services.risk_assessment_save(
            actor=staff, membership=membership, assessment=draft, details=bad
        )
    assert "Enter the control measures for “Risk to self”, which is rated high" in (
        raised.value.problems
    )
    assert not RiskHazard.objects.exists()
    assert not AuditEvent.objects.filter(target_id=str(draft.pk)).exists()


def test_a_hazard_cannot_be_scored_twice(county, staff):
    draft = risk_assessment(pupil=county.pupil_a, by=staff, scored=False)
    twice = AssessmentDetails(
        hazards=[HazardDetails(Hazard.ONLINE, 1, 1), HazardDetails(Hazard.ONLINE, 2, 1)]
    )
    with pytest.raises(services.RiskAssessmentInvalidError):
        services.risk_assessment_save(
            actor=staff,
            membership=county.memberships["school_a"],
            assessment=draft,
            details=twice,
        )


def test_only_school_staff_and_coordinators_write(county, staff):
    draft = risk_assessment(pupil=county.pupil_a, by=staff)
    for persona in ("chair", "la_officer", "virtual_school", "provider"):
        with pytest.raises(services.RiskAssessmentNotAllowedError):
            services.risk_assessment_complete(
                actor=staff, membership=county.memberships[persona], assessment=draft
            )
    draft.refresh_from_db()
    assert draft.completed_at is None


def test_only_the_coordinator_of_the_pupils_partnership_signs_off(county, staff):
    from inclusion.accounts.models import Role
    from tests.factories import MembershipFactory, UserFactory

    completed = risk_assessment(pupil=county.pupil_a, by=staff, state="completed")
    elsewhere = MembershipFactory.create(
        user=UserFactory.create(email="other-coordinator@example.org"),
        role=Role.COORDINATOR,
        partnership=county.other_partnership,
    )
    for membership in (elsewhere, county.memberships["school_a"], county.memberships["chair"]):
        with pytest.raises(services.RiskAssessmentNotAllowedError):
            services.risk_assessment_sign_off(
                actor=membership.user, membership=membership, assessment=completed
            )
    completed.refresh_from_db()
    assert completed.signed_off_at is None


def test_completing_twice_is_refused(county, staff):
    membership = county.memberships["school_a"]
    draft = risk_assessment(pupil=county.pupil_a, by=staff)
    services.risk_assessment_complete(actor=staff, membership=membership, assessment=draft)
    with pytest.raises(services.RiskAssessmentInvalidError, match="already been completed"):
        services.risk_assessment_complete(actor=staff, membership=membership, assessment=draft)
    assert AuditEvent.objects.filter(target_id=str(draft.pk), verb="update").count() == 1


def test_a_signed_version_cannot_be_saved(county, staff):
    signed = risk_assessment(pupil=county.pupil_a, by=staff, state="signed")
    with pytest.raises(services.RiskAssessmentLockedError):
        services.risk_assessment_save(
            actor=staff,
            membership=county.memberships["school_a"],
            assessment=signed,
            details=AssessmentDetails(hazards=[]),
        )
    assert signed.hazards.count() == len(Hazard.values)


def test_starting_while_a_version_is_open_is_refused(county, staff):
    membership = county.memberships["school_a"]
    open_version = risk_assessment(pupil=county.pupil_a, by=staff, state="completed")
    with pytest.raises(services.RiskAssessmentOpenError) as raised:
        services.risk_assessment_start(actor=staff, membership=membership, pupil=county.pupil_a)
    assert raised.value.open_version == open_version
    assert RiskAssessment.objects.filter(pupil=county.pupil_a).count() == 1
