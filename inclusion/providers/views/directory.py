"""Directory search, the provider page, and editing a provider's record, sites and contacts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.accounts.models import Membership
from inclusion.core.forms import form_status
from inclusion.core.pagination import pagination_links
from inclusion.placements.registration_test import (
    NoRuleInForceError,
    ProviderPosition,
    provider_position,
)
from inclusion.providers.forms.directory import (
    ContactForm,
    DecisionForm,
    DirectoryFilterForm,
    ProviderForm,
    RegistrationChangeForm,
    SiteForm,
)
from inclusion.providers.models import Provider, ProviderContact, ProviderSite, RegistrationChange
from inclusion.providers.presenters.provider import ProviderPresenter
from inclusion.providers.presenters.qa import area_reports
from inclusion.providers.selectors.access import (
    access_provider,
    is_own_provider,
    may_change,
    may_manage,
    may_see_evidence_files,
)
from inclusion.providers.selectors.directory import (
    access_contact,
    access_registration_change,
    access_site,
    directory_search,
    provider_for_page,
)
from inclusion.providers.selectors.evidence import evidence_alerts_for
from inclusion.providers.selectors.qa import latest_qa_visit
from inclusion.providers.services import directory as services
from inclusion.visits.selectors import provider_visits

PAGE_SIZE = 20


@require_GET
@requires("providers.view_directory")
def directory_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = timezone.localdate()
    form = DirectoryFilterForm(request.GET or None)
    providers = directory_search(membership=membership, filters=form.filters(), today=today)
    if form.errors:
        providers = providers.none()
    page = Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/directory/list.html",
        {
            "title": "Alternative provider directory",
            "filter_form": form,
            "form": form if form.errors else None,
            "page": page,
            "results": [ProviderPresenter(p, today) for p in page.object_list],
            "pagination": pagination_links(request, page),
            "can_create": can(membership, "providers.create_provider"),
            "can_manage": may_manage(membership),
        },
        status=form_status(form),
    )


@require_GET
@requires("providers.view_directory")
def provider_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    provider = provider_for_page(membership=membership, pk=pk)
    today = timezone.localdate()
    manager = may_manage(membership)
    latest = latest_qa_visit(provider)
    return render(
        request,
        "providers/directory/detail.html",
        {
            "title": provider.name,
            "provider": ProviderPresenter(provider, today),
            "position": _registration_position(provider, today) if manager else None,
            "latest_visit": latest,
            "latest_areas": area_reports(latest) if latest else [],
            "evidence_alerts": evidence_alerts_for(
                membership=membership, today=today, provider=provider
            ),
            "can_change": may_change(membership, provider),
            "can_manage": manager,
            "is_own": is_own_provider(membership, provider),
            "can_see_files": may_see_evidence_files(membership, provider),
            "can_record_qa": can(membership, "providers.record_qa_visit"),
            "school_visits": provider_visits(provider_id=provider.pk, today=today),
        },
    )


def _registration_position(provider: Provider, today: dt.date) -> ProviderPosition | None:
    """Where the provider stands against the registration test today (for managers)."""
    try:
        return provider_position(provider, today)
    except NoRuleInForceError:
        return None


@require_http_methods(["GET", "POST"])
@requires("providers.create_provider")
def provider_create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    form = ProviderForm(
        request.POST if request.method == "POST" else None,
        with_registration=True,
        initial={"local_authority": membership.local_authority_id or _home_la(membership)},
    )
    if request.method == "POST" and form.is_valid():
        provider = services.provider_create(
            actor=user,
            membership=membership,
            description=form.description_details(),
            registration=form.registration_details(),
            offers=form.chosen_offers(),
        )
        messages.success(request, f"{provider.name} has been added. Now add its sites and contacts")
        return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/directory/form.html",
        {"title": "Add a provider", "form": form},
        status=form_status(form),
    )


def _home_la(membership: Membership) -> uuid.UUID | None:
    partnership = membership.partnership
    return partnership.local_authority_id if partnership is not None else None


def _changeable(request: HttpRequest, pk: uuid.UUID) -> Provider:
    _, membership = actor_of(request)
    provider = access_provider(membership=membership, pk=pk)
    if not may_change(membership, provider):
        raise Http404
    return provider


@require_http_methods(["GET", "POST"])
@requires("providers.change_provider")
def provider_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    provider = _changeable(request, pk)
    manager = may_manage(membership)
    form = ProviderForm(
        request.POST if request.method == "POST" else None,
        with_registration=manager,
        initial=ProviderForm.initial_for(provider),
    )
    if request.method == "POST" and form.is_valid():
        services.provider_update(
            actor=user,
            membership=membership,
            provider=provider,
            description=form.description_details(),
            offers=form.chosen_offers(),
            registration=form.registration_details() if manager else None,
        )
        messages.success(request, "The provider's details have been saved")
        return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/directory/form.html",
        {
            "title": f"Change {provider.name}",
            "form": form,
            "provider": provider,
            "is_own": is_own_provider(membership, provider),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("providers.change_provider")
def site_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    provider = _changeable(request, pk)
    return _site_form(request, provider, None)


@require_http_methods(["GET", "POST"])
@requires("providers.change_provider")
def site_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    site = access_site(membership=membership, pk=pk)
    provider = _changeable(request, site.provider_id)
    return _site_form(request, provider, site)


def _site_form(
    request: HttpRequest, provider: Provider, existing: ProviderSite | None
) -> HttpResponse:
    return _part_form(request, provider, existing, SiteForm, services.site_save, "site")


@require_http_methods(["GET", "POST"])
@requires("providers.change_provider")
def contact_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    provider = _changeable(request, pk)
    return _contact_form(request, provider, None)


@require_http_methods(["GET", "POST"])
@requires("providers.change_provider")
def contact_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    contact = access_contact(membership=membership, pk=pk)
    provider = _changeable(request, contact.provider_id)
    return _contact_form(request, provider, contact)


def _contact_form(
    request: HttpRequest, provider: Provider, existing: ProviderContact | None
) -> HttpResponse:
    return _part_form(request, provider, existing, ContactForm, services.contact_save, "contact")


def _part_form(
    request: HttpRequest,
    provider: Provider,
    existing: Any,
    form_class: type[SiteForm] | type[ContactForm],
    save: Callable[..., object],
    noun: str,
) -> HttpResponse:
    """Add or change one of a provider's sites or contacts (``noun``) and save it with
    ``save``, the service for that part."""
    user, membership = actor_of(request)
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial=form_class.initial_for(existing) if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        save(
            actor=user,
            membership=membership,
            provider=provider,
            details=form.details(),
            **{noun: existing},
        )
        messages.success(request, f"The {noun} has been saved")
        return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/directory/simple_form.html",
        {
            "title": f"Change a {noun}" if existing else f"Add a {noun}",
            "form": form,
            "provider": provider,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("providers.change_provider")
def contact_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    contact = access_contact(membership=membership, pk=pk)
    provider = _changeable(request, contact.provider_id)
    if request.method == "POST":
        services.contact_remove(actor=user, membership=membership, contact=contact)
        messages.success(request, f"{contact.name} has been removed")
        return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/directory/contact_remove.html",
        {"title": f"Remove {contact.name}", "contact": contact, "provider": provider},
    )


@require_http_methods(["GET", "POST"])
@requires("providers.change_provider")
def registration_change_request(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Provider staff ask for a change of registration (co-ordinators and LA officers change
    it directly on the provider's record)."""
    user, membership = actor_of(request)
    provider = access_provider(membership=membership, pk=pk)
    if not is_own_provider(membership, provider):
        raise Http404
    form = RegistrationChangeForm(
        request.POST if request.method == "POST" else None,
        initial={
            "registration": provider.registration,
            "urn": provider.urn,
            "ukprn": provider.ukprn,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.registration_change_request(
            actor=user, membership=membership, provider=provider, request=form.request()
        )
        messages.success(
            request,
            "Your request has been sent. A co-ordinator or LA officer will confirm it "
            "before it shows",
        )
        return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/directory/simple_form.html",
        {
            "title": "Ask to change your registration",
            "form": form,
            "provider": provider,
            "lead": "A co-ordinator or local authority officer checks the evidence and confirms "
            "the change before the directory shows it.",
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("providers.confirm_changes")
def registration_change_review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    change = access_registration_change(membership=membership, pk=pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    pending = change.status == RegistrationChange.Status.PENDING
    if request.method == "POST" and pending and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.registration_change_decide(
                actor=user, membership=membership, change=change, confirm=confirm
            )
        except services.ChangeAlreadyDecidedError:
            messages.error(request, "Someone else has already decided this request")
        else:
            messages.success(
                request,
                "The change has been confirmed" if confirm else "The change was not accepted",
            )
        return redirect("providers:detail", pk=change.provider_id)
    return render(
        request,
        "providers/directory/registration_review.html",
        {
            "title": f"Registration change for {change.provider.name}",
            "change": change,
            "form": form,
            "pending": pending,
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("", directory_list, name="list"),
    path("new/", provider_create, name="create"),
    path("<uuid:pk>/", provider_detail, name="detail"),
    path("<uuid:pk>/change/", provider_edit, name="edit"),
    path("<uuid:pk>/sites/new/", site_add, name="site_add"),
    path("sites/<uuid:pk>/change/", site_edit, name="site_edit"),
    path("<uuid:pk>/contacts/new/", contact_add, name="contact_add"),
    path("contacts/<uuid:pk>/change/", contact_edit, name="contact_edit"),
    path("contacts/<uuid:pk>/remove/", contact_remove, name="contact_remove"),
    path(
        "<uuid:pk>/registration/change/",
        registration_change_request,
        name="registration_change_request",
    ),
    path(
        "registration-changes/<uuid:pk>/",
        registration_change_review,
        name="registration_change_review",
    ),
]
