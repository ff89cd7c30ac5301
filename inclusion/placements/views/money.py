"""The money pages of Tier 4 Programme Management (issue 5, part 6).

- ``placements:costs``: each partnership's average pupil cost per school year, with its
  history; co-ordinators set their own partnership's, LA officers any partnership's of their
  authority (``placements.manage_costs``).
- ``placements:recharges`` (with ``?school=`` and ``?term=``): a school's termly recharge
  statement for its Tier 4 pupils; school staff see their own school's only, co-ordinators and
  LA officers choose a school or see every school's total (``placements.view_recharges``).
  ``placements:recharges_csv`` and ``placements:recharges_pdf`` are the same statement as a
  spreadsheet and a PDF.
- ``placements:spend`` (with ``?partnership=`` and ``?term=``): what a partnership's
  placements cost in a term, provider by provider (``placements.view_spend``).

A school, partnership or term outside the reader's scope answers 404. The rule behind every
figure is in :mod:`inclusion.placements.money`.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.accounts.models import Membership, Role
from inclusion.calendar.days import SchoolCalendar, academic_year_of
from inclusion.calendar.models import Term
from inclusion.core.downloads import attachment
from inclusion.core.forms import form_status
from inclusion.core.pdf import pdf_attachment
from inclusion.organisations.models import LocalAuthority, School
from inclusion.placements.forms.money import AveragePupilCostForm, TermFilterForm
from inclusion.placements.presenters import money as present
from inclusion.placements.selectors import money as select
from inclusion.placements.services import money as services

VIEW_RECHARGES = "placements.view_recharges"


def _authority(membership: Membership, chosen: LocalAuthority | None) -> LocalAuthority:
    authority = chosen or select.authority_of(membership)
    if authority is None:
        raise Http404
    return authority


# The average pupil cost ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("placements.manage_costs")
def costs(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    partnerships = list(select.money_partnerships(membership=membership))
    authority = select.authority_of(membership)
    years = present.year_choices(
        select.recorded_years(authority_id=authority.pk if authority else None),
        academic_year_of(select.today()),
    )
    history = select.pupil_costs(partnerships=partnerships)
    posted = request.method == "POST"
    form = AveragePupilCostForm(
        request.POST if posted else None,
        partnerships=partnerships,
        years=years,
        initial=present.cost_initial(
            history, partnership=request.GET.get("partnership"), year=request.GET.get("year")
        ),
    )
    if posted and partnerships and form.is_valid():
        details = form.details()
        _, changed = services.average_pupil_cost_set(
            actor=user,
            membership=membership,
            partnership=details.partnership,
            academic_year=details.academic_year,
            amount=details.amount,
        )
        year = present.year_label(details.academic_year)
        messages.success(
            request,
            f"The average pupil cost of {details.partnership.name} for {year} is now "
            f"{present.pounds(details.amount)}"
            if changed
            else f"The average pupil cost of {details.partnership.name} for {year} was already "
            f"{present.pounds(details.amount)}",
        )
        return redirect("placements:costs")
    return render(
        request,
        "placements/money/costs.html",
        {
            "title": "Average pupil cost",
            "form": form,
            "partnerships": partnerships,
            "history": present.cost_history(partnerships, history),
        },
        status=form_status(form),
    )


# Recharge statements ---------------------------------------------------------------------------


def _statement_request(
    request: HttpRequest,
) -> tuple[Membership, School | None, select.TermPick]:
    """The school and term asked for (404 outside scope), with the calendar."""
    _, membership = actor_of(request)
    school = select.access_recharge_school(membership=membership, pk=request.GET.get("school"))
    authority = _authority(membership, school.local_authority if school else None)
    pick = select.pick_term(authority=authority, term_pk=request.GET.get("term"), on=select.today())
    return membership, school, pick


def _statement(
    request: HttpRequest, school: School, term: Term, calendar: SchoolCalendar
) -> present.StatementPage:
    user, membership = actor_of(request)
    statement = select.recharge_statements(
        membership=membership, schools=[school], term=term, calendar=calendar
    )[0]
    services.recharge_statement_viewed(actor=user, membership=membership, school=school)
    return present.statement_page(statement)


def _overview(
    membership: Membership, schools: Sequence[School], pick: select.TermPick
) -> list[present.SchoolTotal]:
    if pick.term is None:
        return []
    in_authority = [s for s in schools if s.local_authority_id == pick.calendar.local_authority_id]
    statements = select.recharge_statements(
        membership=membership, schools=in_authority, term=pick.term, calendar=pick.calendar
    )
    return present.school_totals(statements)


@require_GET
@requires(VIEW_RECHARGES)
def recharges(request: HttpRequest) -> HttpResponse:
    membership, school, pick = _statement_request(request)
    several = membership.role != Role.SCHOOL_STAFF
    schools = list(select.recharge_schools(membership=membership)) if several else []
    page = _statement(request, school, pick.term, pick.calendar) if school and pick.term else None
    term_pk = str(pick.term.pk) if pick.term else ""
    return render(
        request,
        "placements/money/recharges.html",
        {
            "title": f"Recharges: {school.name}" if school else "Recharges to schools",
            "school": school,
            "term": pick.term,
            "term_label": present.term_label(pick.term) if pick.term else "",
            "problem": pick.problem,
            "page": page,
            "overview": _overview(membership, schools, pick) if not school else [],
            "filter_form": TermFilterForm(
                terms=present.term_choices(pick.calendar.terms),
                schools=schools,
                initial={"school": str(school.pk) if school else "", "term": term_pk},
            ),
        },
    )


def _export_or_back(request: HttpRequest) -> present.StatementPage | HttpResponse:
    """The school and term to export, or a redirect to the page, which says what is missing."""
    _, school, pick = _statement_request(request)
    if school is None or pick.term is None:
        messages.info(request, "Choose a school and a term to download its recharge statement")
        return redirect(reverse("placements:recharges") + "?" + present.query(**request.GET.dict()))
    return _statement(request, school, pick.term, pick.calendar)


@require_GET
@requires(VIEW_RECHARGES)
def recharges_csv(request: HttpRequest) -> HttpResponse:
    page = _export_or_back(request)
    if isinstance(page, HttpResponse):
        return page
    response = attachment("text/csv; charset=utf-8", present.statement_filename(page, "csv"))
    response.write("\ufeff")  # so that spreadsheet programs read the pound sign right
    csv.writer(response).writerows(present.statement_csv_rows(page))
    return response


@require_GET
@requires(VIEW_RECHARGES)
def recharges_pdf(request: HttpRequest) -> HttpResponse:
    page = _export_or_back(request)
    if isinstance(page, HttpResponse):
        return page
    html = render_to_string(
        "placements/money/recharges_pdf.html",
        {"title": f"Recharge statement: {page.school.name}", "page": page},
    )
    return pdf_attachment(html, present.statement_filename(page, "pdf"))


# Placement spend -------------------------------------------------------------------------------


@require_GET
@requires("placements.view_spend")
def spend(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    chosen = select.access_money_partnership(
        membership=membership, pk=request.GET.get("partnership")
    )
    partnerships = list(select.money_partnerships(membership=membership))
    authority = _authority(membership, chosen.local_authority if chosen else None)
    pick = select.pick_term(authority=authority, term_pk=request.GET.get("term"), on=select.today())
    spends = (
        select.partnership_spend(
            membership=membership,
            partnerships=[chosen] if chosen else partnerships,
            term=pick.term,
            calendar=pick.calendar,
        )
        if pick.term
        else []
    )
    detail = spends[0] if chosen and spends else None
    return render(
        request,
        "placements/money/spend.html",
        {
            "title": f"Placement spend: {chosen.name}" if chosen else "Placement spend",
            "partnership": chosen,
            "term": pick.term,
            "term_label": present.term_label(pick.term) if pick.term else "",
            "term_dates": present.term_dates(pick.term) if pick.term else "",
            "problem": pick.problem,
            "detail": detail,
            "total": present.pounds(detail.total) if detail else "",
            "providers": present.provider_blocks(detail) if detail else [],
            "overview": [] if chosen else present.partnership_totals(spends),
            "filter_form": TermFilterForm(
                terms=present.term_choices(pick.calendar.terms),
                partnerships=partnerships,
                initial={
                    "partnership": str(chosen.pk) if chosen else "",
                    "term": str(pick.term.pk) if pick.term else "",
                },
            ),
        },
    )


urlpatterns: list[URLPattern] = [
    path("costs/", costs, name="costs"),
    path("recharges/", recharges, name="recharges"),
    path("recharges.csv", recharges_csv, name="recharges_csv"),
    path("recharges.pdf", recharges_pdf, name="recharges_pdf"),
    path("spend/", spend, name="spend"),
]
