"""The Ofsted evidence pack: a page, a PDF, a CSV and an XLSX of the same figures; and the
school's choice of its named lead for pupils in alternative provision."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion.accounts.access import actor_of, requires
from inclusion.accounts.models import Membership
from inclusion.core.forms import form_status
from inclusion.core.pdf import pdf_attachment
from inclusion.core.spreadsheets import csv_response, xlsx_response
from inclusion.organisations.models import School
from inclusion.reports.ofsted import presenters as present
from inclusion.reports.ofsted.forms import ApLeadForm
from inclusion.reports.ofsted.selectors import (
    OfstedPack,
    lead_choices,
    ofsted_pack,
    schools_for_pack,
    with_pupils_at_provision,
)
from inclusion.reports.ofsted.services import pack_viewed, school_ap_lead_set


def _school(membership: Membership | None, pk: uuid.UUID) -> School:
    school = schools_for_pack(membership=membership).select_related("ap_lead").filter(pk=pk).first()
    if school is None:
        raise Http404
    return school


def _pack(request: HttpRequest, school_pk: uuid.UUID, kind: str) -> tuple[OfstedPack, str]:
    user, membership = actor_of(request)
    school = _school(membership, school_pk)
    pack = ofsted_pack(membership=membership, school=school, today=timezone.localdate())
    pack_viewed(actor=user, membership=membership, school=school, kind=kind)
    return pack, f"ofsted-ap-pack-{school.urn}-{pack.today.isoformat()}"


@require_GET
@requires("reports.view_ofsted_pack")
def choose_school(request: HttpRequest) -> HttpResponse:
    """School staff go straight to their school's pack; others choose a school."""
    _, membership = actor_of(request)
    schools = schools_for_pack(membership=membership)
    if membership is not None and membership.school_id is not None:
        return redirect("reports:ofsted_pack", school_pk=membership.school_id)
    listed = with_pupils_at_provision(schools)
    return render(
        request, "reports/ofsted/choose.html", {"title": "Ofsted evidence packs", "schools": listed}
    )


@require_GET
@requires("reports.view_ofsted_pack")
def pack_page(request: HttpRequest, school_pk: uuid.UUID) -> HttpResponse:
    pack, _ = _pack(request, school_pk, "page")
    _, membership = actor_of(request)
    return render(
        request,
        "reports/ofsted/pack.html",
        {
            "title": f"Ofsted evidence pack: {pack.school.name}",
            "pack": pack,
            "headings": present.headings(),
            "lead": present.lead_text(pack),
            "can_change_lead": membership is not None and membership.school_id == pack.school.pk,
            "date_text": present.date_text,
        },
    )


@require_GET
@requires("reports.view_ofsted_pack")
def pack_pdf(request: HttpRequest, school_pk: uuid.UUID) -> HttpResponse:
    pack, filename = _pack(request, school_pk, "pdf")
    html = render_to_string(
        "reports/ofsted/pack_pdf.html",
        {"pack": pack, "lead": present.lead_text(pack), "rows": present.all_rows(pack)},
    )
    return pdf_attachment(html, f"{filename}.pdf")


@require_GET
@requires("reports.view_ofsted_pack")
def pack_csv(request: HttpRequest, school_pk: uuid.UUID) -> HttpResponse:
    pack, filename = _pack(request, school_pk, "csv")
    return csv_response(f"{filename}.csv", [present.headings(), *present.all_rows(pack)])


@require_GET
@requires("reports.view_ofsted_pack")
def pack_xlsx(request: HttpRequest, school_pk: uuid.UUID) -> HttpResponse:
    pack, filename = _pack(request, school_pk, "xlsx")
    return xlsx_response(
        f"{filename}.xlsx",
        [
            ("Pupils in AP", [present.headings(), *present.all_rows(pack)]),
            ("School", present.school_sheet(pack)),
        ],
    )


@requires("reports.change_ap_lead")
def change_lead(request: HttpRequest, school_pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    school = _school(membership, school_pk)
    form = ApLeadForm(
        request.POST or None, staff=lead_choices(school), initial={"lead": school.ap_lead_id}
    )
    if request.method == "POST" and form.is_valid():
        school_ap_lead_set(
            actor=user, membership=membership, school=school, lead=form.cleaned_data["lead"]
        )
        messages.success(request, "The named lead for pupils in alternative provision is saved")
        return redirect("reports:ofsted_pack", school_pk=school.pk)
    return render(
        request,
        "reports/ofsted/lead.html",
        {"title": "Named lead for pupils in alternative provision", "form": form, "school": school},
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("ofsted/", choose_school, name="ofsted"),
    path("ofsted/<uuid:school_pk>/", pack_page, name="ofsted_pack"),
    path("ofsted/<uuid:school_pk>/pack.pdf", pack_pdf, name="ofsted_pack_pdf"),
    path("ofsted/<uuid:school_pk>/pack.csv", pack_csv, name="ofsted_pack_csv"),
    path("ofsted/<uuid:school_pk>/pack.xlsx", pack_xlsx, name="ofsted_pack_xlsx"),
    path("ofsted/<uuid:school_pk>/lead/", change_lead, name="ofsted_lead"),
]
