"""The co-ordinator's and LA officer's "today" page: every pupil expected at a provider today,
where, and whether they have been marked present or absent yet."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion.accounts.access import actor_of, requires
from inclusion.attendance.forms.today import TodayFilterForm
from inclusion.attendance.presenters import today as present
from inclusion.attendance.selectors import today as select
from inclusion.core.forms import form_status
from inclusion.placements.selectors.placements import list_providers, list_schools


@require_GET
@requires("attendance.view_today")
def today(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    form = TodayFilterForm(
        request.GET or None,
        providers=list_providers(membership=membership),
        schools=list_schools(membership=membership),
    )
    today = timezone.localdate()
    day = form.chosen_day(today)
    board = select.today_board(membership=membership, today=day, filters=form.filters())
    if form.errors:  # say what is wrong rather than silently ignoring the filter
        board.expected = []
    if board.next_school_day is not None and board.next_school_day > today:
        board.next_school_day = None
    return render(
        request,
        "attendance/today/today.html",
        {
            "title": "Attendance today" if day == today else f"Attendance on {day:%A}",
            "is_today": day == today,
            "nav": present.day_links(request.GET, board),
            "filter_form": form,
            "form": form if form.errors else None,
            "board": board,
            "counts": present.counts(board),
            "rows": present.rows(board),
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("today/", today, name="today"),
]
