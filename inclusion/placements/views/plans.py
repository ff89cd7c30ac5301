"""Education plans and reviews: a placement's plan (baseline, SMART targets, reviews and the next
review date), making and changing it, targets, recording a review, reading one, and the list of
reviews overdue or due soon.

School staff of the pupil's school and the partnership's co-ordinator make and review plans
(``placements.manage_plan``); the chair, the Virtual School and LA officers read them. Provider
staff never see plans (404).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core import concurrency
from inclusion.core.forms import form_status
from inclusion.core.submit import StaleEditError, submit
from inclusion.placements.forms.plans import PlanForm, ReviewForm, TargetForm
from inclusion.placements.models import EducationPlan, Placement
from inclusion.placements.presenters import plans as present
from inclusion.placements.selectors import plans as selectors
from inclusion.placements.services import plans as services

MANAGE = "placements.manage_plan"
VIEW = "placements.view_plan"


def _to_plan(placement: Placement) -> HttpResponse:
    return redirect("placements:plan", pk=placement.pk)


def _date_message(done: str, date: selectors.ReviewDate) -> str:
    """ "… The next review is due on 3 March 2026", saying when the calendar could not count it."""
    message = f"{done}. The next review is due on {date.on:%-d %B %Y}"
    if not date.from_calendar:
        message += " (counted in calendar days: the school calendar has no term dates for then)"
    return message


@require_GET
@requires(VIEW)
def plan(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = selectors.plan_placement(membership=membership, pk=pk)
    education_plan = selectors.plan_of(placement)
    services.plan_viewed(
        actor=user, membership=membership, placement=placement, plan=education_plan
    )
    context: dict[str, object] = {
        "title": f"Education plan: {placement.pupil.display_name}",
        "placement": placement,
        "pupil": placement.pupil,
        "plan": education_plan,
        "can_manage": can(membership, MANAGE),
    }
    if education_plan is not None:
        context |= _plan_context(placement, education_plan)
    return render(request, "placements/plans/plan.html", context)


def _plan_context(placement: Placement, education_plan: EducationPlan) -> dict[str, object]:
    today = selectors.today()
    weeks = education_plan.review_every_weeks
    basis = present.latest_review_on(education_plan) or placement.start_date
    counted = selectors.review_date_after(placement=placement, start=basis, weeks=weeks)
    horizon = selectors.due_horizon(la=placement.pupil.school.local_authority_id, on=today)
    return {
        "targets": present.target_rows(education_plan),
        "reviews": present.reviews_of(education_plan),
        "review_status": present.review_status(
            education_plan.next_review_on, today=today, horizon=horizon
        ),
        "review_every": present.weeks_phrase(weeks),
        "calendar_note": present.calendar_note(counted, weeks=weeks, after=basis),
    }


def _plan_version(plan: EducationPlan | None) -> dict[str, object]:
    """What the plan page edits, and whether the plan has been made (for the version check)."""
    return {"made": plan is not None, **present.plan_initial(plan)}


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def plan_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = selectors.plan_placement(membership=membership, pk=pk)
    existing = selectors.plan_of(placement)
    initial = present.plan_initial(existing)
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    check = concurrency.track(form, existing, scope=request.path, snapshot=_plan_version)
    done = "The plan has been saved" if existing else "The plan has been made"

    def stale(refused: StaleEditError) -> HttpResponse:
        services.plan_viewed(
            actor=user, membership=membership, placement=placement, plan=refused.record
        )
        back = (reverse("placements:plan", kwargs={"pk": placement.pk}), "Back to the plan")
        context = {"caption": f"{placement.pupil.display_name} at {placement.site.provider.name}"}
        return concurrency.conflict_page(
            request,
            form,
            refused,
            noun="education plan",
            back=back,
            pupil_id=placement.pupil_id,
            context=context,
        )

    if response := submit(
        request,
        form,
        lambda: services.plan_save(
            actor=user,
            membership=membership,
            placement=placement,
            details=form.details(),
            check=check,
        ),
        done=lambda saved: _date_message(done, saved[1]) if saved[1] else done,
        then=lambda _: _to_plan(placement),
        on_stale=stale,
    ):
        return response
    return render(
        request,
        "placements/plans/plan_form.html",
        {
            "title": "Change the education plan" if existing else "Make an education plan",
            "form": form,
            "placement": placement,
            "pupil": placement.pupil,
            "plan": existing,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def target_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = selectors.plan_placement(membership=membership, pk=pk)
    education_plan = selectors.plan_of(placement)
    if education_plan is None:
        messages.info(request, "Make the plan before adding targets")
        return redirect("placements:plan_edit", pk=placement.pk)
    posted = request.method == "POST"
    form = TargetForm(request.POST if posted else None, starts_on=placement.start_date)
    if posted and form.is_valid():
        services.target_add(
            actor=user, membership=membership, plan=education_plan, details=form.details()
        )
        messages.success(request, "The target has been added")
        return _to_plan(placement)
    return _target_page(request, form, placement, title="Add a target")


def _target_page(
    request: HttpRequest, form: TargetForm, placement: Placement, *, title: str
) -> HttpResponse:
    return render(
        request,
        "placements/plans/target_form.html",
        {"title": title, "form": form, "placement": placement, "pupil": placement.pupil},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def target_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    target = selectors.access_target(membership=membership, pk=pk)
    placement = target.plan.placement
    posted = request.method == "POST"
    form = TargetForm(
        request.POST if posted else None,
        starts_on=placement.start_date,
        initial=present.target_initial(target),
    )
    if posted and form.is_valid():
        services.target_change(
            actor=user, membership=membership, target=target, details=form.details()
        )
        messages.success(request, "The target has been changed")
        return _to_plan(placement)
    return _target_page(request, form, placement, title="Change a target")


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def target_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    target = selectors.access_target(membership=membership, pk=pk)
    placement = target.plan.placement
    if selectors.target_has_progress(target):
        messages.info(request, present.KEPT_TARGET)
        return _to_plan(placement)
    if request.method == "POST":
        try:
            services.target_remove(actor=user, membership=membership, target=target)
            messages.success(request, "The target has been removed")
        except services.TargetHasProgressError:
            messages.info(request, present.KEPT_TARGET)
        return _to_plan(placement)
    return render(
        request,
        "placements/plans/target_remove.html",
        {
            "title": "Remove this target?",
            "target": target,
            "placement": placement,
            "pupil": placement.pupil,
        },
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def review_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = selectors.plan_placement(membership=membership, pk=pk)
    education_plan = selectors.plan_of(placement)
    if education_plan is None:
        messages.info(request, "Make the plan before recording a review")
        return redirect("placements:plan_edit", pk=placement.pk)
    posted = request.method == "POST"
    form = ReviewForm(
        request.POST if posted else None,
        targets=selectors.plan_targets(education_plan),
        starts_on=placement.start_date,
    )
    if posted and form.is_valid():
        review, counted = services.review_record(
            actor=user, membership=membership, plan=education_plan, details=form.details()
        )
        messages.success(request, _date_message("The review has been recorded", counted))
        return redirect("placements:review_detail", pk=review.pk)
    return render(
        request,
        "placements/plans/review_form.html",
        {
            "title": "Record a review",
            "form": form,
            "placement": placement,
            "pupil": placement.pupil,
            "plan": education_plan,
            "scale": present.PROGRESS_SCALE,
        },
        status=form_status(form),
    )


@require_GET
@requires(VIEW)
def review_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    review = selectors.access_review(membership=membership, pk=pk)
    education_plan = review.plan
    placement = education_plan.placement
    services.review_viewed(actor=user, membership=membership, review=review)
    weeks = education_plan.review_every_weeks
    counted = selectors.review_date_after(placement=placement, start=review.held_on, weeks=weeks)
    return render(
        request,
        "placements/plans/review_detail.html",
        {
            "title": f"Review on {review.held_on:%-d %B %Y}: {placement.pupil.display_name}",
            "review": review,
            "placement": placement,
            "pupil": placement.pupil,
            "decision": present.decision_tag(review.decision),
            "progress": present.progress_rows(review),
            "calendar_note": present.calendar_note(counted, weeks=weeks, after=review.held_on),
            "asks_to_end": present.asks_to_end(review, placement),
            "can_manage": can(membership, MANAGE),
        },
    )


@require_GET
@requires(MANAGE)
def reviews_due(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = selectors.today()
    horizon = selectors.due_horizon(la=selectors.authority_of(membership), on=today)
    plans = list(selectors.reviews_due(membership=membership, until=horizon.until))
    rows = present.due_rows(plans, today=today, horizon=horizon)
    return render(
        request,
        "placements/plans/reviews_due.html",
        {
            "title": "Reviews overdue and due soon",
            "rows": rows,
            "summary": present.due_summary(rows),
            "horizon": horizon,
            "today": today,
            "show_school": membership.school_id is None,
        },
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/plan/", plan, name="plan"),
    path("<uuid:pk>/plan/edit/", plan_edit, name="plan_edit"),
    path("<uuid:pk>/plan/targets/new/", target_add, name="target_add"),
    path("plan/targets/<uuid:pk>/edit/", target_edit, name="target_edit"),
    path("plan/targets/<uuid:pk>/remove/", target_remove, name="target_remove"),
    path("<uuid:pk>/plan/reviews/new/", review_add, name="review_add"),
    path("reviews/<uuid:pk>/", review_detail, name="review_detail"),
    path("reviews/", reviews_due, name="reviews_due"),
]
