"""Factories for Standard Risk Assessments: drafts, completed, signed-off versions (fictional)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from inclusion.accounts.models import User
from inclusion.placements.models import Hazard, RiskAssessment, RiskHazard
from inclusion.pupils.models import Pupil
from tests.factories import PupilFactory, UserFactory


class RiskAssessmentFactory(factory.django.DjangoModelFactory[RiskAssessment]):
    class Meta:
        model = RiskAssessment

    pupil = factory.SubFactory(PupilFactory)
    version = 1
    created_by = factory.SubFactory(UserFactory)


class RiskHazardFactory(factory.django.DjangoModelFactory[RiskHazard]):
    class Meta:
        model = RiskHazard

    assessment = factory.SubFactory(RiskAssessmentFactory)
    hazard = Hazard.TO_SELF
    likelihood = 1
    severity = 1
    controls = ""
    owner = ""


def score_every_hazard(
    assessment: RiskAssessment, *, likelihood: int = 2, severity: int = 2
) -> list[RiskHazard]:
    """A row for every hazard; control measures and an owner where the rating needs them."""
    controls = "Key worker checks in each morning" if likelihood * severity > 4 else ""
    return [
        RiskHazardFactory.create(
            assessment=assessment,
            hazard=value,
            likelihood=likelihood,
            severity=severity,
            controls=controls,
            owner="Designated safeguarding lead" if controls else "",
        )
        for value in Hazard.values
    ]


def risk_assessment(
    *,
    pupil: Pupil,
    by: User,
    state: str = "draft",
    version: int = 1,
    previous: RiskAssessment | None = None,
    review_on: dt.date | None = None,
    signed_by: User | None = None,
    scored: bool = True,
) -> RiskAssessment:
    """A version in ``state`` "draft", "completed" or "signed", every hazard scored 2 by 2
    (low) unless ``scored`` is false. A signed version's review date defaults to 90 days on."""
    today = timezone.localdate()
    assessment = RiskAssessmentFactory.create(
        pupil=pupil,
        version=version,
        previous=previous,
        created_by=by,
        overall_rating=RiskAssessment.Rating.LOW if scored else "",
        review_on=review_on or (today + dt.timedelta(days=90) if scored else None),
    )
    if scored:
        score_every_hazard(assessment)
    if state in ("completed", "signed"):
        assessment.completed_by = by
        assessment.completed_at = timezone.now()
    if state == "signed":
        assessment.signed_off_by = signed_by or by
        assessment.signed_off_at = timezone.now()
    assessment.save()
    return assessment
