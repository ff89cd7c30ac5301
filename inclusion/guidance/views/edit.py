"""Editing guidance pages (co-ordinators and LA officers): the list of pages, creating and
changing one with a sanitised preview that saves nothing, and each page's change history."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core.forms import form_status
from inclusion.core.templatetags.govuk import govuk_datetime
from inclusion.guidance import selectors, services
from inclusion.guidance.forms import GuidancePageForm
from inclusion.guidance.markdown import render_markdown

PREVIEW = "preview"


def _wants_preview(request: HttpRequest) -> bool:
    return request.POST.get("action") == PREVIEW


def _form_page(
    request: HttpRequest, form: GuidancePageForm, context: dict[str, object]
) -> HttpResponse:
    """The form again: with the sanitised preview when asked for and the text is valid."""
    preview = None
    if _wants_preview(request) and form.is_valid():
        preview = render_markdown(form.cleaned_data["body"])
    return render(
        request,
        "guidance/edit/form.html",
        {**context, "form": form, "preview": preview},
        status=form_status(form),
    )


@require_GET
@requires("guidance.edit_guidance")
def manage(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    return render(
        request,
        "guidance/edit/list.html",
        {
            "title": "Manage advice pages",
            "pages": list(selectors.pages_for_editors()),
            "can_manage_services": can(membership, "guidance.manage_services"),
            "can_edit_tiers": can(membership, "guidance.edit_tiers"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("guidance.edit_guidance")
def create(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    posted = request.method == "POST"
    form = GuidancePageForm(request.POST if posted else None, creating=True)
    if posted and not _wants_preview(request) and form.is_valid():
        try:
            page = services.page_create(
                actor=user,
                membership=membership,
                slug=form.cleaned_data["slug"],
                details=form.details(),
                note=form.cleaned_data["note"],
            )
        except services.SlugTakenError:
            form.raise_slug_taken()
        else:
            messages.success(request, f"{page.title} has been created")
            return redirect("guidance:manage")
    return _form_page(request, form, {"title": "Create a guidance page", "page": None})


@require_http_methods(["GET", "POST"])
@requires("guidance.edit_guidance")
def edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    page = selectors.page_for_editors(pk=pk)
    posted = request.method == "POST"
    form = GuidancePageForm(
        request.POST if posted else None,
        initial=GuidancePageForm.initial_for(page),
        creating=False,
    )
    if posted and not _wants_preview(request) and form.is_valid():
        changed = services.page_update(
            actor=user,
            membership=membership,
            page=page,
            details=form.details(),
            note=form.cleaned_data["note"],
        )
        message = f"{page.title} has been saved" if changed else "There were no changes to save"
        messages.success(request, message)
        return redirect("guidance:manage")
    return _form_page(request, form, {"title": f"Change {page.title}", "page": page})


@require_GET
@requires("guidance.edit_guidance")
def history(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    page = selectors.page_for_editors(pk=pk)
    return render(
        request,
        "guidance/edit/history.html",
        {
            "title": f"Change history: {page.title}",
            "page": page,
            "versions": list(selectors.page_versions(page=page)),
        },
    )


@require_GET
@requires("guidance.edit_guidance")
def version(request: HttpRequest, pk: uuid.UUID, version_id: int) -> HttpResponse:
    page = selectors.page_for_editors(pk=pk)
    found = selectors.page_version(page=page, pk=version_id)
    return render(
        request,
        "guidance/edit/version.html",
        {
            "title": f"{found.title}: version saved on {govuk_datetime(found.edited_at)}",
            "page": page,
            "version": found,
            "body": render_markdown(found.body),
        },
    )


urlpatterns: list[URLPattern] = [
    path("manage/", manage, name="manage"),
    path("manage/new/", create, name="create"),
    path("manage/<uuid:pk>/change/", edit, name="edit"),
    path("manage/<uuid:pk>/history/", history, name="history"),
    path("manage/<uuid:pk>/history/<int:version_id>/", version, name="version"),
]
