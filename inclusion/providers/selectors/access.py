"""Which providers a membership may see and change (DESIGN.md §5).

Everyone who works with pupils sees the whole directory, except provider staff, who see only
their own provider ("nothing else"). A provider outside your scope is a 404.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.providers.models import Provider

MANAGER_ROLES = (Role.COORDINATOR, Role.LA_OFFICER)


def providers_visible_to(*, membership: Membership | None) -> QuerySet[Provider]:
    if membership is None or not can(membership, "providers.view_directory"):
        return Provider.objects.none()
    if membership.role == Role.PROVIDER_STAFF:
        if membership.provider_id is None:
            return Provider.objects.none()
        return Provider.objects.filter(pk=membership.provider_id)
    if membership.role in MANAGER_ROLES:
        return Provider.objects.all()
    return Provider.objects.filter(is_active=True)


def access_provider(*, membership: Membership | None, pk: uuid.UUID) -> Provider:
    provider = providers_visible_to(membership=membership).filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def is_own_provider(membership: Membership, provider: Provider) -> bool:
    return membership.role == Role.PROVIDER_STAFF and membership.provider_id == provider.pk


def may_manage(membership: Membership) -> bool:
    """Co-ordinators and LA officers: create providers, confirm changes and evidence."""
    return can(membership, "providers.confirm_changes")


def may_see_evidence_files(membership: Membership, provider: Provider) -> bool:
    """Evidence files (which can name staff) are for managers and the provider's own staff;
    everyone who sees the directory sees the evidence dates and status."""
    return may_manage(membership) or is_own_provider(membership, provider)


def may_change(membership: Membership, provider: Provider) -> bool:
    return may_manage(membership) or is_own_provider(membership, provider)
