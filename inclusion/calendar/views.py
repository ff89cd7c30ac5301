"""The school calendar pages: an authority's terms and closures by school year, read by everyone
who works with pupils, kept by the authority's own officers (add, change and delete)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.calendar import selectors, services
from inclusion.calendar.days import academic_year_of, calendar_for
from inclusion.calendar.forms import ClosureForm, TermForm
from inclusion.calendar.models import Closure
from inclusion.calendar.presenters import is_plausible_year, year_view
from inclusion.core.forms import form_status

MANAGE = "calendar.manage_terms"


def _checked_year(year: int) -> int:
    if not is_plausible_year(year):
        raise Http404
    return year


def _back_to(year: int) -> HttpResponse:
    return redirect("calendar:year", year=year)


@require_GET
@requires("calendar.view_calendar")
def index(request: HttpRequest) -> HttpResponse:
    return _back_to(academic_year_of(timezone.localdate()))


@require_GET
@requires("calendar.view_calendar")
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    _, membership = actor_of(request)
    authority = selectors.home_authority(membership)
    view = year_view(calendar_for(authority), _checked_year(year))
    return render(
        request,
        "calendar/year.html",
        {
            "title": f"School calendar {view.label}",
            "authority": authority,
            "view": view,
            "can_manage": can(membership, MANAGE) and membership.local_authority_id == authority.pk,
            "current_year": academic_year_of(timezone.localdate()),
        },
    )


def _form_page(
    request: HttpRequest, template: str, form: TermForm | ClosureForm, context: dict[str, object]
) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=form_status(form))


def _save_or_show(
    request: HttpRequest,
    form: TermForm | ClosureForm,
    save: Callable[[], str],
    year: int,
    template: str,
    context: dict[str, object],
) -> HttpResponse:
    """Save with ``save`` (which returns the success message) once the form is valid; a rule
    of the calendar it breaks is shown on the form. Otherwise show the form."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save()
        except services.CalendarRuleError as error:
            form.show_rule_error(error)
        else:
            messages.success(request, message)
            return _back_to(year)
    return _form_page(request, template, form, {**context, "year": year})


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def term_create(request: HttpRequest, year: int) -> HttpResponse:
    user, membership = actor_of(request)
    authority = selectors.managed_authority(membership)
    year = _checked_year(year)
    form = TermForm(request.POST if request.method == "POST" else None)

    def save() -> str:
        term = services.term_create(
            actor=user,
            membership=membership,
            local_authority=authority,
            academic_year=year,
            details=form.details(),
        )
        return f"{term.name} has been added"

    return _save_or_show(
        request, form, save, year, "calendar/term_form.html", {"title": "Add a term"}
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def term_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    term = selectors.access_term(membership=membership, pk=pk)
    form = TermForm(
        request.POST if request.method == "POST" else None, initial=TermForm.initial_for(term)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.term_update(
                actor=user, membership=membership, term=term, details=form.details()
            )
        except services.CalendarRuleError as error:
            form.show_rule_error(error)
        else:
            messages.success(
                request, f"{term.name} has been saved" if changed else "There were no changes"
            )
            return _back_to(term.academic_year)
    return _form_page(
        request,
        "calendar/term_form.html",
        form,
        {"title": f"Change {term.name}", "year": term.academic_year, "term": term},
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def term_delete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    term = selectors.access_term(membership=membership, pk=pk)
    if request.method == "POST":
        services.term_delete(actor=user, membership=membership, term=term)
        messages.success(request, f"{term.name} has been deleted")
        return _back_to(term.academic_year)
    return render(
        request,
        "calendar/term_delete.html",
        {
            "title": f"Delete {term.name}",
            "term": term,
            "closures": services.closures_inside(term),
            "year": term.academic_year,
        },
    )


def _closure_year(closure: Closure) -> int:
    return academic_year_of(closure.starts_on)


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def closure_create(request: HttpRequest, year: int) -> HttpResponse:
    user, membership = actor_of(request)
    authority = selectors.managed_authority(membership)
    year = _checked_year(year)
    form = ClosureForm(request.POST if request.method == "POST" else None)

    def save() -> str:
        closure = services.closure_create(
            actor=user,
            membership=membership,
            local_authority=authority,
            academic_year=year,
            details=form.details(),
        )
        return f"{closure.name} has been added"

    return _save_or_show(
        request, form, save, year, "calendar/closure_form.html", {"title": "Add a closure"}
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def closure_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    closure = selectors.access_closure(membership=membership, pk=pk)
    year = _closure_year(closure)
    form = ClosureForm(
        request.POST if request.method == "POST" else None,
        initial=ClosureForm.initial_for(closure),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.closure_update(
                actor=user,
                membership=membership,
                closure=closure,
                academic_year=year,
                details=form.details(),
            )
        except services.CalendarRuleError as error:
            form.show_rule_error(error)
        else:
            messages.success(
                request, f"{closure.name} has been saved" if changed else "There were no changes"
            )
            return _back_to(year)
    return _form_page(
        request,
        "calendar/closure_form.html",
        form,
        {"title": f"Change {closure.name}", "year": year, "closure": closure},
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def closure_delete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    closure = selectors.access_closure(membership=membership, pk=pk)
    year = _closure_year(closure)
    if request.method == "POST":
        services.closure_delete(actor=user, membership=membership, closure=closure)
        messages.success(request, f"{closure.name} has been deleted")
        return _back_to(year)
    return render(
        request,
        "calendar/closure_delete.html",
        {"title": f"Delete {closure.name}", "closure": closure, "year": year},
    )


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("<int:year>/", year_page, name="year"),
    path("<int:year>/terms/new/", term_create, name="term_create"),
    path("terms/<uuid:pk>/change/", term_edit, name="term_edit"),
    path("terms/<uuid:pk>/delete/", term_delete, name="term_delete"),
    path("<int:year>/closures/new/", closure_create, name="closure_create"),
    path("closures/<uuid:pk>/change/", closure_edit, name="closure_edit"),
    path("closures/<uuid:pk>/delete/", closure_delete, name="closure_delete"),
]
