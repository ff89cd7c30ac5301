"""Public pages (no sign-in): the forthcoming forum dates of a partnership, and the same as an
iCalendar feed per partnership and for all partnerships. Date, time and place or "Online" only:
never the online link, the agenda or anyone's name."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion.forums.ical import forum_calendar
from inclusion.forums.presenters.meetings import present_meetings
from inclusion.forums.selectors.public import forthcoming_public_meetings, public_partnership

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@login_not_required
@require_GET
def public_dates(request: HttpRequest, partnership_pk: uuid.UUID) -> HttpResponse:
    partnership = public_partnership(pk=partnership_pk)
    now = timezone.now()
    meetings = forthcoming_public_meetings(partnership=partnership, today=timezone.localdate())
    return render(
        request,
        "forums/public_dates.html",
        {
            "title": f"{partnership.name}: Inclusion Forum dates",
            "partnership": partnership,
            "meetings": present_meetings(meetings, now),
        },
    )


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@require_GET
def ical(request: HttpRequest, partnership_pk: uuid.UUID) -> HttpResponse:
    partnership = public_partnership(pk=partnership_pk)
    meetings = forthcoming_public_meetings(partnership=partnership, today=timezone.localdate())
    name = f"{partnership.name} Inclusion Forums"
    return _calendar_response(
        forum_calendar(meetings, name=name, now=timezone.now()), "inclusion-forums.ics"
    )


@login_not_required
@require_GET
def ical_all(request: HttpRequest) -> HttpResponse:
    meetings = forthcoming_public_meetings(today=timezone.localdate())
    return _calendar_response(
        forum_calendar(meetings, name="Inclusion Forums", now=timezone.now()),
        "inclusion-forums.ics",
    )


urlpatterns: list[URLPattern] = [
    path("dates/<uuid:partnership_pk>/", public_dates, name="public_dates"),
    path("dates/<uuid:partnership_pk>.ics", ical, name="ical"),
    path("dates.ics", ical_all, name="ical_all"),
]
