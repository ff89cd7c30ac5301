from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core import concurrency
from inclusion.core.forms import form_status
from inclusion.core.pagination import pagination_links
from inclusion.core.submit import RefusedError, StaleEditError, submit
from inclusion.exclusions.selectors import pupil_summary as exclusions_summary
from inclusion.placements.presenters.placements import pupil_placements as placements_summary
from inclusion.placements.selectors.placements import pupil_placements
from inclusion.pupils import services
from inclusion.pupils.filters import PupilFilterForm
from inclusion.pupils.forms import ContactForm, PupilForm
from inclusion.pupils.presenters import PupilPresenter
from inclusion.pupils.selectors import access_pupil, pupil_search, schools_for_pupils_of
from inclusion.pupils.timeline import pupil_timeline

PAGE_SIZE = 25


@require_GET
@requires("pupils.view_pupil")
def pupil_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    form = PupilFilterForm(
        request.GET or None, schools=schools_for_pupils_of(membership=membership)
    )
    pupils = pupil_search(membership=membership, filters=form.filters())
    if form.errors:  # say what is wrong rather than silently ignoring the filter
        pupils = pupils.none()
    page = Paginator(pupils, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pupils/list.html",
        {
            "title": "Pupils",
            "filter_form": form,
            "form": form if form.errors else None,
            "page": page,
            "pagination": pagination_links(request, page),
            "can_create": can(membership, "pupils.create_pupil"),
        },
        status=form_status(form),
    )


@require_GET
@requires("pupils.view_pupil")
def pupil_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = access_pupil(membership=membership, pk=pk)
    services.pupil_viewed(actor=user, membership=membership, pupil=pupil)
    today = timezone.localdate()
    current = pupil_placements(membership=membership, pupil=pupil, current_only=True)
    return render(
        request,
        "pupils/detail.html",
        {
            "title": pupil.display_name,
            "pupil": PupilPresenter(pupil),
            "can_change": can(membership, "pupils.change_pupil"),
            "timeline": pupil_timeline(membership=membership, pupil=pupil, today=today),
            "can_set_tier": can(membership, "guidance.set_tier"),
            "can_refer": can(membership, "referrals.create_referral"),
            "placements": placements_summary(current, today),
            "can_manage_placements": can(membership, "placements.manage_placement"),
            "can_see_risk": can(membership, "placements.view_risk_assessment"),
            "can_see_attendance": can(membership, "attendance.view_attendance"),
            "exclusions": exclusions_summary(membership=membership, pupil=pupil, today=today),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("pupils.create_pupil")
def pupil_create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    form = PupilForm(
        request.POST if request.method == "POST" else None,
        schools=schools_for_pupils_of(membership=membership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            pupil = services.pupil_create(actor=user, membership=membership, details=form.details())
        except services.UpnTakenError:
            form.raise_upn_taken()
        else:
            messages.success(request, f"{pupil.display_name} has been added")
            return redirect("pupils:detail", pk=pupil.pk)
    return render(
        request,
        "pupils/form.html",
        {"title": "Add a pupil", "form": form},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("pupils.change_pupil")
def pupil_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = access_pupil(membership=membership, pk=pk)
    form = PupilForm(
        request.POST if request.method == "POST" else None,
        initial=PupilForm.initial_for(pupil),
        schools=schools_for_pupils_of(membership=membership),
    )
    check = concurrency.track(form, pupil, scope=request.path, snapshot=PupilForm.initial_for)

    def write() -> list[str]:
        try:
            return services.pupil_update(
                actor=user, membership=membership, pupil=pupil, details=form.details(), check=check
            )
        except services.UpnTakenError as taken:
            raise RefusedError("A pupil with this UPN is already recorded", field="upn") from taken

    def stale(refused: StaleEditError) -> HttpResponse:
        services.pupil_viewed(actor=user, membership=membership, pupil=pupil)
        back = (reverse("pupils:detail", kwargs={"pk": pupil.pk}), "Back to the pupil's record")
        return concurrency.conflict_page(
            request, form, refused, noun="pupil's record", back=back, pupil_id=pupil.pk
        )

    if response := submit(
        request,
        form,
        write,
        done="The pupil's details have been saved",
        then=lambda _: redirect("pupils:detail", pk=pupil.pk),
        on_refusal=lambda form, _: form.raise_upn_taken(),
        on_stale=stale,
    ):
        return response
    if request.method == "GET":
        services.pupil_viewed(actor=user, membership=membership, pupil=pupil)
    return render(
        request,
        "pupils/form.html",
        {"title": f"Change {pupil.display_name}'s details", "form": form, "pupil": pupil},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("pupils.change_pupil")
def contact_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = access_pupil(membership=membership, pk=pk)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        services.pupil_viewed(actor=user, membership=membership, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.contact_add(
            actor=user,
            membership=membership,
            pupil=pupil,
            details=services.ContactDetails(
                name=data["name"].strip(),
                relationship=data["relationship"].strip(),
                phone=data["phone"],
                email=data["email"],
                parental_responsibility=data["parental_responsibility"] == "yes",
            ),
        )
        messages.success(request, "The parent or carer has been added")
        return redirect("pupils:detail", pk=pupil.pk)
    return render(
        request,
        "pupils/contact_form.html",
        {"title": "Add a parent or carer", "form": form, "pupil": pupil},
        status=form_status(form),
    )
