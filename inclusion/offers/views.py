"""Attendance Offer support plans (issue 6, part 8): the list of active plans, setting a plan
up from an Attendance Offer referral, the plan with its weeks against baseline and target,
changing it, its interventions, weekly check-ins and closing it.

School staff of the referral's school and the partnership's co-ordinators write
(``offers.change_plan``); the chair, the Virtual School (looked-after pupils in its care) and LA
officers read (``offers.view_plan``). Provider staff and governance get 404 everywhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.accounts.models import Membership
from inclusion.core.forms import form_status
from inclusion.core.submit import submit
from inclusion.offers import presenters as present
from inclusion.offers import progress, selectors, services
from inclusion.offers.forms import CheckInForm, CloseForm, InterventionForm, PlanForm
from inclusion.offers.models import AttendanceSupportPlan

VIEW = "offers.view_plan"
CHANGE = "offers.change_plan"
CLOSED = "This plan has been closed, so it cannot be changed"


def _to_plan(plan: AttendanceSupportPlan) -> HttpResponse:
    return redirect("offers:detail", pk=plan.pk)


def _closed(request: HttpRequest, plan: AttendanceSupportPlan) -> HttpResponse:
    messages.info(request, CLOSED)
    return _to_plan(plan)


def _back_to(plan: AttendanceSupportPlan | None) -> Callable[[object], HttpResponse]:
    """After a write: the plan it made, or ``plan``."""

    def then(written: object) -> HttpResponse:
        target = written if isinstance(written, AttendanceSupportPlan) else plan
        if target is None:
            raise TypeError("a write that makes no plan needs the plan to go back to")
        return _to_plan(target)

    return then


@require_GET
@requires(VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    plans = selectors.active_plans(membership=membership)
    rows = present.list_rows(
        plans, selectors.calendars_of(plans), today=selectors.today(), user=user
    )
    return render(
        request,
        "offers/list.html",
        {
            "title": "Attendance support plans",
            "rows": rows,
            "summary": present.lead_summary(rows),
            "show_school": membership.school_id is None,
        },
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def plan_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    referral = selectors.plan_referral(membership=membership, pk=pk)
    existing = selectors.plan_of_referral(referral)
    if existing is not None:
        messages.info(request, "This referral already has an attendance support plan")
        return _to_plan(existing)
    refusal = services.refusal_for(referral)
    today = selectors.today()
    initial = present.new_plan_initial(
        referral,
        user=user,
        today=today,
        review=selectors.suggested_review_date(referral=referral, start=today),
    )
    posted = request.method == "POST"
    form = PlanForm(
        request.POST if posted else None,
        leads=selectors.lead_choices(referral=referral),
        initial=initial,
    )
    if posted and refusal is not None:
        form.add_error(None, refusal)
    elif response := submit(
        request,
        form,
        lambda: services.plan_create(
            actor=user, membership=membership, referral=referral, details=form.details()
        ),
        done="The attendance support plan has been set up",
        then=_back_to(None),
    ):
        return response
    return render(
        request,
        "offers/plan_form.html",
        {
            "title": "Set up an attendance support plan",
            "form": form,
            "referral": referral,
            "pupil": referral.pupil,
            "refusal": refusal,
        },
        status=form_status(form),
    )


@require_GET
@requires(VIEW)
def plan_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    plan = selectors.access_plan(membership=membership, pk=pk)
    services.plan_viewed(actor=user, membership=membership, plan=plan)
    context = {
        "title": f"Attendance support plan: {plan.referral.pupil.display_name}",
        "plan": plan,
        "pupil": plan.referral.pupil,
        "referral": plan.referral,
        "status": present.status_tag(plan),
        "can_change": plan.is_active and can(membership, CHANGE),
        "can_view_referral": can(membership, "referrals.view_referral"),
        "interventions": [
            (item, present.intervention_what(item)) for item in selectors.plan_interventions(plan)
        ],
    }
    return render(request, "offers/detail.html", context | _weeks_context(membership, plan))


def _weeks_context(membership: Membership, plan: AttendanceSupportPlan) -> dict[str, object]:
    """The weeks since the plan started: check-ins, running figures, missed and overdue weeks
    and AP attendance over the same weeks."""
    today = selectors.today()
    last_day = min(today, plan.closed_on or today)
    check_ins = selectors.plan_check_ins(plan)
    calendar = selectors.school_calendar(plan)
    # A closed plan's weeks end with the last school week complete when it closed.
    end = plan.closed_on + dt.timedelta(days=1) if plan.closed_on else today
    last_complete = progress.last_complete_school_week(calendar, end)
    weeks = progress.school_weeks(
        calendar, start=plan.start_date, until=progress.monday_of(last_day)
    )
    recorded = [c.week_of for c in check_ins]
    overdue = (
        progress.overdue_week(last_complete=last_complete, start=plan.start_date, recorded=recorded)
        if plan.is_active
        else None
    )
    loaded = selectors.ap_attendance(membership=membership, plan=plan, last=last_day)
    ap = present.ap_attendance(
        loaded, start=plan.start_date, today=today, weeks=sorted({*weeks, *recorded})
    )
    return {
        "progress": present.plan_progress(plan, check_ins),
        "rows": present.week_rows(
            check_ins,
            plan=plan,
            missed=progress.missed_weeks(weeks, recorded, until=last_complete),
            overdue=overdue,
            ap=ap,
        ),
        "notes": [c for c in reversed(check_ins) if c.helped or c.barriers],
        "overdue": overdue,
        "ap": ap,
        "review_due": plan.is_active and plan.review_date <= today,
        "calendar_message": progress.calendar_problem(calendar, last_day),
    }


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def plan_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    plan = selectors.access_plan(membership=membership, pk=pk)
    if not plan.is_active:
        return _closed(request, plan)
    posted = request.method == "POST"
    form = PlanForm(
        request.POST if posted else None,
        leads=selectors.lead_choices(referral=plan.referral),
        initial=present.plan_initial(plan),
    )
    if response := submit(
        request,
        form,
        lambda: services.plan_change(
            actor=user, membership=membership, plan=plan, details=form.details()
        ),
        done="The plan has been saved",
        then=_back_to(plan),
    ):
        return response
    return render(
        request,
        "offers/plan_form.html",
        {
            "title": "Change the attendance support plan",
            "form": form,
            "plan": plan,
            "referral": plan.referral,
            "pupil": plan.referral.pupil,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def intervention_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    plan = selectors.access_plan(membership=membership, pk=pk)
    if not plan.is_active:
        return _closed(request, plan)
    posted = request.method == "POST"
    form = InterventionForm(request.POST if posted else None)
    if response := submit(
        request,
        form,
        lambda: services.intervention_add(
            actor=user, membership=membership, plan=plan, details=form.details()
        ),
        done="The intervention has been added",
        then=_back_to(plan),
    ):
        return response
    return _intervention_page(request, form, plan, title="Add an intervention")


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def intervention_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    intervention = selectors.access_intervention(membership=membership, pk=pk)
    plan = intervention.plan
    if not plan.is_active:
        return _closed(request, plan)
    posted = request.method == "POST"
    form = InterventionForm(
        request.POST if posted else None, initial=present.intervention_initial(intervention)
    )
    if response := submit(
        request,
        form,
        lambda: services.intervention_change(
            actor=user, membership=membership, intervention=intervention, details=form.details()
        ),
        done="The intervention has been changed",
        then=_back_to(plan),
    ):
        return response
    return _intervention_page(request, form, plan, title="Change an intervention")


def _intervention_page(
    request: HttpRequest, form: InterventionForm, plan: AttendanceSupportPlan, *, title: str
) -> HttpResponse:
    return render(
        request,
        "offers/intervention_form.html",
        {"title": title, "form": form, "plan": plan, "pupil": plan.referral.pupil},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def check_in_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    plan = selectors.access_plan(membership=membership, pk=pk)
    if not plan.is_active:
        return _closed(request, plan)
    posted = request.method == "POST"
    form = CheckInForm(request.POST if posted else None, initial=_check_in_initial(plan))
    if response := submit(
        request,
        form,
        lambda: services.check_in_record(
            actor=user, membership=membership, plan=plan, details=form.details()
        ),
        done=lambda check_in: (
            f"The check-in for the week beginning {check_in.week_of:%-d %B %Y} has been recorded"
        ),
        then=_back_to(plan),
    ):
        return response
    return render(
        request,
        "offers/check_in_form.html",
        {
            "title": "Record a weekly check-in",
            "form": form,
            "plan": plan,
            "pupil": plan.referral.pupil,
        },
        status=form_status(form),
    )


def _check_in_initial(plan: AttendanceSupportPlan) -> dict[str, object]:
    """Suggest the overdue week, if there is one."""
    last_complete = progress.last_complete_school_week(
        selectors.school_calendar(plan), selectors.today()
    )
    week = progress.overdue_week(
        last_complete=last_complete,
        start=plan.start_date,
        recorded=selectors.plan_weeks_recorded(plan),
    )
    return {"week_of": week} if week is not None else {}


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def plan_close(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    plan = selectors.access_plan(membership=membership, pk=pk)
    if not plan.is_active:
        return _closed(request, plan)
    posted = request.method == "POST"
    form = CloseForm(request.POST if posted else None, initial={"closed_on": selectors.today()})
    if response := submit(
        request,
        form,
        lambda: services.plan_close(
            actor=user, membership=membership, plan=plan, details=form.details()
        ),
        done="The plan has been closed",
        then=_back_to(plan),
    ):
        return response
    return render(
        request,
        "offers/close.html",
        {"title": "Close the plan", "form": form, "plan": plan, "pupil": plan.referral.pupil},
        status=form_status(form),
    )
