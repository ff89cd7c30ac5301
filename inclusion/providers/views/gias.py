"""The GIAS import in the app, for LA officers: upload the file, follow the background job,
and decide what to do when the check finds errors."""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inclusion.accounts.access import actor_of, requires
from inclusion.core.forms import form_status
from inclusion.providers.forms.gias import GiasDecisionForm, GiasUploadForm
from inclusion.providers.models import GiasImport
from inclusion.providers.services import gias as services

RECENT_IMPORTS = 10
SHOWN_ERRORS = 100

_TAGS = {
    GiasImport.Status.QUEUED: "govuk-tag--grey",
    GiasImport.Status.CHECKING: "govuk-tag--blue",
    GiasImport.Status.NEEDS_DECISION: "govuk-tag--orange",
    GiasImport.Status.IMPORTING: "govuk-tag--blue",
    GiasImport.Status.DONE: "govuk-tag--green",
    GiasImport.Status.FAILED: "govuk-tag--red",
    GiasImport.Status.CANCELLED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class GiasJobPresenter:
    """What the pages show of an import (display only)."""

    job: GiasImport
    now: dt.datetime

    @property
    def stalled(self) -> bool:
        return services.has_stalled(self.job, self.now)

    @property
    def running(self) -> bool:
        return self.job.status in services.RUNNING and not self.stalled

    @property
    def status_label(self) -> str:
        return "Stopped" if self.stalled else self.job.get_status_display()

    @property
    def tag_class(self) -> str:
        return "govuk-tag--red" if self.stalled else _TAGS[GiasImport.Status(self.job.status)]

    @property
    def progress_text(self) -> str:
        job = self.job
        if job.status == GiasImport.Status.QUEUED:
            return "Waiting to start"
        if job.status == GiasImport.Status.IMPORTING:
            return f"Checked all {job.total_rows:,} rows. Saving the schools and providers"
        if not job.total_rows:
            return "Counting the rows"
        return f"Checked {job.processed_rows:,} of {job.total_rows:,} rows"

    @property
    def total_rows_text(self) -> str:
        return f"{self.job.total_rows:,}"

    @property
    def progress_value(self) -> int:
        return min(self.job.processed_rows, self.job.total_rows)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.job.errors[:SHOWN_ERRORS])

    @property
    def error_count(self) -> int:
        return len(self.job.errors)

    @property
    def error_rows(self) -> int:
        return len({error["row"] for error in self.job.errors})

    @property
    def more_errors(self) -> bool:
        return self.error_count > SHOWN_ERRORS


def _job_page(
    request: HttpRequest, job: GiasImport, form: GiasDecisionForm | None = None, status: int = 200
) -> HttpResponse:
    page = GiasJobPresenter(job, timezone.now())
    return render(
        request,
        "providers/gias/job.html",
        {
            "title": f"Import of {job.file_name}",
            "job": page,
            "form": form,
            "auto_refresh": page.running and request.GET.get("auto") == "1",
            "shown_errors": SHOWN_ERRORS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires("providers.import_gias")
def gias_upload(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    if request.method == "POST":
        form = GiasUploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = services.gias_upload(
                actor=user, membership=membership, upload=form.cleaned_data["file"]
            )
            return redirect("providers:gias_job", pk=job.pk)
    else:
        form = GiasUploadForm()
    now = timezone.now()
    recent = services.gias_imports_for(membership=membership)[:RECENT_IMPORTS]
    return render(
        request,
        "providers/gias/upload.html",
        {
            "title": "Import schools and alternative provision from GIAS",
            "form": form,
            "authority": services.configured_authority(),
            "la_code": services.configured_la_code(),
            "imports": [GiasJobPresenter(job, now) for job in recent],
        },
        status=form_status(form),
    )


@require_GET
@requires("providers.import_gias")
def gias_job(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    return _job_page(request, services.access_gias_import(membership=membership, pk=pk))


@requires("providers.import_gias")
@require_POST
def gias_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    job = services.access_gias_import(membership=membership, pk=pk)
    form = GiasDecisionForm(request.POST)
    if not form.is_valid():
        return _job_page(request, job, form, status=400)
    # Decided already (a second click, or another officer): the job page shows the outcome.
    with suppress(services.AlreadyDecidedError):
        services.gias_decide(
            actor=user, membership=membership, job=job, import_valid_rows=form.import_valid_rows
        )
    return redirect("providers:gias_job", pk=job.pk)


urlpatterns = [
    path("gias/", gias_upload, name="gias_upload"),
    path("gias/<uuid:pk>/", gias_job, name="gias_job"),
    path("gias/<uuid:pk>/decide/", gias_decide, name="gias_decide"),
]
