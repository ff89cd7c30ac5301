"""Subject access export, legal holds and the retention runs: LA officers only (404 to every
other role, and for pupils outside the officer's authority)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.core.downloads import attachment
from inclusion.core.forms import GovukForm, form_status
from inclusion.core.pagination import pagination_links
from inclusion.core.pdf import pdf_attachment
from inclusion.core.submit import submit
from inclusion.privacy import presenters, selectors, services
from inclusion.privacy.export import subject_access_data
from inclusion.privacy.forms import LegalHoldForm
from inclusion.pupils.models import Pupil
from inclusion.pupils.services import pupil_viewed

RUNS_PAGE_SIZE = 20
Export = dict[str, Any]


@require_GET
@requires("privacy.export_pupil")
def subject_access(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = selectors.pupil_for_subject_access(membership=membership, pk=pk)
    pupil_viewed(actor=user, membership=membership, pupil=pupil)
    data = subject_access_data(pupil=pupil)
    return render(
        request,
        "privacy/subject_access.html",
        {
            "title": "Subject access export",
            "pupil": pupil,
            "groups": presenters.export_summary(data),
            "total": data["total_records"],
            "hold": selectors.open_hold(pupil=pupil),
            "holds": selectors.holds_of(pupil=pupil),
        },
    )


def _exported(request: HttpRequest, pk: uuid.UUID, file_format: str) -> tuple[Pupil, Export]:
    """The pupil (in the officer's authority, else 404) and all held about them, audited as
    exported in ``file_format``."""
    user, membership = actor_of(request)
    pupil = selectors.pupil_for_subject_access(membership=membership, pk=pk)
    data = subject_access_data(pupil=pupil)
    services.subject_access_exported(
        actor=user, membership=membership, pupil=pupil, file_format=file_format
    )
    return pupil, data


@require_GET
@requires("privacy.export_pupil")
def subject_access_json(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pupil, data = _exported(request, pk, "json")
    content = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).encode()
    return attachment("application/json", f"subject-access-{pupil.pk}.json", content)


@require_GET
@requires("privacy.export_pupil")
def subject_access_pdf(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pupil, data = _exported(request, pk, "pdf")
    html = render_to_string(
        "privacy/subject_access_pdf.html",
        {
            "title": "Subject access export",
            "pupil": pupil,
            "data": data,
            "groups": data["record_types"],
            "made_on": timezone.localdate(),
        },
    )
    return pdf_attachment(html, f"subject-access-{pupil.pk}.pdf")


@require_http_methods(["GET", "POST"])
@requires("privacy.manage_legal_hold")
def legal_hold_place(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = selectors.pupil_for_subject_access(membership=membership, pk=pk)
    form = LegalHoldForm(request.POST if request.method == "POST" else None)
    done = submit(
        request,
        form,
        lambda: services.legal_hold_place(
            actor=user, membership=membership, pupil=pupil, reason=form.cleaned_data["reason"]
        ),
        done="The legal hold has been placed: the retention job will not touch these records",
        then=lambda _: redirect("privacy:subject_access", pk=pupil.pk),
    )
    if done is not None:
        return done
    return render(
        request,
        "privacy/hold_form.html",
        {
            "title": "Place a legal hold",
            "pupil": pupil,
            "form": form,
            "button": "Place the legal hold",
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("privacy.manage_legal_hold")
def legal_hold_lift(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = selectors.pupil_for_subject_access(membership=membership, pk=pk)
    form = GovukForm(request.POST if request.method == "POST" else None)
    done = submit(
        request,
        form,
        lambda: services.legal_hold_lift(actor=user, membership=membership, pupil=pupil),
        done="The legal hold has been lifted",
        then=lambda _: redirect("privacy:subject_access", pk=pupil.pk),
    )
    if done is not None:
        return done
    return render(
        request,
        "privacy/hold_form.html",
        {
            "title": "Lift the legal hold",
            "pupil": pupil,
            "form": form,
            "hold": selectors.open_hold(pupil=pupil),
            "button": "Lift the legal hold",
        },
        status=form_status(form),
    )


@require_GET
@requires("privacy.view_retention")
def retention_runs(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    runs = selectors.runs_for(membership=membership)
    page = Paginator(runs, RUNS_PAGE_SIZE).get_page(request.GET.get("page"))
    last = selectors.last_dry_run(membership=membership)
    return render(
        request,
        "privacy/retention.html",
        {
            "title": "Retention runs",
            "page": page,
            "pagination": pagination_links(request, page),
            "last_dry_run": last,
            "last_report": presenters.report_rows(last) if last else [],
        },
    )
