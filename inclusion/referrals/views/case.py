"""The case page of a referral, the co-ordinator's triage actions on it, and confirming by
hand where the pupil lives."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core.forms import GovukForm, form_status
from inclusion.referrals.case_forms import AcceptForm, CloseForm, ConfirmRoutingForm, ReturnForm
from inclusion.referrals.case_presenters import (
    CasePresenter,
    RoutingPanel,
    may_edit,
    task_list_url,
    triage_actions,
)
from inclusion.referrals.lifecycle import allowed_moves
from inclusion.referrals.models import Referral, Status
from inclusion.referrals.selectors.access import access_referral
from inclusion.referrals.selectors.case import case_history, case_interventions
from inclusion.referrals.services.case import referral_viewed
from inclusion.referrals.services.lifecycle import (
    TransitionNotAllowedError,
    referral_transition,
)
from inclusion.referrals.services.routing import (
    RoutingNotAllowedError,
    referral_confirm_routing,
)


@require_GET
@requires("referrals.view_referral")
def referral_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    referral = access_referral(membership=membership, pk=pk)
    if referral.status == Status.DRAFT and may_edit(referral, membership):
        return redirect(task_list_url(referral))
    referral_viewed(actor=user, membership=membership, referral=referral)
    case = CasePresenter(
        referral, case_history(referral=referral), case_interventions(referral=referral)
    )
    return render(
        request,
        "referrals/case/detail.html",
        {
            "title": f"Referral {referral.reference}",
            "referral": referral,
            "case": case,
            "actions": triage_actions(referral, membership),
            "can_confirm_routing": referral.status != Status.DRAFT
            and can(membership, "referrals.confirm_routing"),
            "edit_url": task_list_url(referral) if may_edit(referral, membership) else "",
            "back_to_queue": can(membership, "referrals.view_queue"),
        },
    )


@dataclass(frozen=True)
class Triage:
    """One triage move: the status it makes, its form and its wording."""

    to: str
    form_class: type[GovukForm]
    title: str
    verb: str  # "returned", as in "this referral cannot be returned"
    button: str
    done: str
    intro: str


TRIAGES: dict[str, Triage] = {
    "return": Triage(
        Status.RETURNED,
        ReturnForm,
        "Return the referral for information",
        "returned",
        "Return to the school",
        "Referral {ref} has been returned to the school with your question",
        "Ask the school for the information you need. The referral goes back to the school "
        "until they answer and submit it again.",
    ),
    "accept": Triage(
        Status.ACCEPTED,
        AcceptForm,
        "Accept the referral for an Inclusion Forum",
        "accepted for a forum",
        "Accept for forum",
        "Referral {ref} has been accepted for an Inclusion Forum",
        "The referral is ready to be scheduled on a forum's agenda. The school is told.",
    ),
    "close": Triage(
        Status.CLOSED,
        CloseForm,
        "Close the referral",
        "closed",
        "Close the referral",
        "Referral {ref} has been closed",
        "Closing ends the case. The school is told, with your reason.",
    ),
}


def _not_allowed(referral: Referral, triage: Triage) -> str:
    status = Status(referral.status).label.lower()
    return f"This referral is {status}, so it cannot be {triage.verb}"


def _triage(request: HttpRequest, pk: uuid.UUID, key: str) -> HttpResponse:
    user, membership = actor_of(request)
    referral = access_referral(membership=membership, pk=pk)
    triage = TRIAGES[key]
    allowed = triage.to in dict(allowed_moves(referral.status))
    form = triage.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_transition(
                referral=referral,
                to=triage.to,
                actor=user,
                membership=membership,
                note=form.cleaned_data["note"].strip(),
            )
        except TransitionNotAllowedError:
            form.add_error(None, _not_allowed(referral, triage))
        else:
            messages.success(request, triage.done.format(ref=referral.reference))
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/case/triage.html",
        {
            "title": triage.title,
            "referral": referral,
            "triage": triage,
            "form": form,
            "allowed": allowed,
            "not_allowed": "" if allowed else _not_allowed(referral, triage),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("referrals.triage_referral")
def referral_return(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _triage(request, pk, "return")


@require_http_methods(["GET", "POST"])
@requires("referrals.triage_referral")
def referral_accept(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _triage(request, pk, "accept")


@require_http_methods(["GET", "POST"])
@requires("referrals.triage_referral")
def referral_close(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _triage(request, pk, "close")


@require_http_methods(["GET", "POST"])
@requires("referrals.confirm_routing")
def confirm_routing(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    referral = access_referral(membership=membership, pk=pk)
    if referral.status == Status.DRAFT:  # a draft is routed when it is submitted
        raise Http404
    form = ConfirmRoutingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.result is not None:
        try:
            referral_confirm_routing(
                referral=referral, result=form.result, actor=user, membership=membership
            )
        except RoutingNotAllowedError:
            raise Http404 from None
        messages.success(request, f"The home local authority is now {form.result.name}")
        return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/case/confirm_routing.html",
        {
            "title": "Confirm where the pupil lives",
            "referral": referral,
            "routing": RoutingPanel(referral),
            "form": form,
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/", referral_detail, name="detail"),
    path("<uuid:pk>/return/", referral_return, name="return"),
    path("<uuid:pk>/accept/", referral_accept, name="accept"),
    path("<uuid:pk>/close/", referral_close, name="close"),
    path("<uuid:pk>/routing/", confirm_routing, name="confirm_routing"),
]
