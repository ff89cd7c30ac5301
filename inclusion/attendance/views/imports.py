"""Uploading marks from a spreadsheet (issue 6, part 7). Provider staff only
(``attendance.mark_register``):

- ``attendance:import``: what the file needs, and the upload. A file with any wrong row is
  refused as a whole with the errors by row (400) and nothing is saved; otherwise the marks are
  saved as the register saves them and the page goes back to the register.
- ``attendance:import_template_csv``: the CSV template, a row for each session the provider's
  pupils are expected at in a week (``?week=YYYY-MM-DD``, default this week).
"""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.attendance.forms.imports import MAX_ROWS, MarksImportForm
from inclusion.attendance.presenters.imports import saved_message, template_rows
from inclusion.attendance.selectors.register import (
    monday_of,
    provider_codes,
    register_for,
    week_of,
)
from inclusion.attendance.services import imports as services
from inclusion.attendance.services.marks import local_now
from inclusion.core.downloads import attachment
from inclusion.core.forms import form_status

SHOWN_ERRORS = 500


@require_http_methods(["GET", "POST"])
@requires("attendance.mark_register")
def import_marks(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    posted = request.method == "POST"
    form = MarksImportForm(request.POST, request.FILES) if posted else MarksImportForm()
    errors: list[services.RowError] = []
    if posted and form.is_valid():
        try:
            saved = services.marks_import(
                actor=user,
                membership=membership,
                rows=form.rows,
                changed_reason=form.cleaned_data["changed_reason"],
                now=local_now(),
            )
        except services.ImportInvalidError as error:
            errors = error.errors
            form.refuse(rows_with_errors=len({e.row for e in errors}), reason=error.reason)
        else:
            messages.success(request, saved_message(saved))
            return redirect("attendance:register")
    today = timezone.localdate()
    this_week = monday_of(today)
    return render(
        request,
        "attendance/import.html",
        {
            "title": "Upload marks from a spreadsheet",
            "form": form,
            "row_errors": errors[:SHOWN_ERRORS],
            "error_count": len(errors),
            "shown_errors": SHOWN_ERRORS,
            "codes": provider_codes([today])[today].values(),
            "max_rows": f"{MAX_ROWS:,}",
            "this_week": this_week,
            "last_week": this_week - dt.timedelta(days=7),
        },
        status=form_status(form),
    )


def _week(request: HttpRequest) -> dt.date:
    """The Monday of ``?week=`` (any day of it), or of this week; a 404 for a bad date."""
    value = request.GET.get("week", "")
    if not value:
        return monday_of(timezone.localdate())
    try:
        return monday_of(dt.date.fromisoformat(value))
    except ValueError:
        raise Http404 from None


@require_GET
@requires("attendance.mark_register")
def import_template(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    monday = _week(request)
    register = register_for(membership=membership, days=week_of(monday))
    name = f"attendance-marks-week-of-{monday.isoformat()}.csv"
    response = attachment("text/csv; charset=utf-8", name)
    response.write("\ufeff")  # a byte-order mark, so that Excel reads the names as UTF-8
    csv.writer(response).writerows(template_rows(register))
    return response


urlpatterns: list[URLPattern] = [
    path("register/import/", import_marks, name="import"),
    path("register/import/template.csv", import_template, name="import_template_csv"),
]
