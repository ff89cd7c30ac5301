"""Managing the list of external support services (co-ordinators and LA officers): every
service, adding and changing one, and taking one off (or back onto) the public list."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.core.forms import form_status
from inclusion.guidance import selectors, services
from inclusion.guidance.forms import SupportServiceForm
from inclusion.guidance.presenters import services_by_category


@require_GET
@requires("guidance.manage_services")
def service_list(request: HttpRequest) -> HttpResponse:
    every = list(selectors.services_for_editors())
    return render(
        request,
        "guidance/support/list.html",
        {
            "title": "Manage support services",
            "active": services_by_category(s for s in every if s.is_active),
            "inactive": [s for s in every if not s.is_active],
        },
    )


@require_http_methods(["GET", "POST"])
@requires("guidance.manage_services")
def service_create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    form = SupportServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        service = services.service_create(actor=user, membership=membership, details=form.details())
        messages.success(request, f"{service.name} has been added")
        return redirect("guidance:service_list")
    return render(
        request,
        "guidance/support/form.html",
        {"title": "Add a support service", "form": form, "service": None},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("guidance.manage_services")
def service_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    service = selectors.service_for_editors(pk=pk)
    form = SupportServiceForm(
        request.POST if request.method == "POST" else None,
        initial=SupportServiceForm.initial_for(service),
    )
    if request.method == "POST" and form.is_valid():
        changed = services.service_update(
            actor=user, membership=membership, service=service, details=form.details()
        )
        messages.success(
            request,
            f"{service.name} has been saved" if changed else "There were no changes to save",
        )
        return redirect("guidance:service_list")
    return render(
        request,
        "guidance/support/form.html",
        {"title": f"Change {service.name}", "form": form, "service": service},
        status=form_status(form),
    )


def _set_active(request: HttpRequest, pk: uuid.UUID, *, active: bool) -> HttpResponse:
    user, membership = actor_of(request)
    service = selectors.service_for_editors(pk=pk)
    if request.method == "POST":
        services.service_set_active(
            actor=user, membership=membership, service=service, active=active
        )
        shown = "is back on" if active else "has been taken off"
        messages.success(request, f"{service.name} {shown} the public list")
        return redirect("guidance:service_list")
    return render(
        request,
        "guidance/support/confirm.html",
        {
            "title": f"{'Show' if active else 'Hide'} {service.name}",
            "service": service,
            "active": active,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("guidance.manage_services")
def service_deactivate(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _set_active(request, pk, active=False)


@require_http_methods(["GET", "POST"])
@requires("guidance.manage_services")
def service_reactivate(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _set_active(request, pk, active=True)


urlpatterns: list[URLPattern] = [
    path("manage/services/", service_list, name="service_list"),
    path("manage/services/new/", service_create, name="service_create"),
    path("manage/services/<uuid:pk>/change/", service_edit, name="service_edit"),
    path("manage/services/<uuid:pk>/deactivate/", service_deactivate, name="service_deactivate"),
    path("manage/services/<uuid:pk>/reactivate/", service_reactivate, name="service_reactivate"),
]
