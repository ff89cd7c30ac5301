"""Sign-in, sign-out and role choice, each audited."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.http import HttpRequest

from inclusion.accounts.access import MEMBERSHIP_COUNT_KEY, SESSION_KEY
from inclusion.accounts.models import Membership, SignInFailure, User
from inclusion.accounts.selectors import is_locked_out, memberships_of
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record


class LockedOutError(Exception):
    """Too many failed sign-ins for this address recently."""


@transaction.atomic
def sign_in(*, request: HttpRequest, email: str, password: str) -> User | None:
    """Sign the user in, or record the failure. Raises :class:`LockedOutError` when throttled."""
    email = email.strip().lower()
    if is_locked_out(email=email):
        audit_record(actor=None, verb=AuditEvent.Verb.LOCKED_OUT, target_type="accounts.user")
        raise LockedOutError
    user = authenticate(request, username=email, password=password)
    if not isinstance(user, User):
        SignInFailure.objects.create(email=email)
        audit_record(actor=None, verb=AuditEvent.Verb.SIGN_IN_FAILED, target_type="accounts.user")
        return None
    SignInFailure.objects.filter(email=email).delete()
    login(request, user)
    memberships = list(memberships_of(user=user)[:2])
    request.session[MEMBERSHIP_COUNT_KEY] = memberships_of(user=user).count()
    if len(memberships) == 1:
        request.session[SESSION_KEY] = str(memberships[0].pk)
    audit_record(actor=user, verb=AuditEvent.Verb.SIGN_IN, target=user)
    return user


def act_as(*, request: HttpRequest, user: User, membership: Membership) -> None:
    request.session[SESSION_KEY] = str(membership.pk)
    if hasattr(request, "_acting_membership"):
        del request._acting_membership
    audit_record(
        actor=user, membership=membership, verb=AuditEvent.Verb.SWITCH_ROLE, target=membership
    )


def sign_out(*, request: HttpRequest, user: User) -> None:
    audit_record(actor=user, verb=AuditEvent.Verb.SIGN_OUT, target=user)
    logout(request)
