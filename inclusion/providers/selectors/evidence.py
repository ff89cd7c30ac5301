"""Reads of compliance evidence, scoped to the acting membership (DESIGN.md §5).

Everyone who may see a provider sees its evidence dates and status; the files are for
co-ordinators, LA officers and the provider's own staff (``access.may_see_evidence_files``).
The expiring and expired lists count the latest confirmed evidence of each kind: what
``services.status.refresh_provider_status`` counts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404

from inclusion.accounts.models import Membership, Role
from inclusion.providers.models import ComplianceEvidence, Provider
from inclusion.providers.selectors.access import (
    access_provider,
    may_manage,
    providers_visible_to,
)
from inclusion.providers.status import EXPIRING_WITHIN_DAYS

CONFIRMED = ComplianceEvidence.Status.CONFIRMED
AWAITING = ComplianceEvidence.Status.AWAITING_CONFIRMATION


def access_evidence(*, membership: Membership | None, pk: uuid.UUID) -> ComplianceEvidence:
    """One piece of evidence of a provider the membership may see, or 404."""
    evidence = (
        ComplianceEvidence.objects.select_related("provider", "submitted_by", "verified_by")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    access_provider(membership=membership, pk=evidence.provider_id)
    return evidence


def provider_with_evidence(*, membership: Membership | None, pk: uuid.UUID) -> Provider:
    """The provider with all its evidence (newest first within each kind) and who sent and
    verified it, or 404: one query after the access check."""
    provider = access_provider(membership=membership, pk=pk)
    evidence = ComplianceEvidence.objects.select_related("submitted_by", "verified_by").order_by(
        "kind", "-checked_on", "-created_at", "-pk"
    )
    prefetch_related_objects([provider], Prefetch("evidence", queryset=evidence))
    return provider


def latest_confirmed() -> QuerySet[ComplianceEvidence]:
    """For every provider and kind, the confirmed evidence that counts: the latest checked
    (ties broken by when it was recorded)."""
    newer = ComplianceEvidence.objects.filter(
        provider=OuterRef("provider"), kind=OuterRef("kind"), status=CONFIRMED
    ).filter(
        Q(checked_on__gt=OuterRef("checked_on"))
        | Q(checked_on=OuterRef("checked_on"), created_at__gt=OuterRef("created_at"))
        | Q(
            checked_on=OuterRef("checked_on"),
            created_at=OuterRef("created_at"),
            pk__gt=OuterRef("pk"),
        )
    )
    return ComplianceEvidence.objects.filter(status=CONFIRMED).exclude(Exists(newer))


def evidence_providers(*, membership: Membership | None) -> QuerySet[Provider]:
    """Whose evidence the membership looks after: every active provider for co-ordinators and
    LA officers, their own for provider staff, none for anyone else."""
    if membership is None:
        return Provider.objects.none()
    if not (may_manage(membership) or membership.role == Role.PROVIDER_STAFF):
        return Provider.objects.none()
    return providers_visible_to(membership=membership).filter(is_active=True)


@dataclass(frozen=True)
class ExpiryLists:
    expiring: list[ComplianceEvidence]
    expired: list[ComplianceEvidence]
    awaiting: list[ComplianceEvidence]


def _expiring_q(today: dt.date) -> Q:
    soon = today + dt.timedelta(days=EXPIRING_WITHIN_DAYS)
    return Q(expires_on__gte=today, expires_on__lte=soon)


def expiry_lists(*, membership: Membership | None, today: dt.date) -> ExpiryLists:
    """Evidence expiring within 30 days, expired, and awaiting confirmation: three queries
    whatever the number of providers."""
    providers = evidence_providers(membership=membership)
    latest = latest_confirmed().filter(provider__in=providers).select_related("provider")
    awaiting = (
        ComplianceEvidence.objects.filter(status=AWAITING, provider__in=providers)
        .select_related("provider", "submitted_by")
        .order_by("created_at", "pk")
    )
    return ExpiryLists(
        expiring=list(latest.filter(_expiring_q(today)).order_by("expires_on", "provider__name")),
        expired=list(latest.filter(expires_on__lt=today).order_by("expires_on", "provider__name")),
        awaiting=list(awaiting),
    )


@dataclass(frozen=True)
class EvidenceAlerts:
    """Counts for the in-app reminder on the home page and the provider page."""

    expiring: int
    expired: int
    awaiting: int

    @property
    def any(self) -> bool:
        return bool(self.expiring or self.expired or self.awaiting)


def evidence_alerts_for(
    *, membership: Membership | None, today: dt.date, provider: Provider | None = None
) -> EvidenceAlerts:
    """How much evidence needs attention: for co-ordinators and LA officers across every
    active provider, for provider staff their own; zeros for everyone else. ``provider``
    narrows the counts to one provider (for its page). One query."""
    providers = evidence_providers(membership=membership)
    if provider is not None:
        providers = providers.filter(pk=provider.pk)
    latest = latest_confirmed().filter(provider__in=providers).values("pk")
    counts = ComplianceEvidence.objects.filter(provider__in=providers).aggregate(
        expiring=Count("pk", filter=Q(pk__in=latest) & _expiring_q(today)),
        expired=Count("pk", filter=Q(pk__in=latest, expires_on__lt=today)),
        awaiting=Count("pk", filter=Q(status=AWAITING)),
    )
    return EvidenceAlerts(
        expiring=counts["expiring"] or 0,
        expired=counts["expired"] or 0,
        awaiting=counts["awaiting"] or 0,
    )
