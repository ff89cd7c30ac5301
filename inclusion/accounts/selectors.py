"""Reads about users and memberships."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from inclusion.accounts.models import Membership, SignInFailure, User


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True).select_related(
        "school", "partnership", "provider", "local_authority"
    )


def membership_for(*, user: User, membership_id: str | None) -> Membership | None:
    """The membership the user acts in: the one chosen this session, or their only one."""
    memberships = memberships_of(user=user)
    if membership_id:
        try:
            return memberships.get(pk=uuid.UUID(membership_id))
        except (ValueError, Membership.DoesNotExist):
            return None
    only = list(memberships[:2])
    return only[0] if len(only) == 1 else None


def recent_sign_in_failures(*, email: str) -> int:
    window = timezone.now() - timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    return SignInFailure.objects.filter(email=email.strip().lower(), at__gte=window).count()


def is_locked_out(*, email: str) -> bool:
    return recent_sign_in_failures(email=email) >= settings.SIGN_IN_MAX_FAILURES
