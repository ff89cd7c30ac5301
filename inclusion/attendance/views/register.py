"""The provider's register: today's pupils and sessions, and a week grid (pupils by Monday to
Friday, morning and afternoon) saved in one submit. Provider staff only
(``attendance.mark_register``); everything is narrowed to the provider's own active placements.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.attendance.forms.register import ALL_PRESENT, RegisterForm
from inclusion.attendance.presenters.register import columns, day_text, rows
from inclusion.attendance.selectors.register import monday_of, register_for, week_of
from inclusion.attendance.services import marks as services
from inclusion.core.forms import form_status

WEEKEND = 5


def _saved_message(saved: services.Saved) -> str:
    count = saved.created + saved.changed
    if not count:
        return "No marks were changed"
    noun = "mark" if count == 1 else "marks"
    return f"{count} {noun} saved" + (
        ". The school and the co-ordinator have been told about the absence"
        if saved.absence_alerts
        else ""
    )


def _handle(
    request: HttpRequest, days: list[dt.date], template: str, context: dict[str, Any]
) -> HttpResponse:
    user, membership = actor_of(request)
    now = services.local_now()
    register = register_for(membership=membership, days=days)
    form = RegisterForm(request.POST or None, register=register)
    if request.method == "POST" and form.is_valid():
        entries = form.entries
        if form.all_present:
            entries = services.fill_present(register, entries, now)
        try:
            saved = services.register_save(
                actor=user,
                membership=membership,
                register=register,
                entries=entries,
                changed_reason=form.cleaned_data["changed_reason"],
                now=now,
            )
        except services.RegisterInvalidError as error:
            for problem in error.problems:
                form.add_problem(problem)
        else:
            messages.success(request, _saved_message(saved))
            return redirect(request.get_full_path())
    started = {
        (c.day, c.session): services.session_started(c.day, c.session, now) for c in columns(days)
    }
    posted = request.POST if form.is_bound else None
    grid = rows(register, started=started, posted=posted, errors=form.cell_errors)
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "columns": columns(days),
            "rows": grid,
            "missing_calendar": register.missing_calendar,
            "all_present": ALL_PRESENT,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("attendance.mark_register")
def register_today(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    days = [today] if today.weekday() < WEEKEND else []
    return _handle(
        request,
        days,
        "attendance/register/today.html",
        {
            "title": "Today's register",
            "today": today,
            "today_text": day_text(today),
            "week": monday_of(today).isoformat(),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("attendance.mark_register")
def register_week(request: HttpRequest, monday: str) -> HttpResponse:
    try:
        day = dt.date.fromisoformat(monday)
    except ValueError:
        raise Http404 from None
    if day.weekday() != 0 or monday != day.isoformat():
        return redirect("attendance:register_week", monday=monday_of(day).isoformat())
    week = day
    return _handle(
        request,
        week_of(week),
        "attendance/register/week.html",
        {
            "title": f"Register for the week of {week.day} {week:%B %Y}",
            "previous": (week - dt.timedelta(days=7)).isoformat(),
            "next": (week + dt.timedelta(days=7)).isoformat(),
            "this_week": monday_of(timezone.localdate()).isoformat(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", register_today, name="register"),
    path("week/<str:monday>/", register_week, name="register_week"),
]
