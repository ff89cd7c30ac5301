"""Compliance evidence pages: a provider's evidence, adding it, downloading a file, confirming
or rejecting evidence sent by a provider, and the lists of evidence expiring and expired.

Evidence files are served only here, after the provider is found through the scoped selectors
and the files rule passes; anyone else gets the same 404 as for a record that does not exist
(ADR 0007).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.accounts.models import Membership
from inclusion.core.forms import form_status
from inclusion.providers.forms.evidence import EvidenceDecisionForm, EvidenceForm
from inclusion.providers.models import ComplianceEvidence, Provider
from inclusion.providers.presenters.provider import EvidenceRow, ProviderPresenter
from inclusion.providers.selectors.access import (
    access_provider,
    may_change,
    may_manage,
    may_see_evidence_files,
)
from inclusion.providers.selectors.evidence import (
    access_evidence,
    expiry_lists,
    provider_with_evidence,
)
from inclusion.providers.services import evidence as services

Status = ComplianceEvidence.Status


# Presenters (display only) -----------------------------------------------------------------

ENTRY_TAGS = {
    Status.AWAITING_CONFIRMATION: ("Awaiting confirmation", "govuk-tag--blue"),
    Status.REJECTED: ("Not accepted", "govuk-tag--grey"),
    Status.CONFIRMED: ("Replaced", "govuk-tag--grey"),
}


@dataclass(frozen=True)
class EvidenceEntry:
    """An entry of a kind other than the one that counts: awaiting, not accepted or replaced."""

    evidence: ComplianceEvidence
    state: str
    tag: str


@dataclass(frozen=True)
class KindSummary:
    """One kind of evidence: the entry that counts (``row``), then the others."""

    row: EvidenceRow
    others: list[EvidenceEntry]

    @property
    def awaiting(self) -> int:
        return sum(1 for e in self.others if e.evidence.status == Status.AWAITING_CONFIRMATION)


def kind_summaries(provider: Provider, today: dt.date) -> list[KindSummary]:
    """Every kind, in the order of the list of kinds, from the prefetched evidence."""
    rows = ProviderPresenter(provider, today).evidence_rows
    entries = list(provider.evidence.all())
    summaries = []
    for row in rows:
        current = row.evidence.pk if row.evidence else None
        others = [e for e in entries if e.kind == row.kind and e.pk != current]
        others.sort(key=lambda e: e.status != Status.AWAITING_CONFIRMATION)  # stable
        summaries.append(
            KindSummary(row, [EvidenceEntry(e, *ENTRY_TAGS[Status(e.status)]) for e in others])
        )
    return summaries


def days_text(days: int) -> str:
    return "1 day" if abs(days) == 1 else f"{abs(days)} days"


@dataclass(frozen=True)
class ExpiryRow:
    evidence: ComplianceEvidence
    today: dt.date

    @property
    def days(self) -> int:
        expires = self.evidence.expires_on
        return (expires - self.today).days if expires else 0

    @property
    def when(self) -> str:
        """ "Today", "in 12 days", "3 days ago"."""
        if self.days == 0:
            return "Today"
        if self.days > 0:
            return f"In {days_text(self.days)}"
        return f"{days_text(self.days)} ago".capitalize()


# Views ---------------------------------------------------------------------------------------


@require_GET
@requires("providers.view_directory")
def evidence_list(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    provider = provider_with_evidence(membership=membership, pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "providers/evidence/list.html",
        {
            "title": f"Compliance evidence: {provider.name}",
            "provider": ProviderPresenter(provider, today),
            "kinds": kind_summaries(provider, today),
            "can_add": may_change(membership, provider),
            "can_review": may_manage(membership),
            "can_see_files": may_see_evidence_files(membership, provider),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("providers.add_evidence")
def evidence_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    provider = access_provider(membership=membership, pk=pk)
    if not may_change(membership, provider):
        raise Http404
    manager = may_manage(membership)
    posted = request.method == "POST"
    form = EvidenceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        file_required=not manager,
    )
    if posted and form.is_valid():
        services.evidence_add(
            actor=user,
            membership=membership,
            provider=provider,
            details=form.details(),
            upload=form.upload(),
        )
        messages.success(
            request,
            "The evidence has been added"
            if manager
            else "The evidence has been sent. It will count once a co-ordinator or local "
            "authority officer confirms it",
        )
        return redirect("providers:evidence_list", pk=provider.pk)
    return render(
        request,
        "providers/evidence/form.html",
        {"title": "Add evidence", "form": form, "provider": provider, "manager": manager},
        status=form_status(form),
    )


def _file_for(membership: Membership, pk: uuid.UUID) -> ComplianceEvidence:
    """Evidence whose file this membership may download; otherwise the 404 of a missing
    record, whatever the reason."""
    evidence = access_evidence(membership=membership, pk=pk)
    if not may_see_evidence_files(membership, evidence.provider) or not evidence.file:
        raise Http404
    return evidence


@require_GET
@requires("providers.view_evidence_files")
def evidence_file(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    evidence = _file_for(membership, pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    services.evidence_file_downloaded(actor=user, membership=membership, evidence=evidence)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.file_name or f"evidence-{evidence.pk}",
        content_type=evidence.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)  # a streaming response, typed for ``requires``


@require_http_methods(["GET", "POST"])
@requires("providers.confirm_changes")
def evidence_review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    evidence = access_evidence(membership=membership, pk=pk)
    pending = evidence.status == Status.AWAITING_CONFIRMATION
    form = EvidenceDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and pending and form.is_valid():
        decide = services.evidence_confirm if form.confirm else services.evidence_reject
        try:
            decide(actor=user, membership=membership, evidence=evidence, reason=form.reason_text)
        except services.EvidenceAlreadyDecidedError:
            messages.error(request, "Someone else has already decided about this evidence")
        else:
            messages.success(
                request,
                "The evidence has been confirmed"
                if form.confirm
                else "The evidence was not accepted",
            )
        return redirect("providers:evidence_list", pk=evidence.provider_id)
    return render(
        request,
        "providers/evidence/review.html",
        {
            "title": f"{evidence.get_kind_display()}: {evidence.provider.name}",
            "evidence": evidence,
            "form": form,
            "pending": pending,
        },
        status=form_status(form),
    )


@require_GET
@requires("providers.add_evidence")
def evidence_expiring(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = timezone.localdate()
    lists = expiry_lists(membership=membership, today=today)
    return render(
        request,
        "providers/evidence/expiring.html",
        {
            "title": "Evidence expiring and expired",
            "expiring": [ExpiryRow(e, today) for e in lists.expiring],
            "expired": [ExpiryRow(e, today) for e in lists.expired],
            "awaiting": lists.awaiting,
            "manager": may_manage(membership),
            "today": today,
        },
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/evidence/", evidence_list, name="evidence_list"),
    path("<uuid:pk>/evidence/new/", evidence_add, name="evidence_add"),
    path("evidence/expiring/", evidence_expiring, name="evidence_expiring"),
    path("evidence/<uuid:pk>/file/", evidence_file, name="evidence_file"),
    path("evidence/<uuid:pk>/review/", evidence_review, name="evidence_review"),
]
