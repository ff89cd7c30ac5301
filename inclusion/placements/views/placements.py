"""Placement pages: the list, one placement, setting one up (from a forum decision or by the
school), its details and timetable, moving it on (agree, start, end) past the guards, the LA
officer's compliance override, the Virtual School step, and a pupil's placements with the
part-time timetable agreement.

Provider staff never reach these pages (404): they see the information pack instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.accounts.models import Membership, User
from inclusion.core import concurrency
from inclusion.core.forms import GovukForm, form_status
from inclusion.core.pagination import pagination_links
from inclusion.core.submit import RefusedError, StaleEditError, submit
from inclusion.placements import lifecycle
from inclusion.placements.forms.placements import (
    ComplianceOverrideForm,
    PartTimeForm,
    PlacementFilterForm,
    PlacementForm,
    SessionForm,
    TransitionForm,
    VirtualSchoolForm,
)
from inclusion.placements.hours import COUNTED_STATUSES
from inclusion.placements.models import Placement
from inclusion.placements.presenters import placements as present
from inclusion.placements.selectors import placements as select
from inclusion.placements.selectors.access import sees_pack_only
from inclusion.placements.services import guards
from inclusion.placements.services import placements as services
from inclusion.pupils.models import Pupil
from inclusion.pupils.selectors import access_pupil
from inclusion.visits.presenters import placement_section as visits_section

PAGE_SIZE = 25
NOT_PART_TIME = "The pupil's timetable is not part time, so there is nothing to agree"
Status = Placement.Status


def _not_for_provider_staff(membership: Membership) -> None:
    if sees_pack_only(membership):
        raise Http404


def _placement(membership: Membership, pk: uuid.UUID) -> Placement:
    _not_for_provider_staff(membership)
    return select.placement_page(membership=membership, pk=pk)


def _changeable(membership: Membership, pk: uuid.UUID) -> Placement:
    """A placement the membership may change: 404 when it may only read it."""
    placement = _placement(membership, pk)
    if not present.may_change(placement, membership):
        raise Http404
    return placement


def _warn_mode() -> bool:
    return bool(settings.REGISTRATION_TEST_GUARD == guards.WARN)


# The list and one placement ------------------------------------------------------------------


@require_GET
@requires("placements.view_placement")
def placement_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    _not_for_provider_staff(membership)
    form = PlacementFilterForm(
        request.GET or None,
        providers=select.list_providers(membership=membership),
        schools=select.list_schools(membership=membership),
    )
    placements = select.placement_list(membership=membership, filters=form.filters())
    if form.errors:  # say what is wrong rather than silently ignoring the filter
        placements = placements.none()
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/placements/list.html",
        {
            "title": "Placements",
            "filter_form": form,
            "form": form if form.errors else None,
            "page": page,
            "rows": present.list_rows(page.object_list),
            "pagination": pagination_links(request, page),
        },
        status=form_status(form),
    )


@require_GET
@requires("placements.view_placement")
def placement_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    placement = _placement(membership, pk)
    today = timezone.localdate()
    page = present.PlacementPresenter(
        placement,
        membership=membership,
        today=today,
        term_days=select.term_school_days(placement.pupil.school.local_authority_id, today),
    )
    return render(
        request,
        "placements/placements/detail.html",
        {
            "title": page.title,
            "placement": placement,
            "page": page,
            "sees_plan": can(membership, "placements.view_plan"),
            "sees_pack": can(membership, "placements.view_pack"),
            "sees_notes": can(membership, "placements.view_notes"),
            "sees_risk": can(membership, "placements.view_risk_assessment"),
            "visits": visits_section(membership=membership, placement=placement, today=today),
        },
    )


# Setting one up ----------------------------------------------------------------------------


def _placement_form(
    request: HttpRequest, *, for_school: bool, placement: Placement | None = None
) -> PlacementForm:
    return PlacementForm(
        request.POST if request.method == "POST" else None,
        initial=PlacementForm.initial_for(placement) if placement else None,
        sites=select.placement_sites(),
        for_school=for_school,
    )


@require_http_methods(["GET", "POST"])
@requires("placements.create_from_decision")
def placement_create_from_decision(request: HttpRequest, decision_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    decision = select.access_decision(membership=membership, pk=decision_pk)
    referral = decision.agenda_item.referral
    form = _placement_form(request, for_school=False)
    return _set_up(
        request,
        form,
        lambda details: services.placement_create_from_decision(
            actor=user, membership=membership, decision=decision, details=details
        ),
        {
            "title": "Set up the placement",
            "caption": f"Referral {referral.reference}, {referral.school.name}",
            "intro": f"Forum decision: {decision.get_outcome_display()}.",
            "pupil": referral.pupil,
        },
    )


def _set_up(
    request: HttpRequest,
    form: PlacementForm,
    create: Callable[[Any], Placement],
    context: dict[str, Any],
) -> HttpResponse:
    """Set up a placement with ``create`` once the form is valid; otherwise show the form."""
    if request.method == "POST" and form.is_valid():
        placement = create(form.details())
        messages.success(request, "The placement has been set up: add its timetable")
        return redirect("placements:timetable", pk=placement.pk)
    return render(
        request,
        "placements/placements/form.html",
        {**context, "form": form, "button": "Set up the placement"},
        status=form_status(form),
    )


def _pupil_from_query(request: HttpRequest, membership: Membership) -> Pupil:
    try:
        pk = uuid.UUID(request.GET.get("pupil", ""))
    except ValueError:
        raise Http404 from None
    return access_pupil(membership=membership, pk=pk)


@require_http_methods(["GET", "POST"])
@requires("placements.manage_placement")
def placement_create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = _pupil_from_query(request, membership)
    form = _placement_form(request, for_school=True)
    return _set_up(
        request,
        form,
        lambda details: services.placement_create_for_school(
            actor=user, membership=membership, pupil=pupil, details=details
        ),
        {
            "title": "Set up a placement commissioned by the school",
            "caption": f"{pupil.display_name}, {pupil.school.name}",
            "intro": "The school commissions this placement itself, under its own agreement "
            "with the provider.",
            "pupil": pupil,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("placements.change_placement")
def placement_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = _changeable(membership, pk)
    form = _placement_form(
        request,
        for_school=placement.commissioner == Placement.Commissioner.SCHOOL,
        placement=placement,
    )
    locked = placement.status not in lifecycle.EDITABLE_STATUSES
    check = concurrency.track(
        form, placement, scope=request.path, snapshot=PlacementForm.initial_for
    )

    def write() -> list[str]:
        try:
            return services.placement_update(
                actor=user,
                membership=membership,
                placement=placement,
                details=form.details(),
                check=check,
            )
        except services.PlacementNotChangeableError as refused:
            raise RefusedError(str(refused)) from refused

    def stale(refused: StaleEditError) -> HttpResponse:
        back = (reverse("placements:detail", kwargs={"pk": placement.pk}), "Back to the placement")
        return concurrency.conflict_page(
            request,
            form,
            refused,
            noun="placement",
            back=back,
            pupil_id=placement.pupil_id,
            context={"caption": f"{placement.pupil.display_name}, {placement.pupil.school.name}"},
        )

    if response := submit(
        request,
        form,
        write,
        done="The placement's details have been saved",
        then=lambda _: redirect("placements:detail", pk=placement.pk),
        on_stale=stale,
    ):
        return response
    return render(
        request,
        "placements/placements/form.html",
        {
            "title": "Change the placement's details",
            "form": form,
            "caption": f"{placement.pupil.display_name}, {placement.pupil.school.name}",
            "placement": placement,
            "pupil": placement.pupil,
            "locked": locked,
            "button": "Save the details",
        },
        status=form_status(form),
    )


# The timetable -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("placements.change_placement")
def placement_timetable(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = _changeable(membership, pk)
    may_override = _warn_mode() and placement.status in COUNTED_STATUSES
    posted = request.method == "POST"
    form: GovukForm = SessionForm(None, may_override=may_override)
    if posted and "remove" in request.POST:
        try:
            _remove_session(request, user=user, membership=membership, placement=placement)
        except services.PlacementNotChangeableError as refused:
            form = _refusal([str(refused)])
        else:
            messages.success(request, "The session has been removed")
            return redirect("placements:timetable", pk=placement.pk)
    elif posted:
        form = SessionForm(request.POST, may_override=may_override)
        if form.is_valid():
            try:
                _add_session(form, user=user, membership=membership, placement=placement)
            except services.GuardRefusedError as refused:
                _add_errors(form, refused.messages)
            except services.PlacementNotChangeableError as refused:
                _add_errors(form, [str(refused)])
            else:
                messages.success(request, "The session has been added")
                return redirect("placements:timetable", pk=placement.pk)
    today = timezone.localdate()
    page = present.PlacementPresenter(
        placement,
        membership=membership,
        today=today,
        term_days=select.term_school_days(placement.pupil.school.local_authority_id, today),
    )
    return render(
        request,
        "placements/placements/timetable.html",
        {"title": "The weekly timetable", "placement": placement, "page": page, "form": form},
        status=form_status(form),
    )


def _refusal(errors: list[str]) -> GovukForm:
    """A form holding only ``errors``, for the error summary of a refused action."""
    form = GovukForm({})
    form.is_valid()
    _add_errors(form, errors)
    return form


def _add_errors(form: GovukForm, errors: list[str]) -> None:
    for message in errors:
        form.add_error(None, message)


def _add_session(
    form: SessionForm, *, user: User, membership: Membership, placement: Placement
) -> None:
    data = form.cleaned_data
    services.session_add(
        actor=user,
        membership=membership,
        placement=placement,
        weekday=data["weekday"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        override_reason=data.get("override_reason", ""),
    )


def _remove_session(
    request: HttpRequest, *, user: User, membership: Membership, placement: Placement
) -> None:
    try:
        session_id = uuid.UUID(request.POST.get("remove", ""))
    except ValueError:
        raise Http404 from None
    services.session_remove(
        actor=user, membership=membership, placement=placement, session_id=session_id
    )


# Moves -------------------------------------------------------------------------------------


def _not_allowed(placement: Placement, move: lifecycle.Move) -> str:
    status = Status(placement.status).label.lower()
    return f"This placement is {status}, so it cannot be {move.verb}"


@require_http_methods(["GET", "POST"])
@requires("placements.change_placement")
def placement_transition(request: HttpRequest, pk: uuid.UUID, to: str) -> HttpResponse:
    user, membership = actor_of(request)
    placement = _changeable(membership, pk)
    move = lifecycle.move_for(placement.status, to)
    if move is None:
        raise Http404
    allowed = lifecycle.is_allowed(placement.status, to)
    today = timezone.localdate()
    warning = (
        guards.registration_warning(placement, list(placement.sessions.all()), today)
        if allowed and to == Status.AGREED and _warn_mode()
        else None
    )
    ending = placement.status == Status.ACTIVE and to == Status.ENDED
    form = TransitionForm(
        request.POST if request.method == "POST" else None,
        ending=ending,
        not_going_ahead=move is lifecycle.NOT_GOING_AHEAD,
        wants_override=warning is not None and not placement.registration_override_reason,
    )
    if request.method == "POST" and not allowed:
        form.is_valid()
        form.add_error(None, _not_allowed(placement, move))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_transition(
                placement=placement,
                to=to,
                actor=user,
                membership=membership,
                note=data["note"].strip(),
                reason=data.get("reason", ""),
                end_date=data.get("end_date"),
                override_reason=data.get("override_reason", ""),
            )
        except services.TransitionNotAllowedError:
            form.add_error(None, _not_allowed(placement, move))
        except services.GuardRefusedError as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(request, move.done)
            return redirect("placements:detail", pk=placement.pk)
    # What stands in the way, said before the person confirms (ending asks its own questions).
    blocking = []
    if allowed and not ending and request.method == "GET":
        blocking = guards.guards_before(placement, to, today)
    return render(
        request,
        "placements/placements/transition.html",
        {
            "title": move.title,
            "placement": placement,
            "move": move,
            "form": form,
            "allowed": allowed,
            "not_allowed": "" if allowed else _not_allowed(placement, move),
            "blocking": blocking,
        },
        status=form_status(form),
    )


# The guards' pages -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("placements.override_compliance")
def override_compliance(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = _placement(membership, pk)
    today = timezone.localdate()
    form = ComplianceOverrideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.compliance_override(
                actor=user,
                membership=membership,
                placement=placement,
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except services.PlacementNotChangeableError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The lapsed compliance has been overridden")
            return redirect("placements:detail", pk=placement.pk)
    return render(
        request,
        "placements/placements/override_compliance.html",
        {
            "title": "Override the provider's lapsed compliance",
            "placement": placement,
            "form": form,
            "lapsed": guards.compliance_lapsed(placement, today),
            "proposed": placement.status == Status.PROPOSED,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("placements.record_virtual_school")
def virtual_school(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = _placement(membership, pk)
    needed = guards.virtual_school_step_needed(placement.pupil)
    if not needed:
        raise Http404
    may_record = services.may_record_virtual_school(membership, placement.pupil)
    form = VirtualSchoolForm(
        request.POST if request.method == "POST" else None, notifying=needed == guards.NOTIFIED
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.virtual_school_record(
                actor=user,
                membership=membership,
                placement=placement,
                note=form.cleaned_data["note"],
            )
        except services.PlacementNotChangeableError as refused:
            form.add_error(None, str(refused))
        except services.TransitionNotAllowedError:
            form.add_error(None, _virtual_school_refusal(placement))
        else:
            messages.success(request, "The Virtual School step has been recorded")
            return redirect("placements:detail", pk=placement.pk)
    return render(
        request,
        "placements/placements/virtual_school.html",
        {
            "title": "Approve the placement"
            if needed == guards.APPROVED
            else "Record that the Virtual School was told",
            "placement": placement,
            "form": form,
            "needed": needed,
            "may_record": may_record,
            "refusal": "" if may_record else _virtual_school_refusal(placement),
        },
        status=form_status(form),
    )


def _virtual_school_refusal(placement: Placement) -> str:
    care = placement.pupil.care_la.name if placement.pupil.care_la else "the care authority"
    return f"Only the Virtual School of {care} can approve this placement"


# A pupil's placements ----------------------------------------------------------------------


@require_GET
@requires("placements.view_placement")
def pupil_placements(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    _not_for_provider_staff(membership)
    pupil = access_pupil(membership=membership, pk=pupil_pk)
    summary = present.pupil_placements(
        select.pupil_placements(membership=membership, pupil=pupil), timezone.localdate()
    )
    return render(
        request,
        "placements/placements/pupil.html",
        {
            "title": f"Placements: {pupil.display_name}",
            "pupil": pupil,
            "placements": summary,
            "can_manage": can(membership, "placements.manage_placement"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("placements.manage_placement")
def part_time(request: HttpRequest, pupil_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = access_pupil(membership=membership, pk=pupil_pk)
    placements = select.pupil_placements(membership=membership, pupil=pupil, current_only=True)
    summary = present.pupil_placements(placements, timezone.localdate())
    form = PartTimeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not summary.part_time:
            form.add_error(
                None, "The pupil's timetable is not part time, so there is nothing to agree"
            )
        else:
            services.part_time_agree(
                actor=user,
                membership=membership,
                placements=placements,
                review_on=form.cleaned_data["review_on"],
            )
            messages.success(request, "The part-time timetable has been agreed")
            return redirect("pupils:detail", pk=pupil.pk)
    return render(
        request,
        "placements/placements/part_time.html",
        {
            "title": "Agree a part-time timetable",
            "pupil": pupil,
            "placements": summary,
            "form": form,
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("", placement_list, name="list"),
    path("new/", placement_create, name="create"),
    path(
        "from-decision/<uuid:decision_pk>/",
        placement_create_from_decision,
        name="create_from_decision",
    ),
    path("<uuid:pk>/", placement_detail, name="detail"),
    path("<uuid:pk>/edit/", placement_edit, name="edit"),
    path("<uuid:pk>/timetable/", placement_timetable, name="timetable"),
    path("<uuid:pk>/status/<str:to>/", placement_transition, name="transition"),
    path("<uuid:pk>/compliance-override/", override_compliance, name="override_compliance"),
    path("<uuid:pk>/virtual-school/", virtual_school, name="virtual_school"),
    path("pupils/<uuid:pupil_pk>/", pupil_placements, name="pupil"),
    path("pupils/<uuid:pupil_pk>/part-time/", part_time, name="part_time"),
]
