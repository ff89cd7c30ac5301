"""Which referrals a membership may see (DESIGN.md §5). A referral outside scope is a 404.

School staff see their school's referrals, drafts included. Co-ordinators and chairs see every
referral made to their partnership once it is submitted (and drafts they started themselves);
LA officers see every submitted referral in their authority.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.referrals.models import Referral, Status


def referrals_visible_to(*, membership: Membership | None) -> QuerySet[Referral]:
    if membership is None or not can(membership, "referrals.view_referral"):
        return Referral.objects.none()
    submitted = ~Q(status=Status.DRAFT) | Q(created_by_id=membership.user_id)
    if membership.role == Role.SCHOOL_STAFF:
        return Referral.objects.filter(Q(school_id=membership.school_id))
    if membership.role in (Role.COORDINATOR, Role.CHAIR):
        return Referral.objects.filter(Q(partnership_id=membership.partnership_id) & submitted)
    if membership.role == Role.LA_OFFICER:
        return Referral.objects.filter(
            Q(school__local_authority_id=membership.local_authority_id) & submitted
        )
    return Referral.objects.none()


def access_referral(*, membership: Membership | None, pk: uuid.UUID) -> Referral:
    referral = (
        referrals_visible_to(membership=membership)
        .select_related("pupil", "school", "partnership", "created_by", "home_la")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    return referral
