"""Reads of pupils' Standard Risk Assessments, scoped to the acting membership (DESIGN.md §5).

An assessment is seen by whoever may see its pupil and passes
``placements.view_risk_assessment``; anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.placements.models import RiskAssessment
from inclusion.pupils.models import Pupil
from inclusion.pupils.selectors import access_pupil, pupils_visible_to

VIEW_RULE = "placements.view_risk_assessment"
_PEOPLE = ("created_by", "completed_by", "signed_off_by")


def _check_rule(membership: Membership | None) -> None:
    if not can(membership, VIEW_RULE):
        raise Http404


def versions_of(pupil: Pupil) -> QuerySet[RiskAssessment]:
    """A pupil's versions, newest first, with who created, completed and signed each."""
    return RiskAssessment.objects.filter(pupil=pupil).select_related(*_PEOPLE).order_by("-version")


def pupil_with_assessments(
    *, membership: Membership | None, pupil_pk: uuid.UUID
) -> tuple[Pupil, list[RiskAssessment]]:
    """The pupil (404 outside scope) and every version of their assessment, newest first."""
    _check_rule(membership)
    pupil = access_pupil(membership=membership, pk=pupil_pk)
    return pupil, list(versions_of(pupil))


def access_pupil_for_risk(*, membership: Membership | None, pupil_pk: uuid.UUID) -> Pupil:
    _check_rule(membership)
    return access_pupil(membership=membership, pk=pupil_pk)


def access_risk_assessment(*, membership: Membership | None, pk: uuid.UUID) -> RiskAssessment:
    """One version with its hazards, the versions either side and whether a newer version has
    been signed off (``superseded``); 404 outside scope."""
    _check_rule(membership)
    newer_signed = RiskAssessment.objects.filter(
        pupil=OuterRef("pupil"), version__gt=OuterRef("version"), signed_off_at__isnull=False
    )
    assessment = (
        RiskAssessment.objects.filter(pupil__in=pupils_visible_to(membership=membership), pk=pk)
        .select_related("pupil__school", "previous", "next_version", *_PEOPLE)
        .prefetch_related("hazards")
        .annotate(superseded=Exists(newer_signed))
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def newest_version(*, pupil: Pupil) -> RiskAssessment | None:
    """The pupil's newest version: the open one, if a version is in progress."""
    return RiskAssessment.objects.filter(pupil=pupil).order_by("-version").first()


def current_signed_assessment(*, pupil: Pupil, on: dt.date) -> RiskAssessment | None:
    """The assessment in force on ``on``: the latest signed-off version, if its review date is
    on or after ``on``. A newer draft does not hide it; a newer signed version replaces it, so
    an older signed version never comes back into force when the newer one expires."""
    latest = (
        RiskAssessment.objects.filter(pupil=pupil, signed_off_at__isnull=False)
        .order_by("-version")
        .first()
    )
    if latest is None or latest.review_on is None or latest.review_on < on:
        return None
    return latest
