"""Tiers of the graduated response (co-ordinators): naming their partnership's tiers, and
setting the tier of one of their partnership's pupils by hand, with a note."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.core.forms import form_status
from inclusion.guidance.forms import SetTierForm, TierNamesForm
from inclusion.pupils.selectors import access_pupil
from inclusion.pupils.services import pupil_viewed
from inclusion.pupils.tiers import pupil_tier_names, pupil_tier_set, tier_names, tier_names_save


@require_http_methods(["GET", "POST"])
@requires("guidance.edit_tiers")
def tiers(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    partnership = membership.partnership
    if partnership is None:
        raise Http404
    names = tier_names(partnership_id=partnership.pk)
    form = TierNamesForm(
        request.POST if request.method == "POST" else None,
        initial=TierNamesForm.initial_for(names),
    )
    if request.method == "POST" and form.is_valid():
        changed = tier_names_save(actor=user, membership=membership, names=form.names())
        messages.success(
            request,
            "The tier names have been saved" if changed else "There were no changes to save",
        )
        return redirect("guidance:tiers")
    return render(
        request,
        "guidance/tiers/names.html",
        {"title": "Tier names and descriptions", "form": form, "partnership": partnership},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("guidance.set_tier")
def set_tier(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    pupil = access_pupil(membership=membership, pk=pk)
    today = timezone.localdate()
    form = SetTierForm(
        request.POST if request.method == "POST" else None,
        names=pupil_tier_names(pupil=pupil),
        today=today,
        initial={"effective_on": today},
    )
    if request.method == "GET":
        pupil_viewed(actor=user, membership=membership, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pupil_tier_set(
            actor=user,
            membership=membership,
            pupil=pupil,
            tier=data["tier"],
            effective_on=data["effective_on"],
            note=data["note"],
        )
        messages.success(request, "The tier has been recorded")
        return redirect("pupils:detail", pk=pupil.pk)
    return render(
        request,
        "guidance/tiers/set_tier.html",
        {"title": "Change the pupil's tier", "form": form, "pupil": pupil},
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("tiers/", tiers, name="tiers"),
    path("tiers/pupils/<uuid:pk>/", set_tier, name="set_tier"),
]
