"""Quality assurance pages: a provider's QA reports, one report read area by area, recording
a visit on the shared template, and marking an action done.

Every school (everyone who may see the provider) reads the reports; co-ordinators and LA
officers record them.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core.forms import form_status
from inclusion.providers.forms.qa import QaActionCompleteForm, QaVisitForm
from inclusion.providers.presenters.provider import ProviderPresenter
from inclusion.providers.presenters.qa import area_reports, rating_tag
from inclusion.providers.selectors.access import access_provider
from inclusion.providers.selectors.qa import (
    access_qa_action,
    access_qa_visit,
    provider_with_visits,
)
from inclusion.providers.services import qa as services


@require_GET
@requires("providers.view_directory")
def qa_list(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    provider = provider_with_visits(membership=membership, pk=pk)
    visits = [(visit, rating_tag(visit.overall_rating)) for visit in provider.visits]  # type: ignore[attr-defined]
    return render(
        request,
        "providers/qa/list.html",
        {
            "title": f"Quality assurance reports: {provider.name}",
            "provider": ProviderPresenter(provider, timezone.localdate()),
            "visits": visits,
            "can_record_qa": can(membership, "providers.record_qa_visit"),
        },
    )


@require_GET
@requires("providers.view_directory")
def qa_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    visit = access_qa_visit(membership=membership, pk=pk)
    return render(
        request,
        "providers/qa/detail.html",
        {
            "title": f"QA visit on {visit.visited_on:%-d %B %Y}: {visit.provider.name}",
            "visit": visit,
            "provider": visit.provider,
            "rating_tag": rating_tag(visit.overall_rating),
            "areas": area_reports(visit),
            "actions": list(visit.actions.all()),
            "today": timezone.localdate(),
            "can_record_qa": can(membership, "providers.record_qa_visit"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("providers.record_qa_visit")
def qa_record(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    provider = access_provider(membership=membership, pk=pk)
    form = QaVisitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        visit = services.qa_visit_record(
            actor=user, membership=membership, provider=provider, details=form.details()
        )
        messages.success(request, "The QA visit has been recorded")
        return redirect("providers:qa_detail", pk=visit.pk)
    return render(
        request,
        "providers/qa/form.html",
        {"title": "Record a QA visit", "form": form, "provider": provider},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("providers.record_qa_visit")
def qa_action_complete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    action = access_qa_action(membership=membership, pk=pk)
    visit = action.visit
    if action.completed_on is not None:
        messages.info(request, "That action is already marked as done")
        return redirect("providers:qa_detail", pk=visit.pk)
    posted = request.method == "POST"
    form = QaActionCompleteForm(
        request.POST if posted else None,
        visited_on=visit.visited_on,
        initial={"completed_on": timezone.localdate()},
    )
    if posted and form.is_valid():
        try:
            services.qa_action_complete(
                actor=user,
                membership=membership,
                action=action,
                completed_on=form.cleaned_data["completed_on"],
            )
            messages.success(request, "The action has been marked as done")
        except services.QaActionAlreadyCompletedError:
            messages.info(request, "Someone else had already marked that action as done")
        return redirect("providers:qa_detail", pk=visit.pk)
    return render(
        request,
        "providers/qa/action_complete.html",
        {
            "title": "Mark an action as done",
            "form": form,
            "action": action,
            "provider": visit.provider,
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/qa/", qa_list, name="qa_list"),
    path("<uuid:pk>/qa/new/", qa_record, name="qa_record"),
    path("qa/<uuid:pk>/", qa_detail, name="qa_detail"),
    path("qa/actions/<uuid:pk>/complete/", qa_action_complete, name="qa_action_complete"),
]
