"""Standard Risk Assessment pages: a pupil's versions, starting one, the assessment itself
(saved as a draft as you go), completing it, the co-ordinator's sign-off, reviewing it (the next
version) and reading any version.

Whoever may see the pupil and passes ``placements.view_risk_assessment`` reads them; school
staff and co-ordinators write them; the co-ordinator of the pupil's partnership signs them off.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core.forms import form_status
from inclusion.placements.forms.risk import ConfirmForm, RiskAssessmentForm
from inclusion.placements.models import Hazard, RiskAssessment
from inclusion.placements.presenters import risk as present
from inclusion.placements.selectors.risk import (
    access_pupil_for_risk,
    access_risk_assessment,
    newest_version,
    pupil_with_assessments,
)
from inclusion.placements.services import risk as services

VIEW = "placements.view_risk_assessment"
COMPLETE = "placements.complete_risk_assessment"
SIGN_OFF = "placements.sign_off_risk_assessment"


def _bands() -> dict[str, object]:
    return {
        "bands": present.band_rows(),
        "matrix": present.rating_matrix(),
        "severities": present.severity_headings(),
    }


def _to_open(request: HttpRequest, assessment: RiskAssessment) -> HttpResponse:
    """Send the user to the version already in progress."""
    messages.info(request, f"Version {assessment.version} is already in progress")
    if assessment.completed_at is None:
        return redirect("placements:risk_edit", pk=assessment.pk)
    return redirect("placements:risk_detail", pk=assessment.pk)


def _to_detail(request: HttpRequest, assessment: RiskAssessment, message: str) -> HttpResponse:
    messages.info(request, message)
    return redirect("placements:risk_detail", pk=assessment.pk)


@require_GET
@requires(VIEW)
def risk_list(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil, versions = pupil_with_assessments(membership=membership, pupil_pk=pupil_pk)
    services.risk_assessment_viewed(actor=user, membership=membership, pupil=pupil)
    newest = versions[0] if versions else None
    can_write = can(membership, COMPLETE)
    return render(
        request,
        "placements/risk/list.html",
        {
            "title": f"Standard Risk Assessment: {pupil.display_name}",
            "pupil": pupil,
            "rows": present.version_rows(versions, timezone.localdate()),
            "newest": newest,
            "in_progress": newest if newest and newest.signed_off_at is None else None,
            "can_start": can_write and (newest is None or newest.signed_off_at is not None),
            "can_continue": can_write,
        },
    )


@require_http_methods(["GET", "POST"])
@requires(COMPLETE)
def risk_create(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = access_pupil_for_risk(membership=membership, pupil_pk=pupil_pk)
    newest = newest_version(pupil=pupil)
    if newest is not None and newest.signed_off_at is None:
        return _to_open(request, newest)
    if request.method == "POST":
        try:
            assessment = services.risk_assessment_start(
                actor=user, membership=membership, pupil=pupil
            )
        except services.RiskAssessmentOpenError as error:
            if error.open_version is None:
                raise
            return _to_open(request, error.open_version)
        messages.success(request, f"Version {assessment.version} has been started")
        return redirect("placements:risk_edit", pk=assessment.pk)
    return render(
        request,
        "placements/risk/start.html",
        {
            "title": "Start a risk assessment",
            "pupil": pupil,
            "newest": newest,
            "hazards": Hazard.choices,
        },
    )


def _saved(request: HttpRequest, assessment: RiskAssessment, changed: list[str]) -> HttpResponse:
    if "complete" in request.POST:
        return redirect("placements:risk_complete", pk=assessment.pk)
    if "completed_at" in changed:
        messages.info(request, "Your changes have been saved. Complete the assessment again")
    elif changed:
        messages.success(request, "Your draft has been saved")
    else:
        messages.info(request, "There were no changes to save")
    return redirect("placements:risk_edit", pk=assessment.pk)


@require_http_methods(["GET", "POST"])
@requires(COMPLETE)
def risk_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    assessment = access_risk_assessment(membership=membership, pk=pk)
    if assessment.signed_off_at is not None:
        return _to_detail(request, assessment, "A signed-off version cannot be changed")
    today = timezone.localdate()
    posted = request.method == "POST"
    form = RiskAssessmentForm(request.POST if posted else None, assessment=assessment, today=today)
    if posted and form.is_valid():
        try:
            changed = services.risk_assessment_save(
                actor=user,
                membership=membership,
                assessment=assessment,
                details=form.details(),
                today=today,
            )
            return _saved(request, assessment, changed)
        except services.RiskAssessmentLockedError as error:
            return _to_detail(request, assessment, error.problems[0])
        except services.RiskAssessmentInvalidError as error:
            form.add_error(None, error.problems)
    if not posted:
        services.risk_assessment_viewed(
            actor=user, membership=membership, pupil=assessment.pupil, assessment=assessment
        )
    return render(
        request,
        "placements/risk/edit.html",
        {
            "title": f"Risk assessment, version {assessment.version}",
            "assessment": assessment,
            "pupil": assessment.pupil,
            "form": form,
            "rows": present.edit_rows(form.hazard_fields()),
            **_bands(),
        },
        status=form_status(form),
    )


def _confirm_page(
    request: HttpRequest,
    template: str,
    assessment: RiskAssessment,
    form: ConfirmForm,
    **context: object,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "assessment": assessment,
            "pupil": assessment.pupil,
            "form": form,
            "hazards": present.hazard_rows(assessment),
            "overall": present.rating_tag(assessment.overall_rating),
            **context,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires(COMPLETE)
def risk_complete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    assessment = access_risk_assessment(membership=membership, pk=pk)
    if assessment.completed_at is not None:
        return _to_detail(request, assessment, "This version has already been completed")
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.risk_assessment_complete(
                actor=user, membership=membership, assessment=assessment
            )
            messages.success(
                request,
                f"Version {assessment.version} has been completed. The partnership "
                "co-ordinator has been asked to sign it off",
            )
            return redirect("placements:risk_detail", pk=assessment.pk)
        except services.RiskAssessmentError as error:
            form.add_problems(error.problems)
    return _confirm_page(
        request,
        "placements/risk/complete.html",
        assessment,
        form,
        title=f"Complete version {assessment.version} of the risk assessment",
        problems=services.completion_problems(assessment, timezone.localdate()),
    )


@require_http_methods(["GET", "POST"])
@requires(SIGN_OFF)
def risk_sign_off(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    assessment = access_risk_assessment(membership=membership, pk=pk)
    if assessment.signed_off_at is not None:
        return _to_detail(request, assessment, "This version has already been signed off")
    if assessment.completed_at is None:
        return _to_detail(
            request, assessment, "This version must be completed before it can be signed off"
        )
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.risk_assessment_sign_off(
                actor=user, membership=membership, assessment=assessment
            )
            messages.success(request, f"Version {assessment.version} has been signed off")
            return redirect("placements:risk_detail", pk=assessment.pk)
        except services.RiskAssessmentError as error:
            form.add_problems(error.problems)
    return _confirm_page(
        request,
        "placements/risk/sign_off.html",
        assessment,
        form,
        title=f"Sign off version {assessment.version} of the risk assessment",
        completed_by_you=assessment.completed_by_id == user.pk,
        problems=services.sign_off_problems(assessment, timezone.localdate()),
    )


@require_http_methods(["GET", "POST"])
@requires(COMPLETE)
def risk_review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    assessment = access_risk_assessment(membership=membership, pk=pk)
    newest = newest_version(pupil=assessment.pupil)
    if newest is not None and newest.signed_off_at is None:
        return _to_open(request, newest)
    if problems := services.review_problems(assessment, newest):
        return _to_detail(request, assessment, problems[0])
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            following = services.risk_assessment_review(
                actor=user, membership=membership, assessment=assessment
            )
            messages.success(
                request,
                f"Version {following.version} has been started from version "
                f"{assessment.version}. Check every hazard and set a new review date",
            )
            return redirect("placements:risk_edit", pk=following.pk)
        except services.RiskAssessmentOpenError as error:
            if error.open_version is None:
                raise
            return _to_open(request, error.open_version)
        except services.RiskAssessmentError as error:
            form.add_problems(error.problems)
    return _confirm_page(
        request,
        "placements/risk/review.html",
        assessment,
        form,
        title=f"Review version {assessment.version} of the risk assessment",
    )


@require_GET
@requires(VIEW)
def risk_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    assessment = access_risk_assessment(membership=membership, pk=pk)
    services.risk_assessment_viewed(
        actor=user, membership=membership, pupil=assessment.pupil, assessment=assessment
    )
    today = timezone.localdate()
    superseded = bool(getattr(assessment, "superseded", False))
    following = getattr(assessment, "next_version", None)
    can_write = can(membership, COMPLETE)
    signed = assessment.signed_off_at is not None
    return render(
        request,
        "placements/risk/detail.html",
        {
            "title": f"Risk assessment, version {assessment.version}",
            "assessment": assessment,
            "pupil": assessment.pupil,
            "status": present.status_of(assessment, today, superseded=superseded),
            "overall": present.rating_tag(assessment.overall_rating),
            "hazards": present.hazard_rows(assessment),
            "following": following,
            "can_edit": can_write and not signed,
            "can_sign_off": assessment.completed_at is not None
            and not signed
            and services.may_sign_off(membership, assessment),
            "can_review": can_write and signed and following is None,
            "completed_by_signer": signed
            and assessment.completed_by_id == assessment.signed_off_by_id,
            **_bands(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("pupils/<uuid:pupil_pk>/risk/", risk_list, name="risk_list"),
    path("pupils/<uuid:pupil_pk>/risk/new/", risk_create, name="risk_create"),
    path("risk/<uuid:pk>/", risk_detail, name="risk_detail"),
    path("risk/<uuid:pk>/edit/", risk_edit, name="risk_edit"),
    path("risk/<uuid:pk>/complete/", risk_complete, name="risk_complete"),
    path("risk/<uuid:pk>/sign-off/", risk_sign_off, name="risk_sign_off"),
    path("risk/<uuid:pk>/review/", risk_review, name="risk_review"),
]
