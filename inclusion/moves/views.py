"""Pages of managed moves and off-site directions.

Staff of the pupil's school record (``moves.record_move``); the receiving school, the
partnership, the LA and the Virtual School (its looked-after pupils) read (``moves.view_moves``).
Provider staff and governance members never reach these pages (404).
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.accounts.models import Membership
from inclusion.calendar.days import SchoolCalendar, calendar_for
from inclusion.core.forms import form_status
from inclusion.core.submit import submit
from inclusion.moves import presenters as present
from inclusion.moves import selectors, services
from inclusion.moves.clocks import TRIAL_MOVES_SOURCE
from inclusion.moves.forms import (
    DirectionForm,
    DirectionOutcomeForm,
    MoveForm,
    MoveOutcomeForm,
    ReviewForm,
    ReviewRequestForm,
)
from inclusion.moves.models import ManagedMove, OffsiteDirection


@require_GET
@requires("moves.view_moves")
def moves_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = selectors.today()
    loaded = selectors.moves_list(membership=membership)
    rows = present.direction_rows(loaded.directions, today)
    return render(
        request,
        "moves/list.html",
        {
            "title": "Managed moves and off-site directions",
            "moves": [(move, present.move_tag(move)) for move in loaded.moves],
            "rows": rows,
            "overdue": sum(1 for row in rows if row.overdue),
            "records": can(membership, "moves.record_move"),
            "today": today,
        },
    )


def _pupil_initial(request: HttpRequest) -> dict[str, str]:
    pupil = request.GET.get("pupil", "")
    return {"pupil": pupil} if pupil else {}


@require_http_methods(["GET", "POST"])
@requires("moves.record_move")
def move_create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    posted = request.method == "POST"
    form = MoveForm(
        request.POST if posted else None,
        today=selectors.today(),
        initial=_pupil_initial(request),
    )
    form.set_choices(
        pupil=selectors.pupils_to_move(membership=membership),
        to_school=selectors.other_schools(membership=membership),
    )
    if response := submit(
        request,
        form,
        lambda: services.move_record(
            actor=user,
            membership=membership,
            pupil=form.cleaned_data["pupil"],
            details=form.details(),
        ),
        done="The managed move has been recorded",
        then=lambda move: redirect("moves:move_detail", pk=move.pk),
    ):
        return response
    return render(
        request,
        "moves/form.html",
        {"title": "Record a managed move", "form": form, "button": "Record the managed move"},
        status=form_status(form),
    )


@require_GET
@requires("moves.view_moves")
def move_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    move = selectors.access_move(membership=membership, pk=pk)
    services.move_viewed(actor=user, membership=membership, move=move)
    return render(
        request,
        "moves/move_detail.html",
        {
            "title": "Managed move",
            "move": move,
            "tag": present.move_tag(move),
            "changes": selectors.may_change(membership, move.from_school_id),
            "trial_source": TRIAL_MOVES_SOURCE,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("moves.record_move")
def move_outcome(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    move = selectors.move_to_change(membership=membership, pk=pk)
    posted = request.method == "POST"
    form = MoveOutcomeForm(request.POST if posted else None, today=selectors.today())
    if response := submit(
        request,
        form,
        lambda: services.move_outcome(
            actor=user,
            membership=membership,
            move=move,
            outcome=form.cleaned_data["outcome"],
            outcome_on=form.cleaned_data["outcome_on"],
        ),
        done=lambda moved: (
            "The outcome has been recorded"
            + (f" and the pupil is now on the roll of {move.to_school.name}" if moved else "")
        ),
        then=lambda _: redirect("moves:move_detail", pk=move.pk),
    ):
        return response
    return render(
        request,
        "moves/form.html",
        {
            "title": "Record the outcome of the managed move",
            "form": form,
            "button": "Record the outcome",
            "caption": f"{move.pupil.display_name} to {move.to_school.name}",
            "back": ("moves:move_detail", move.pk),
        },
        status=form_status(form),
    )


def _own_calendar(membership: Membership) -> SchoolCalendar:
    """The calendar of the school's authority (the rule lets only school staff record)."""
    if membership.school is None:
        raise Http404
    return calendar_for(membership.school.local_authority_id)


@require_http_methods(["GET", "POST"])
@requires("moves.record_move")
def direction_create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    posted = request.method == "POST"
    calendar = _own_calendar(membership)
    form = DirectionForm(
        request.POST if posted else None,
        today=selectors.today(),
        calendar=calendar,
        initial=_pupil_initial(request),
    )
    form.set_choices(
        pupil=selectors.pupils_to_move(membership=membership),
        setting_school=selectors.other_schools(membership=membership),
        setting_provider=selectors.directory_providers(),
    )
    if response := submit(
        request,
        form,
        lambda: services.direction_give(
            actor=user,
            membership=membership,
            pupil=form.cleaned_data["pupil"],
            details=form.details(),
            calendar=calendar,
        ),
        done="The off-site direction has been recorded",
        then=lambda direction: redirect("moves:direction_detail", pk=direction.pk),
    ):
        return response
    return render(
        request,
        "moves/direction_form.html",
        {"title": "Record an off-site direction", "form": form},
        status=form_status(form),
    )


@require_GET
@requires("moves.view_moves")
def direction_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    direction = selectors.access_direction(membership=membership, pk=pk)
    services.direction_viewed(actor=user, membership=membership, direction=direction)
    today = selectors.today()
    calendar = selectors.calendar_for_school(direction.school)
    changes = selectors.may_change(membership, direction.school_id)
    # The receiving school reads what it needs: the arrangement, not the reviews or requests.
    receiving = (
        membership.school_id is not None and membership.school_id == direction.setting_school_id
    )
    requests = [(r, present.request_explanation(r)) for r in direction.review_requests.all()]
    return render(
        request,
        "moves/direction_detail.html",
        {
            "title": "Off-site direction",
            "direction": direction,
            "tag": present.direction_tag(direction, today),
            "clock": present.direction_clock(calendar, direction),
            "dual_registered": present.dual_registered(direction),
            "changes": changes,
            "full": not receiving or changes,
            "requests": requests,
            "outstanding": present.outstanding_request(direction),
            "today": today,
        },
    )


def _direction_page(
    request: HttpRequest, direction: OffsiteDirection, form: object, title: str, button: str
) -> HttpResponse:
    return render(
        request,
        "moves/form.html",
        {
            "title": title,
            "form": form,
            "button": button,
            "caption": f"{direction.pupil.display_name} at {direction.setting_name}",
            "back": ("moves:direction_detail", direction.pk),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("moves.record_move")
def direction_review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    direction = selectors.direction_to_change(membership=membership, pk=pk)
    posted = request.method == "POST"
    form = ReviewForm(
        request.POST if posted else None, today=selectors.today(), direction=direction
    )
    if response := submit(
        request,
        form,
        lambda: services.direction_review(
            actor=user,
            membership=membership,
            direction=direction,
            details=form.details(),
            calendar=selectors.calendar_for_school(direction.school),
        ),
        done="The review has been recorded",
        then=lambda _: redirect("moves:direction_detail", pk=direction.pk),
    ):
        return response
    return _direction_page(request, direction, form, "Record a review", "Record the review")


@require_http_methods(["GET", "POST"])
@requires("moves.record_move")
def direction_request(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    direction = selectors.direction_to_change(membership=membership, pk=pk)
    posted = request.method == "POST"
    form = ReviewRequestForm(
        request.POST if posted else None, today=selectors.today(), direction=direction
    )
    if response := submit(
        request,
        form,
        lambda: services.review_request_record(
            actor=user,
            membership=membership,
            direction=direction,
            requested_on=form.cleaned_data["requested_on"],
            requested_by=form.cleaned_data["requested_by"],
        ),
        done=lambda asked: "The request has been recorded. " + present.request_explanation(asked),
        then=lambda _: redirect("moves:direction_detail", pk=direction.pk),
    ):
        return response
    return _direction_page(
        request, direction, form, "Record a request for a review", "Record the request"
    )


def _outcome_done(move: ManagedMove | None) -> str:
    if move is None:
        return "The outcome has been recorded"
    return (
        "The outcome has been recorded: a completed managed move, and the pupil is now on the "
        f"roll of {move.to_school.name}"
    )


@require_http_methods(["GET", "POST"])
@requires("moves.record_move")
def direction_outcome(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    direction = selectors.direction_to_change(membership=membership, pk=pk)
    posted = request.method == "POST"
    form = DirectionOutcomeForm(
        request.POST if posted else None, today=selectors.today(), direction=direction
    )
    if response := submit(
        request,
        form,
        lambda: services.direction_outcome(
            actor=user, membership=membership, direction=direction, details=form.details()
        ),
        done=_outcome_done,
        then=lambda _: redirect("moves:direction_detail", pk=direction.pk),
    ):
        return response
    return _direction_page(
        request, direction, form, "Record the outcome of the direction", "Record the outcome"
    )
