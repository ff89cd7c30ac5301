"""Reads for the calendar pages, scoped to the acting membership.

Everyone who works with pupils reads the calendar of their own local authority: the authority of
their school, partnership or provider, or the one they work for. An LA officer changes only their
own authority's terms and closures: anyone else's answer 404.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from inclusion.accounts.models import Membership
from inclusion.calendar.models import Closure, Term
from inclusion.organisations.models import LocalAuthority


def home_authority(membership: Membership) -> LocalAuthority:
    """The authority whose calendar the membership reads (no query: memberships come with their
    organisation)."""
    for organisation in (membership.school, membership.partnership, membership.provider):
        if organisation is not None:
            return organisation.local_authority
    if membership.local_authority is not None:
        return membership.local_authority
    raise Http404


def managed_authority(membership: Membership) -> LocalAuthority:
    """The authority whose calendar an LA officer keeps."""
    if membership.local_authority is None:
        raise Http404
    return membership.local_authority


def access_term(*, membership: Membership, pk: uuid.UUID) -> Term:
    try:
        return Term.objects.get(pk=pk, local_authority_id=membership.local_authority_id)
    except Term.DoesNotExist:
        raise Http404 from None


def access_closure(*, membership: Membership, pk: uuid.UUID) -> Closure:
    try:
        return Closure.objects.get(pk=pk, local_authority_id=membership.local_authority_id)
    except Closure.DoesNotExist:
        raise Http404 from None
