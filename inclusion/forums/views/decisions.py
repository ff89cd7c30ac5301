"""Decisions and minutes: the co-ordinator or chair records the forum's decision on each case,
and everyone who may see the partnership's forums reads the minutes, as a page or a PDF, with
each case shown as they may see it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.forms import form_status
from inclusion.core.pdf import pdf_attachment
from inclusion.forums.forms.decisions import DecisionForm, owner_choices
from inclusion.forums.models import ForumMeeting
from inclusion.forums.presenters.attendance import present_attendance
from inclusion.forums.presenters.cases import present_agenda, present_case
from inclusion.forums.presenters.meetings import MeetingPresenter
from inclusion.forums.selectors.agenda import access_agenda_item, agenda_of, case_number
from inclusion.forums.selectors.meetings import access_meeting
from inclusion.forums.selectors.options import (
    action_owner_memberships,
    active_support_services,
    agencies_for,
    attendance_of,
    tier_names,
)
from inclusion.forums.services import decisions as services
from inclusion.forums.services.errors import ForumError
from inclusion.forums.views.common import unavailable
from inclusion.referrals.models import Status

NOT_YET = "Decisions and minutes are recorded from the day of the meeting"


@require_http_methods(["GET", "POST"])
@requires("forums.decide")
def decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    item = access_agenda_item(membership=membership, pk=pk)
    meeting = MeetingPresenter(item.meeting, timezone.now())
    referral = item.referral
    if not meeting.is_held:
        return unavailable(request, meeting, NOT_YET)
    if hasattr(item, "decision"):
        return unavailable(request, meeting, "A decision has already been recorded for this case")
    if referral.status != Status.ACCEPTED:
        return unavailable(
            request,
            meeting,
            "This case is no longer accepted for a forum, so no decision can be recorded",
        )
    names = tier_names(item.meeting.partnership_id)
    posted = request.method == "POST"
    form = DecisionForm(
        request.POST if posted else None,
        services=active_support_services(),
        owners=owner_choices(
            referral, list(action_owner_memberships(referral)), list(agencies_for(referral))
        ),
        tier_names=names,
    )
    if posted and form.is_valid():
        try:
            services.decision_record(
                actor=user, membership=membership, item=item, details=form.details()
            )
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"The decision on referral {referral.reference} has been recorded"
            )
            return redirect(reverse("forums:minutes", kwargs={"pk": item.meeting_id}))
    case = present_case(
        item,
        number=case_number(item),
        membership=membership,
        tier_names=names,
        today=timezone.localdate(),
    )
    return render(
        request,
        "forums/decide.html",
        {
            "title": f"Record the decision: {case.label}",
            "form": form,
            "meeting": meeting,
            "case": case,
        },
        status=form_status(form),
    )


def _minutes_context(meeting: ForumMeeting, user: User, membership: Membership) -> dict[str, Any]:
    today = timezone.localdate()
    cases = present_agenda(
        agenda_of(meeting),
        membership=membership,
        tier_names=tier_names(meeting.partnership_id),
        today=today,
    )
    audit_record(actor=user, membership=membership, verb=AuditEvent.Verb.VIEW, target=meeting)
    presenter = MeetingPresenter(meeting, timezone.now())
    return {
        "title": f"Minutes: {presenter.title}, {presenter.day:%-d %B %Y}",
        "meeting": presenter,
        "attendance": present_attendance(attendance_of(meeting)),
        "cases": cases,
        "today": today,
    }


@require_GET
@requires("forums.view_forums")
def minutes(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    meeting = access_meeting(membership=membership, pk=pk)
    if not MeetingPresenter(meeting, timezone.now()).is_held:
        return unavailable(request, MeetingPresenter(meeting, timezone.now()), NOT_YET)
    return render(request, "forums/minutes.html", _minutes_context(meeting, user, membership))


@require_GET
@requires("forums.view_forums")
def minutes_pdf(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    meeting = access_meeting(membership=membership, pk=pk)
    presenter = MeetingPresenter(meeting, timezone.now())
    if not presenter.is_held:
        return unavailable(request, presenter, NOT_YET)
    html = render_to_string("forums/minutes_pdf.html", _minutes_context(meeting, user, membership))
    return pdf_attachment(html, f"inclusion-forum-minutes-{presenter.day:%Y-%m-%d}.pdf")


urlpatterns: list[URLPattern] = [
    path("items/<uuid:pk>/decide/", decide, name="decide"),
    path("<uuid:pk>/minutes/", minutes, name="minutes"),
    path("<uuid:pk>/minutes.pdf", minutes_pdf, name="minutes_pdf"),
]
