"""Visit pages: record a visit to a placement, read one visit, and the visits due list.

Provider staff and governance members never reach these pages (404).
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core.forms import GovukForm, form_status
from inclusion.visits import presenters as present
from inclusion.visits import selectors, services
from inclusion.visits.forms import VisitForm


@require_http_methods(["GET", "POST"])
@requires("visits.record_visit")
def visit_record(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = selectors.placement_for_visit(membership=membership, pk=pk)
    today = timezone.localdate()
    posted = request.method == "POST"
    form = VisitForm(
        request.POST if posted else None,
        placement=placement,
        today=today,
        initial={"visitor_name": user.full_name},
    )
    if posted and form.is_valid():
        visit = services.visit_record(
            actor=user,
            membership=membership,
            placement=placement,
            details=form.details(),
            today=today,
        )
        done = "The visit has been recorded"
        if visit.has_concern:
            done += " and the partnership's co-ordinator has been told about the concern"
        messages.success(request, done)
        return redirect("visits:detail", pk=visit.pk)
    return render(
        request,
        "visits/record.html",
        {
            "title": "Record a visit",
            "form": form,
            "placement": placement,
            "pupil": placement.pupil,
        },
        status=form_status(form),
    )


@require_GET
@requires("visits.view_visits")
def visit_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    visit = selectors.access_visit(membership=membership, pk=pk)
    services.visit_viewed(actor=user, membership=membership, visit=visit)
    placement = visit.placement
    return render(
        request,
        "visits/detail.html",
        {
            "title": present.visit_title(visit),
            "visit": visit,
            "placement": placement,
            "pupil": placement.pupil,
            "checklist": present.checklist(visit),
            "sees_placement": can(membership, "placements.view_placement"),
        },
    )


class DueFilterForm(GovukForm):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        initial="",
        choices=[("", "All active placements"), ("overdue", "Only visits overdue")],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select which placements to show"},
    )

    def overdue_only(self) -> bool:
        return self.is_valid() and self.cleaned_data["show"] == "overdue"


@require_GET
@requires("visits.view_due")
def visits_due(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = timezone.localdate()
    form = DueFilterForm(request.GET or None)
    placements = selectors.due_placements(membership=membership)
    statuses = selectors.visit_status(placements, today)
    rows = present.due_rows(placements, statuses, overdue_only=form.overdue_only())
    if form.errors:
        rows = []
    return render(
        request,
        "visits/due.html",
        {
            "title": "Visits due",
            "filter_form": form,
            "form": form if form.errors else None,
            "rows": rows,
            "summary": present.due_summary(rows, statuses),
            "every": selectors.expected_every(),
            "show_school": membership.school_id is None,
            "today": today,
        },
        status=form_status(form),
    )
