"""The governance reports (issue 7, part 3).

- ``reports:partnership`` (``?partnership=`` and ``?term=``): a partnership's termly report, for
  its co-ordinators, chair and governance board members, and for LA officers (and governance
  members at the local authority), who choose any partnership of their authority.
- ``reports:county`` (``?term=``): the same sections with a column per partnership of the
  authority and a total, for LA officers and governance members at the local authority.
- ``reports:partnership_xlsx`` and ``reports:county_xlsx``: the same figures as a workbook, a
  sheet a section.

Governance members see small figures suppressed (:mod:`inclusion.reports.suppression`); everyone
else sees them as they are. A term or partnership that is not one of the choices is a GOV.UK
error (400); anyone else's report is a 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from inclusion.accounts.access import actor_of, requires
from inclusion.accounts.models import Membership
from inclusion.calendar.days import calendar_for
from inclusion.core.forms import form_status
from inclusion.core.spreadsheets import xlsx_response
from inclusion.organisations.models import LocalAuthority, Partnership
from inclusion.reports.governance import presenters as present
from inclusion.reports.governance.forms import ReportForm
from inclusion.reports.governance.selectors import scope as select
from inclusion.reports.governance.selectors.report import build_report

PARTNERSHIP_RULE = "reports.view_partnership_report"
COUNTY_RULE = "reports.view_county_report"


@dataclass
class Page:
    """What a report page shows: the choices, and the report when they are good."""

    title: str
    form: ReportForm
    report: present.ReportView | None = None
    slug: str = ""
    query: str = ""
    problem: str = ""


def _build(
    request: HttpRequest,
    membership: Membership,
    *,
    authority: LocalAuthority,
    partnerships: Sequence[Partnership],
    county: bool,
) -> Page:
    today = select.today()
    calendar = calendar_for(authority)
    terms = select.started_terms(calendar, today)
    form = ReportForm(
        request.GET or None,
        terms=present.term_choices(terms),
        partnerships=[] if county else partnerships,
    )
    page = Page(f"{authority.name}: county report" if county else "Partnership report", form)
    if form.is_bound and not form.is_valid():
        return page
    chosen = list(partnerships) if county else [form.chosen_partnership(partnerships)]
    term = form.chosen_term(terms, select.default_term(terms, today))
    if term is None:
        page.problem = (
            f"No term has started yet on the school calendar of {authority.name}, so there is "
            "nothing to report."
        )
        return page
    page.slug = authority.name if county else chosen[0].name
    if not county:
        page.title = f"{chosen[0].name}: termly report"
    report = build_report(
        title=page.title,
        partnerships=chosen,
        term=term,
        calendar=calendar,
        today=today,
        county=county,
    )
    page.report = present.report_view(report, suppressed=select.sees_suppressed(membership))
    query = {"term": str(term.pk)} | ({} if county else {"partnership": str(chosen[0].pk)})
    page.query = urlencode(query)
    return page


def _partnership_page(request: HttpRequest) -> Page:
    _, membership = actor_of(request)
    partnerships = list(select.report_partnerships(membership=membership))
    if not partnerships:
        raise Http404
    return _build(
        request,
        membership,
        authority=partnerships[0].local_authority,
        partnerships=partnerships,
        county=False,
    )


def _county_page(request: HttpRequest) -> Page:
    _, membership = actor_of(request)
    authority = select.county_authority(membership=membership)
    partnerships = list(select.report_partnerships(membership=membership))
    return _build(request, membership, authority=authority, partnerships=partnerships, county=True)


def _render(request: HttpRequest, page: Page, xlsx_name: str) -> HttpResponse:
    errors = bool(page.form.errors)
    return render(
        request,
        "reports/governance/report.html",
        {
            "title": page.title,
            "filter_form": page.form,
            "form": page.form if errors else None,
            "report": page.report,
            "problem": page.problem,
            "xlsx_url": f"{reverse(xlsx_name)}?{page.query}" if page.report else "",
        },
        status=form_status(page.form),
    )


def _xlsx(request: HttpRequest, page: Page, page_name: str) -> HttpResponse:
    if page.report is None:
        return _render(request, page, page_name)
    return xlsx_response(present.filename(page.report, page.slug), present.xlsx_sheets(page.report))


@require_GET
@requires(PARTNERSHIP_RULE)
def partnership(request: HttpRequest) -> HttpResponse:
    return _render(request, _partnership_page(request), "reports:partnership_xlsx")


@require_GET
@requires(PARTNERSHIP_RULE)
def partnership_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(request, _partnership_page(request), "reports:partnership_xlsx")


@require_GET
@requires(COUNTY_RULE)
def county(request: HttpRequest) -> HttpResponse:
    return _render(request, _county_page(request), "reports:county_xlsx")


@require_GET
@requires(COUNTY_RULE)
def county_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(request, _county_page(request), "reports:county_xlsx")


urlpatterns: list[URLPattern] = [
    path("partnership/", partnership, name="partnership"),
    path("partnership.xlsx", partnership_xlsx, name="partnership_xlsx"),
    path("county/", county, name="county"),
    path("county.xlsx", county_xlsx, name="county_xlsx"),
]
