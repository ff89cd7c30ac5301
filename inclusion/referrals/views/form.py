"""The school's side of the Referral and Commissioning Form: choose the pupil, fill in the
sections from a task list (saved as a draft as you go), check your answers, submit, and
withdraw. Only a draft or returned referral can be changed, by the school's staff or a
co-ordinator who may see it; anything else is shown on the case page instead."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inclusion.accounts.access import actor_of, requires
from inclusion.accounts.models import Membership, User
from inclusion.core import concurrency
from inclusion.core.forms import form_status
from inclusion.core.submit import RefusedError, StaleEditError
from inclusion.core.submit import submit as save_form
from inclusion.pupils.models import Pupil
from inclusion.pupils.selectors import PupilFilters, access_pupil, pupil_search
from inclusion.referrals.forms.sections import NAMED_WITHOUT_CONSENT, SECTION_FORMS
from inclusion.referrals.forms.steps import (
    InterventionForm,
    PupilSearchForm,
    StartForm,
    SubmitForm,
)
from inclusion.referrals.lifecycle import EDITABLE_STATUSES
from inclusion.referrals.models import Referral, Status
from inclusion.referrals.presenters.answers import answer_sections, missing_links
from inclusion.referrals.presenters.task_list import SECTION_TITLES, returned_question, task_list
from inclusion.referrals.selectors.access import access_referral
from inclusion.referrals.services import form as services
from inclusion.referrals.services.lifecycle import (
    NoPartnershipError,
    TransitionNotAllowedError,
    referral_create,
)

EDIT = "referrals.submit_referral"  # the school's side of the form: fill in, submit, withdraw
RESULTS_CAP = 20
NO_PARTNERSHIP = (
    "The pupil's school is not in an inclusion partnership, so there is no one to refer to. "
    "Contact the local authority's inclusion team"
)
INCOMPLETE = "Answer the missing questions before you submit the referral"


@dataclass(frozen=True)
class Acting:
    user: User
    membership: Membership
    referral: Referral


def case_url(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"pk": referral.pk})


def _not_editable(request: HttpRequest, referral: Referral) -> HttpResponse:
    status = referral.get_status_display().lower()
    messages.info(
        request, f"Referral {referral.reference} is {status}, so it can no longer be changed"
    )
    return redirect(case_url(referral))


def editable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pass the view the referral when the acting membership may see it (else 404) and it
    may still be changed (else back to the case page with a message)."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: uuid.UUID, **kwargs: Any) -> HttpResponse:
        user, membership = actor_of(request)
        referral = access_referral(membership=membership, pk=pk)
        if referral.status not in EDITABLE_STATUSES:
            return _not_editable(request, referral)
        try:
            return view(request, Acting(user, membership, referral), **kwargs)
        except (services.NotEditableError, TransitionNotAllowedError):
            return _not_editable(request, referral)

    return wrapped


def _viewed(acting: Acting) -> None:
    services.referral_viewed(
        referral=acting.referral, actor=acting.user, membership=acting.membership
    )


def _to_task_list(referral: Referral) -> HttpResponse:
    return redirect("referrals:task_list", pk=referral.pk)


def _search(membership: Membership, query: str) -> list[Pupil]:
    """At most one more than the cap, so the page can say there are more."""
    if not query:
        return []
    pupils = pupil_search(membership=membership, filters=PupilFilters(query=query))
    return list(pupils[: RESULTS_CAP + 1])


@require_http_methods(["GET", "POST"])
@requires("referrals.create_referral")
def start(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    posted = request.method == "POST"
    search = PupilSearchForm(request.POST if posted else request.GET or None)
    form = StartForm(request.POST if posted else None)
    if posted and form.is_valid():
        pupil = access_pupil(membership=membership, pk=form.cleaned_data["pupil"])
        try:
            referral = referral_create(actor=user, membership=membership, pupil=pupil)
        except NoPartnershipError:
            form.add_error(None, NO_PARTNERSHIP)
        else:
            return _to_task_list(referral)
    query = search.query()
    found = _search(membership, query)
    return render(
        request,
        "referrals/form/start.html",
        {
            "title": "Which pupil are you referring?",
            "search": search,
            "form": form if form.errors else search,
            "query": query,
            "pupils": found[:RESULTS_CAP],
            "more": len(found) > RESULTS_CAP,
            "cap": RESULTS_CAP,
        },
        status=max(form_status(form), form_status(search)),
    )


@require_GET
@requires(EDIT)
@editable
def task_list_page(request: HttpRequest, acting: Acting) -> HttpResponse:
    referral = acting.referral
    _viewed(acting)
    return render(
        request,
        "referrals/form/task_list.html",
        {
            "title": f"Referral for {referral.pupil.display_name}",
            "referral": referral,
            "tasks": task_list(referral, interventions=referral.interventions.count()),
            "question": returned_question(referral),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(EDIT)
@editable
def section(request: HttpRequest, acting: Acting, section: str) -> HttpResponse:
    if section == "interventions":
        return _interventions(request, acting)
    form_class = SECTION_FORMS.get(section)
    if form_class is None:
        raise Http404
    referral, posted = acting.referral, request.method == "POST"
    form = form_class(
        request.POST if posted else None,
        initial=form_class.initial_for(referral, acting.user),
        referral=referral,
    )
    check = concurrency.track(form, referral, scope=request.path, snapshot=form_class.snapshot)

    def write() -> list[str]:
        try:
            return services.referral_section_save(
                referral=referral,
                actor=acting.user,
                membership=acting.membership,
                section=section,
                values=form.values(),
                check=check,
            )
        except services.NamedWithoutConsentError as error:
            raise RefusedError(NAMED_WITHOUT_CONSENT[error.field], field=error.field) from error

    def stale(refused: StaleEditError) -> HttpResponse:
        _viewed(acting)
        return concurrency.conflict_page(
            request,
            form,
            refused,
            noun="referral",
            back=(
                reverse("referrals:task_list", kwargs={"pk": referral.pk}),
                "Back to the referral",
            ),
            pupil_id=referral.pupil_id,
            context={"caption": f"Referral {referral.reference}: {SECTION_TITLES[section]}"},
        )

    if response := save_form(
        request, form, write, done=None, then=lambda _: _to_task_list(referral), on_stale=stale
    ):
        return response
    if not posted:
        _viewed(acting)
    return render(
        request,
        "referrals/form/section.html",
        {"title": SECTION_TITLES[section], "referral": referral, "form": form},
        status=form_status(form),
    )


def _interventions(request: HttpRequest, acting: Acting) -> HttpResponse:
    referral = acting.referral
    if request.method == "POST":
        return _to_task_list(referral)
    _viewed(acting)
    return render(
        request,
        "referrals/form/interventions.html",
        {
            "title": SECTION_TITLES["interventions"],
            "referral": referral,
            "interventions": list(referral.interventions.all()),
        },
    )


def _to_interventions(referral: Referral) -> HttpResponse:
    return redirect("referrals:section", pk=referral.pk, section="interventions")


@require_http_methods(["GET", "POST"])
@requires(EDIT)
@editable
def intervention_add(request: HttpRequest, acting: Acting) -> HttpResponse:
    referral = acting.referral
    form = InterventionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.intervention_add(
            referral=referral,
            actor=acting.user,
            membership=acting.membership,
            details=form.details(),
        )
        return _to_interventions(referral)
    return render(
        request,
        "referrals/form/intervention_add.html",
        {"title": "Add an intervention", "referral": referral, "form": form},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires(EDIT)
@editable
def intervention_remove(
    request: HttpRequest, acting: Acting, intervention_pk: uuid.UUID
) -> HttpResponse:
    referral = acting.referral
    intervention = get_object_or_404(referral.interventions, pk=intervention_pk)
    if request.method == "POST":
        services.intervention_remove(
            intervention=intervention, actor=acting.user, membership=acting.membership
        )
        return _to_interventions(referral)
    return render(
        request,
        "referrals/form/intervention_remove.html",
        {
            "title": "Are you sure you want to remove this intervention?",
            "referral": referral,
            "intervention": intervention,
        },
    )


def _check_page(request: HttpRequest, acting: Acting, form: SubmitForm) -> HttpResponse:
    referral = acting.referral
    return render(
        request,
        "referrals/form/check.html",
        {
            "title": "Check your answers before submitting the referral",
            "referral": referral,
            "sections": answer_sections(referral, list(referral.interventions.all())),
            "missing": missing_links(referral),
            "question": returned_question(referral),
            "form": form,
        },
        status=form_status(form),
    )


@require_GET
@requires(EDIT)
@editable
def check(request: HttpRequest, acting: Acting) -> HttpResponse:
    _viewed(acting)
    returned = acting.referral.status == Status.RETURNED
    return _check_page(request, acting, SubmitForm(returned=returned))


@require_POST
@requires(EDIT)
@editable
def submit(request: HttpRequest, acting: Acting) -> HttpResponse:
    referral = acting.referral
    form = SubmitForm(request.POST, returned=referral.status == Status.RETURNED)
    if form.is_valid():
        try:
            services.referral_submit(
                referral=referral,
                actor=acting.user,
                membership=acting.membership,
                answer=form.answer_text(),
            )
        except services.IncompleteError:
            form.add_error(None, INCOMPLETE)
        except services.AnswerRequiredError:
            form.add_error("answer", "Enter your answer to the co-ordinator's question")
        else:
            return redirect("referrals:submitted", pk=referral.pk)
    return _check_page(request, acting, form)


@require_GET
@requires(EDIT)
def submitted(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    referral = access_referral(membership=membership, pk=pk)
    if referral.status in EDITABLE_STATUSES:
        return _to_task_list(referral)
    if referral.status == Status.WITHDRAWN:
        return redirect(case_url(referral))
    return render(
        request,
        "referrals/form/submitted.html",
        {"title": "Referral submitted", "referral": referral},
    )


@require_http_methods(["GET", "POST"])
@requires(EDIT)
@editable
def withdraw(request: HttpRequest, acting: Acting) -> HttpResponse:
    referral = acting.referral
    if request.method == "POST":
        services.referral_withdraw(
            referral=referral, actor=acting.user, membership=acting.membership
        )
        messages.success(request, f"Referral {referral.reference} has been withdrawn")
        return redirect(case_url(referral))
    return render(
        request,
        "referrals/form/withdraw.html",
        {"title": "Are you sure you want to withdraw this referral?", "referral": referral},
    )


urlpatterns: list[URLPattern] = [
    path("new/", start, name="start"),
    path("<uuid:pk>/form/", task_list_page, name="task_list"),
    path("<uuid:pk>/form/check/", check, name="check"),
    path("<uuid:pk>/form/submit/", submit, name="submit"),
    path("<uuid:pk>/form/submitted/", submitted, name="submitted"),
    path("<uuid:pk>/form/withdraw/", withdraw, name="withdraw"),
    path("<uuid:pk>/form/interventions/add/", intervention_add, name="intervention_add"),
    path(
        "<uuid:pk>/form/interventions/<uuid:intervention_pk>/remove/",
        intervention_remove,
        name="intervention_remove",
    ),
    path("<uuid:pk>/form/<slug:section>/", section, name="section"),
]
