"""Exclusion pages: a pupil's consultations and exclusions, raising and recording a consultation,
recording an exclusion, its checklist and progress, and the upcoming deadlines.

Provider staff and governance members never reach these pages (404).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.calendar.days import calendar_for, calendars_for
from inclusion.core.forms import form_status
from inclusion.core.submit import RefusedError, submit
from inclusion.exclusions import clocks, selectors, services
from inclusion.exclusions import presenters as present
from inclusion.exclusions.forms import (
    ConsultationForm,
    ExclusionForm,
    NoticesForm,
    ProgressForm,
    RaiseConsultationForm,
)
from inclusion.exclusions.models import Exclusion
from inclusion.pupils.services import pupil_viewed


def _error_to_form(form: Any, error: RefusedError) -> None:
    """An exclusion's refusal on its field: ``sessions`` is entered as days, and a time on the
    checklist is entered with its date."""
    name = "days" if error.field == "sessions" else error.field
    if name not in form.fields and f"{name}_date" in form.fields:
        name = f"{name}_date"  # a time on the checklist: its date field
    field = name if name in form.fields else None
    form.add_error(field, str(error))


@require_GET
@requires("exclusions.view_exclusions")
def pupil_exclusions(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = selectors.pupil_for(
        membership=membership, pk=pupil_pk, rule="exclusions.view_exclusions"
    )
    pupil_viewed(actor=user, membership=membership, pupil=pupil)
    today = timezone.localdate()
    consultations, exclusions = selectors.pupil_records(membership=membership, pupil=pupil)
    cap = present.CapSummary(selectors.year_sessions(pupil_id=pupil.pk, day=today))
    return render(
        request,
        "exclusions/pupil.html",
        {
            "title": f"Exclusions: {pupil.display_name}",
            "pupil": pupil,
            "consultations": consultations,
            "exclusions": exclusions,
            "cap": cap,
            "can_raise": can(membership, "exclusions.raise_consultation"),
            "can_record": can(membership, "exclusions.record_exclusion"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("exclusions.raise_consultation")
def consultation_start(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = selectors.pupil_for(
        membership=membership, pk=pupil_pk, rule="exclusions.raise_consultation"
    )
    today = timezone.localdate()
    posted = request.method == "POST"
    form = RaiseConsultationForm(
        request.POST if posted else None, today=today, initial={"considered_on": today}
    )
    routing = selectors.routing_for_school(pupil.school)
    if posted and form.is_valid():
        consultation = services.consultation_raise(
            actor=user,
            membership=membership,
            pupil=pupil,
            considered_on=form.cleaned_data["considered_on"],
        )
        told = consultation.routed_to or "the Partnership Chair and co-ordinator"
        messages.success(request, f"{told} {'has' if consultation.routed_to else 'have'} been told")
        return redirect("exclusions:consultation_detail", pk=consultation.pk)
    return render(
        request,
        "exclusions/consultation_start.html",
        {
            "title": "Consider a permanent exclusion",
            "form": form,
            "pupil": pupil,
            "routing": routing,
        },
        status=form_status(form),
    )


@require_GET
@requires("exclusions.view_exclusions")
def consultation_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    consultation = selectors.access_consultation(membership=membership, pk=pk)
    services.record_viewed(actor=user, membership=membership, record=consultation)
    return render(
        request,
        "exclusions/consultation_detail.html",
        {
            "title": "Exclusion-risk consultation",
            "consultation": consultation,
            "pupil": consultation.pupil,
            "can_record": can(membership, "exclusions.record_consultation"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("exclusions.record_consultation")
def consultation_record(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    consultation = selectors.access_consultation(membership=membership, pk=pk)
    posted = request.method == "POST"
    initial = {
        "held_on": consultation.held_on,
        "held_with": consultation.held_with,
        "advice": consultation.advice,
        "alternatives": consultation.alternatives,
        "alternatives_other": consultation.alternatives_other,
        "outcome": consultation.outcome,
    }
    form = ConsultationForm(request.POST if posted else None, initial=initial)
    if response := submit(
        request,
        form,
        lambda: services.consultation_record(
            actor=user,
            membership=membership,
            consultation=consultation,
            record=form.record(),
            today=timezone.localdate(),
        ),
        done="The consultation has been recorded",
        then=lambda _: redirect("exclusions:consultation_detail", pk=consultation.pk),
        on_refusal=_error_to_form,
    ):
        return response
    return render(
        request,
        "exclusions/consultation_record.html",
        {
            "title": "Record the consultation",
            "form": form,
            "consultation": consultation,
            "pupil": consultation.pupil,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("exclusions.record_exclusion")
def exclusion_create(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = selectors.pupil_for(
        membership=membership, pk=pupil_pk, rule="exclusions.record_exclusion"
    )
    today = timezone.localdate()
    posted = request.method == "POST"
    needs_consultation = services.needs_consultation(pupil)
    recent = selectors.recent_consultation(pupil=pupil, on=today)
    form = ExclusionForm(
        request.POST if posted else None,
        reasons=selectors.selectable_reasons(on=today),
        needs_override=needs_consultation,
        initial={"start_date": today},
    )
    if response := submit(
        request,
        form,
        lambda: services.exclusion_record(
            actor=user, membership=membership, pupil=pupil, details=form.details()
        ),
        done=lambda made: f"The {made.get_kind_display().lower()} has been recorded",
        then=lambda made: redirect("exclusions:exclusion_detail", pk=made.pk),
        on_refusal=_error_to_form,
    ):
        return response
    existing = selectors.year_sessions(pupil_id=pupil.pk, day=today)
    return render(
        request,
        "exclusions/exclusion_create.html",
        {
            "title": "Record a suspension or permanent exclusion",
            "form": form,
            "pupil": pupil,
            "recent": recent,
            "needs_consultation": needs_consultation,
            "cap": present.CapSummary(existing),
        },
        status=form_status(form),
    )


def _detail_context(exclusion: Exclusion, today: dt.date) -> dict[str, Any]:
    pupil = exclusion.pupil
    calendar = calendar_for(exclusion.school.local_authority_id)
    suspensions = selectors.school_suspensions([pupil.pk], dt.date.min).get(
        (pupil.pk, exclusion.school_id), []
    )
    term_total = present.term_total_for(exclusion, calendar, suspensions)
    home = present.home_authority(pupil, pupil.school.local_authority)
    checklist = present.checklist(exclusion, home)
    return {
        "exclusion": exclusion,
        "pupil": pupil,
        "clocks": present.exclusion_clocks(
            exclusion, calendar, term_total_sessions=term_total, today=today
        ),
        "checklist": checklist,
        "checklist_complete": present.checklist_complete(checklist),
        "home": home,
        "cap": present.CapSummary(
            selectors.year_sessions(pupil_id=pupil.pk, day=exclusion.start_date)
        ),
        "days": clocks.days_label(exclusion.sessions),
        "today": today,
    }


@require_GET
@requires("exclusions.view_exclusions")
def exclusion_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    exclusion = selectors.access_exclusion(membership=membership, pk=pk)
    services.record_viewed(actor=user, membership=membership, record=exclusion)
    context = _detail_context(exclusion, timezone.localdate())
    context |= {
        "title": exclusion.get_kind_display(),
        "can_change": can(membership, "exclusions.change_exclusion"),
    }
    return render(request, "exclusions/exclusion_detail.html", context)


@require_http_methods(["GET", "POST"])
@requires("exclusions.change_exclusion")
def exclusion_notices(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    exclusion = selectors.access_exclusion(membership=membership, pk=pk)
    home = present.home_authority(exclusion.pupil, exclusion.pupil.school.local_authority)
    rows = present.checklist(exclusion, home)
    posted = request.method == "POST"
    form = NoticesForm(
        request.POST if posted else None,
        names=[(row.name, row.label) for row in rows],
        initial=NoticesForm.initial_for(exclusion),
    )
    if response := submit(
        request,
        form,
        lambda: services.exclusion_notices_update(
            actor=user,
            membership=membership,
            exclusion=exclusion,
            notices=form.notices(),
            now=timezone.now(),
            social_worker_not_applicable=form.social_worker_not_applicable(),
        ),
        done="The notifications checklist has been saved",
        then=lambda _: redirect("exclusions:exclusion_detail", pk=exclusion.pk),
        on_refusal=_error_to_form,
    ):
        return response
    return render(
        request,
        "exclusions/notices.html",
        {
            "title": "Notifications checklist",
            "form": form,
            "exclusion": exclusion,
            "pupil": exclusion.pupil,
            "rows": rows,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("exclusions.change_exclusion")
def exclusion_progress(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    exclusion = selectors.access_exclusion(membership=membership, pk=pk)
    posted = request.method == "POST"
    form = ProgressForm(
        request.POST if posted else None,
        permanent=exclusion.is_permanent,
        initial=ProgressForm.initial_for(exclusion),
    )
    if response := submit(
        request,
        form,
        lambda: services.exclusion_progress_update(
            actor=user,
            membership=membership,
            exclusion=exclusion,
            progress=form.progress(),
            today=timezone.localdate(),
        ),
        done="The exclusion has been updated",
        then=lambda _: redirect("exclusions:exclusion_detail", pk=exclusion.pk),
        on_refusal=_error_to_form,
    ):
        return response
    return render(
        request,
        "exclusions/progress.html",
        {
            "title": "Provision, the board and reviews",
            "form": form,
            "exclusion": exclusion,
            "pupil": exclusion.pupil,
        },
        status=form_status(form),
    )


@require_GET
@requires("exclusions.view_deadlines")
def deadlines(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = timezone.localdate()
    since = today - present.ONE_YEAR
    exclusions = selectors.deadline_exclusions(membership=membership, since=since)
    calendars = calendars_for({e.school.local_authority_id for e in exclusions})
    suspensions = selectors.school_suspensions(
        {e.pupil_id for e in exclusions}, since - present.ONE_YEAR
    )
    rows, problems = present.deadline_rows(exclusions, calendars, suspensions, today)
    return render(
        request,
        "exclusions/deadlines.html",
        {
            "title": "Exclusion deadlines",
            "rows": rows,
            "problems": problems,
            "overdue": sum(1 for r in rows if r.overdue),
            "show_school": membership.school_id is None,
            "today": today,
        },
    )
