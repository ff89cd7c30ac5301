"""A page saying why a change to a meeting is not possible now (it has started, been
cancelled, or not happened yet)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inclusion.forums.presenters.meetings import MeetingPresenter

CONFLICT = 409


def unavailable(request: HttpRequest, meeting: MeetingPresenter, reason: str) -> HttpResponse:
    return render(
        request,
        "forums/unavailable.html",
        {"title": "This cannot be done now", "meeting": meeting, "reason": reason},
        status=CONFLICT,
    )
