"""The provider's view of placements: their pupils, each pupil's information pack, and the
progress notes and incidents they record.

Provider staff see only placements at their provider that are agreed or active, or ended in
the last 30 days, and of those only the information pack. The school and the co-ordinator may
preview the pack ("what the provider sees") and read the notes and incidents.
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
from inclusion.placements.forms.notes import NoteForm
from inclusion.placements.models import ProviderNote
from inclusion.placements.presenters.pack import (
    PackPresenter,
    note_rows,
    provider_row,
    short_name,
)
from inclusion.placements.selectors.access import sees_pack_only
from inclusion.placements.selectors.provider import (
    note_target,
    notes_placement,
    pack_placement,
    provider_placements,
)
from inclusion.placements.services import notes as services


@require_GET
@requires("placements.view_provider_pupils")
def provider_pupils(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    rows = [provider_row(p) for p in provider_placements(membership=membership)]
    return render(
        request,
        "placements/provider/pupils.html",
        {"title": "Your pupils", "rows": rows},
    )


@require_GET
@requires("placements.view_pack")
def pack(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = pack_placement(membership=membership, pk=pk)
    services.pack_viewed(actor=user, membership=membership, placement=placement)
    presenter = PackPresenter(placement)
    return render(
        request,
        "placements/provider/pack.html",
        {
            "title": f"Information pack: {presenter.name}",
            "pack": presenter,
            "is_provider": sees_pack_only(membership),
            "can_record_note": can(membership, "placements.record_note"),
            "can_view_notes": can(membership, "placements.view_notes"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("placements.record_note")
def note_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = note_target(membership=membership, pk=pk)
    posted = request.method == "POST"
    form = NoteForm(
        request.POST if posted else None,
        initial={"occurred_on": timezone.localdate()},
    )
    if posted and form.is_valid():
        details = form.details()
        try:
            services.note_record(
                actor=user, membership=membership, placement=placement, details=details
            )
        except services.NoteDateInFutureError:
            form.add_error("occurred_on", "The date must be today or in the past")
        else:
            incident = details.kind == ProviderNote.Kind.INCIDENT
            messages.success(
                request,
                "The incident has been recorded and the school and the partnership told"
                if incident
                else "The progress note has been recorded",
            )
            return redirect("placements:pack", pk=placement.pk)
    return render(
        request,
        "placements/provider/note_form.html",
        {
            "title": "Record a progress note or incident",
            "form": form,
            "placement_pk": placement.pk,
            "pupil_name": short_name(placement.pupil),
        },
        status=form_status(form),
    )


@require_GET
@requires("placements.view_notes")
def notes(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    placement = notes_placement(membership=membership, pk=pk)
    services.notes_viewed(actor=user, membership=membership, placement=placement)
    return render(
        request,
        "placements/provider/notes.html",
        {
            "title": f"Notes and incidents: {placement.pupil.display_name}",
            "pupil_name": placement.pupil.display_name,
            "provider_name": placement.site.provider.name,
            "placement_pk": placement.pk,
            "notes": note_rows(placement.notes.all()),
        },
    )


urlpatterns: list[URLPattern] = [
    path("provider/", provider_pupils, name="provider_pupils"),
    path("<uuid:pk>/pack/", pack, name="pack"),
    path("<uuid:pk>/notes/", notes, name="notes"),
    path("<uuid:pk>/notes/new/", note_add, name="note_add"),
]
