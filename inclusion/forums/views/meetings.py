"""Forum meetings: the list, a meeting's page with its agenda, arranging, changing and
cancelling a meeting, and recording who attended.

Everyone who may see a partnership's forums reads its meetings; co-ordinators and LA officers
arrange them.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.forms import form_status
from inclusion.core.pagination import pagination_links
from inclusion.forums.forms.attendance import AttendanceForm
from inclusion.forums.forms.meetings import MeetingForm
from inclusion.forums.presenters.cases import present_agenda
from inclusion.forums.presenters.meetings import MeetingPresenter, present_meetings
from inclusion.forums.selectors.agenda import agenda_of
from inclusion.forums.selectors.meetings import (
    access_meeting,
    forthcoming_meetings,
    partnerships_managed_by,
    partnerships_of,
    past_meetings,
)
from inclusion.forums.selectors.options import (
    agencies_for,
    attendance_of,
    partnership_schools,
    tier_names,
)
from inclusion.forums.services import attendance as attendance_services
from inclusion.forums.services import meetings as services
from inclusion.forums.services.errors import ForumError
from inclusion.forums.views.common import unavailable

PAST_PAGE_SIZE = 20


@require_GET
@requires("forums.view_forums")
def meeting_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    now, today = timezone.now(), timezone.localdate()
    past = Paginator(past_meetings(membership=membership, today=today), PAST_PAGE_SIZE)
    page = past.get_page(request.GET.get("page"))
    several = partnerships_of(membership=membership).count() > 1
    return render(
        request,
        "forums/list.html",
        {
            "title": "Inclusion Forums",
            "forthcoming": present_meetings(
                forthcoming_meetings(membership=membership, today=today), now
            ),
            "past": present_meetings(page.object_list, now),
            "pagination": pagination_links(request, page),
            "show_partnership": several,
            "can_manage": can(membership, "forums.manage_meetings"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("forums.manage_meetings")
def meeting_create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    partnerships = partnerships_managed_by(membership=membership)
    if not partnerships.exists():
        raise Http404
    posted = request.method == "POST"
    form = MeetingForm(
        request.POST if posted else None, partnerships=partnerships, now=timezone.now()
    )
    if posted and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=user, membership=membership, details=form.details()
            )
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The meeting has been arranged")
            return redirect("forums:detail", pk=meeting.pk)
    return render(
        request,
        "forums/meeting_form.html",
        {"title": "Arrange a forum meeting", "form": form, "meeting": None},
        status=form_status(form),
    )


@require_GET
@requires("forums.view_forums")
def meeting_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    meeting = access_meeting(membership=membership, pk=pk)
    now, today = timezone.now(), timezone.localdate()
    items = agenda_of(meeting)
    cases = present_agenda(
        items, membership=membership, tier_names=tier_names(meeting.partnership_id), today=today
    )
    audit_record(actor=user, membership=membership, verb=AuditEvent.Verb.VIEW, target=meeting)
    presenter = MeetingPresenter(meeting, now)
    return render(
        request,
        "forums/detail.html",
        {
            "title": f"{presenter.title}, {presenter.day:%-d %B %Y}",
            "meeting": presenter,
            "cases": cases,
            "can_manage": can(membership, "forums.manage_meetings") and presenter.may_change,
            "can_change_agenda": can(membership, "forums.manage_agenda") and presenter.may_change,
            "can_decide": can(membership, "forums.decide") and presenter.is_held,
            "can_set_up_placements": can(membership, "placements.create_from_decision"),
            "can_record_attendance": can(membership, "forums.record_attendance")
            and presenter.is_held,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("forums.manage_meetings")
def meeting_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    meeting = access_meeting(membership=membership, pk=pk)
    now = timezone.now()
    presenter = MeetingPresenter(meeting, now)
    if not presenter.may_change:
        return unavailable(request, presenter, services.NOT_CHANGEABLE)
    posted = request.method == "POST"
    form = MeetingForm(
        request.POST if posted else None, initial=MeetingForm.initial_for(meeting), now=now
    )
    if posted and form.is_valid():
        try:
            services.meeting_update(
                actor=user,
                membership=membership,
                meeting=meeting,
                details=form.details(meeting.partnership),
            )
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The meeting has been changed")
            return redirect("forums:detail", pk=meeting.pk)
    return render(
        request,
        "forums/meeting_form.html",
        {"title": "Change the meeting", "form": form, "meeting": presenter},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("forums.manage_meetings")
def meeting_cancel(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    meeting = access_meeting(membership=membership, pk=pk)
    presenter = MeetingPresenter(meeting, timezone.now())
    if not presenter.may_change:
        return unavailable(request, presenter, services.NOT_CHANGEABLE)
    if request.method == "POST":
        try:
            services.meeting_cancel(actor=user, membership=membership, meeting=meeting)
        except ForumError as error:
            return unavailable(request, presenter, error.message)
        messages.success(request, "The meeting has been cancelled")
        return redirect("forums:detail", pk=meeting.pk)
    return render(
        request,
        "forums/cancel.html",
        {"title": "Cancel the meeting", "meeting": presenter},
    )


@require_http_methods(["GET", "POST"])
@requires("forums.record_attendance")
def attendance(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    meeting = access_meeting(membership=membership, pk=pk)
    presenter = MeetingPresenter(meeting, timezone.now())
    if not presenter.is_held:
        return unavailable(request, presenter, "Attendance is recorded from the day of the meeting")
    posted = request.method == "POST"
    form = AttendanceForm(
        request.POST if posted else None,
        schools=list(partnership_schools(meeting)),
        agencies=list(agencies_for(meeting)),
        current=attendance_of(meeting),
    )
    if posted and form.is_valid():
        try:
            attendance_services.attendance_record(
                actor=user, membership=membership, meeting=meeting, attendees=form.attendees()
            )
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Attendance has been recorded")
            return redirect("forums:detail", pk=meeting.pk)
    return render(
        request,
        "forums/attendance.html",
        {
            "title": "Record attendance",
            "form": form,
            "meeting": presenter,
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("", meeting_list, name="list"),
    path("new/", meeting_create, name="create"),
    path("<uuid:pk>/", meeting_detail, name="detail"),
    path("<uuid:pk>/edit/", meeting_edit, name="edit"),
    path("<uuid:pk>/cancel/", meeting_cancel, name="cancel"),
    path("<uuid:pk>/attendance/", attendance, name="attendance"),
]
