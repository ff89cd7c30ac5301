"""What the school enters, and a pupil's attendance (issue 6, parts 4 and 6).

- ``attendance:school_codes`` (``?date=YYYY-MM-DD``, default today; ``?week=1`` for the
  Monday to Friday containing it): for each pupil with an agreed or active placement and each
  expected session, the code the school should put in its own register. School staff see their
  own pupils, co-ordinators their partnership's (``attendance.school_codes``).
- ``attendance:school_codes_csv``: the same rows as a spreadsheet.
- ``attendance:pupil``: a pupil's attendance this term and this school year, with flags and the
  sessions of the last four weeks (``attendance.view_attendance``; the pupil must be visible).
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from inclusion.accounts.access import actor_of, requires
from inclusion.attendance.forms.school import SchoolCodesFilterForm
from inclusion.attendance.measures import Period, measure, one_a_session
from inclusion.attendance.presenters import school as present
from inclusion.attendance.selectors import measures as select
from inclusion.calendar.days import (
    CalendarMissingError,
    academic_year_bounds,
    academic_year_of,
    calendar_for,
)
from inclusion.core.downloads import attachment
from inclusion.core.forms import form_status
from inclusion.moves.presenters import RegisterRow, register_rows
from inclusion.moves.selectors import directions_for_register
from inclusion.pupils.selectors import access_pupil

RECENT_DAYS = 28  # the last four weeks


def _codes_request(
    request: HttpRequest,
) -> tuple[SchoolCodesFilterForm, list[present.CodeRow], tuple[dt.date, dt.date, bool], list[str]]:
    _, membership = actor_of(request)
    form = SchoolCodesFilterForm(request.GET or None)
    span = form.period(select.today())
    if form.errors:
        return form, [], span, []
    first, last, _ = span
    loaded = select.school_codes(membership=membership, first=first, last=last)
    rows = present.code_rows(loaded.placements, loaded.records, loaded.codes)
    return form, rows, span, loaded.missing_calendars


@require_GET
@requires("attendance.school_codes")
def school_codes(request: HttpRequest) -> HttpResponse:
    form, rows, (first, last, week), missing = _codes_request(request)
    return render(
        request,
        "attendance/school/codes.html",
        {
            "title": "What to enter in your register",
            "filter_form": form,
            "form": form if form.errors else None,
            "rows": rows,
            "first": first,
            "last": last,
            "week": week,
            "missing_calendars": missing,
            "query": request.GET.urlencode(),
            # Pupils on an off-site direction (inclusion.moves): D, or B, for each session.
            "directions": [] if form.errors else _directions(request, first, last),
        },
        status=form_status(form),
    )


def _directions(request: HttpRequest, first: dt.date, last: dt.date) -> list[RegisterRow]:
    _, membership = actor_of(request)
    return register_rows(directions_for_register(membership=membership, first=first, last=last))


@require_GET
@requires("attendance.school_codes")
def school_codes_csv(request: HttpRequest) -> HttpResponse:
    form, rows, (first, last, week), _ = _codes_request(request)
    if form.errors:
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    name = f"school-register-codes-{first.isoformat()}" + (
        f"-to-{last.isoformat()}" if week else ""
    )
    response = attachment("text/csv; charset=utf-8", f"{name}.csv")
    csv.writer(response).writerows(present.csv_rows(rows))
    return response


@require_GET
@requires("attendance.view_attendance")
def pupil_attendance(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    pupil = access_pupil(membership=membership, pk=pupil_pk)
    on = select.today()
    year_first, _ = academic_year_bounds(academic_year_of(on))
    loaded = select.pupil_attendance(membership=membership, pupil=pupil, first=year_first, last=on)
    calendar = loaded.calendars.get(pupil.school.local_authority_id) or calendar_for(
        pupil.school.local_authority_id
    )
    records = one_a_session(loaded.records)
    window = select.window_first(calendar, on)
    summaries = [
        present.summary(
            "This school year",
            year_first,
            on,
            measure(records, loaded.codes, Period(year_first, on, on, window)),
        )
    ]
    calendar_message = ""
    try:
        terms = calendar.terms_between(year_first, on)
    except CalendarMissingError as error:
        terms, calendar_message = [], str(error)
    if terms:
        term = terms[-1]
        term_last = min(term.ends_on, on)
        summaries.insert(
            0,
            present.summary(
                f"This term ({term.name})",
                term.starts_on,
                term_last,
                measure(records, loaded.codes, Period(term.starts_on, term_last, on, window)),
            ),
        )
    recent_first = on - dt.timedelta(days=RECENT_DAYS - 1)
    sessions = present.session_rows(
        loaded.placements, select.in_range(loaded.records, recent_first, on), loaded.codes, on
    )
    return render(
        request,
        "attendance/school/pupil.html",
        {
            "title": f"Attendance: {pupil.display_name}",
            "pupil": pupil,
            "summaries": summaries,
            "sessions": sessions,
            "recent_first": recent_first,
            "today": on,
            "calendar_message": calendar_message,
            "missing_calendars": loaded.missing_calendars,
        },
    )


urlpatterns: list[URLPattern] = [
    path("school/", school_codes, name="school_codes"),
    path("school/codes.csv", school_codes_csv, name="school_codes_csv"),
    path("pupils/<uuid:pupil_pk>/", pupil_attendance, name="pupil"),
]
