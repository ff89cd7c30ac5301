"""Building a meeting's agenda: the co-ordinator schedules accepted referrals of the
partnership, moves cases up or down and takes them off, until the meeting starts."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from inclusion.accounts.access import actor_of, requires
from inclusion.core.forms import form_status
from inclusion.forums.forms.agenda import MoveForm, ScheduleForm
from inclusion.forums.presenters.cases import present_case
from inclusion.forums.presenters.meetings import MeetingPresenter
from inclusion.forums.selectors.agenda import access_agenda_item, schedulable_referrals
from inclusion.forums.selectors.meetings import access_meeting
from inclusion.forums.selectors.options import tier_names
from inclusion.forums.services import agenda as services
from inclusion.forums.services.errors import ForumError
from inclusion.forums.views.common import unavailable


@require_http_methods(["GET", "POST"])
@requires("forums.manage_agenda")
def schedule(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    meeting = access_meeting(membership=membership, pk=pk)
    presenter = MeetingPresenter(meeting, timezone.now())
    if not presenter.may_change:
        return unavailable(request, presenter, services.CLOSED)
    referrals = schedulable_referrals(
        membership=membership, meeting=meeting, today=timezone.localdate()
    )
    posted = request.method == "POST"
    form = ScheduleForm(request.POST if posted else None, referrals=referrals)
    if posted and form.is_valid():
        try:
            added = services.agenda_schedule(
                actor=user, membership=membership, meeting=meeting, referrals=form.chosen()
            )
        except ForumError as error:
            form.add_error("referrals", error.message)
        else:
            count = len(added)
            messages.success(
                request, f"{count} case{'s' if count != 1 else ''} added to the agenda"
            )
            return redirect("forums:detail", pk=meeting.pk)
    return render(
        request,
        "forums/schedule.html",
        {
            "title": "Add cases to the agenda",
            "form": form,
            "meeting": presenter,
            "has_choices": bool(form.fields["referrals"].choices),  # type: ignore[attr-defined]
        },
        status=form_status(form),
    )


@require_POST
@requires("forums.manage_agenda")
def agenda_move(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    item = access_agenda_item(membership=membership, pk=pk)
    form = MoveForm(request.POST)
    presenter = MeetingPresenter(item.meeting, timezone.now())
    if not form.is_valid():
        return unavailable(request, presenter, "Select whether to move the case up or down")
    try:
        services.agenda_move(
            actor=user, membership=membership, item=item, direction=form.cleaned_data["direction"]
        )
    except ForumError as error:
        return unavailable(request, presenter, error.message)
    return redirect(reverse("forums:detail", kwargs={"pk": item.meeting_id}) + "#agenda")


@require_http_methods(["GET", "POST"])
@requires("forums.manage_agenda")
def agenda_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    item = access_agenda_item(membership=membership, pk=pk)
    presenter = MeetingPresenter(item.meeting, timezone.now())
    if not presenter.may_change:
        return unavailable(request, presenter, services.CLOSED)
    if request.method == "POST":
        try:
            services.agenda_remove(actor=user, membership=membership, item=item)
        except ForumError as error:
            return unavailable(request, presenter, error.message)
        messages.success(request, f"Referral {item.referral.reference} was taken off the agenda")
        return redirect("forums:detail", pk=item.meeting_id)
    case = present_case(
        item,
        number=1,
        membership=membership,
        tier_names=tier_names(item.meeting.partnership_id),
        today=timezone.localdate(),
    )
    return render(
        request,
        "forums/remove.html",
        {"title": "Take the case off the agenda", "meeting": presenter, "case": case},
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/schedule/", schedule, name="schedule"),
    path("items/<uuid:pk>/move/", agenda_move, name="agenda_move"),
    path("items/<uuid:pk>/remove/", agenda_remove, name="agenda_remove"),
]
