"""Sign-in, sign-out and role choice, each audited."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.http import HttpRequest

from inclusion.accounts.access import MEMBERSHIP_COUNT_KEY, SESSION_KEY
from inclusion.accounts.middleware import start_session_clock
from inclusion.accounts.models import Membership, SignInFailure, User
from inclusion.accounts.selectors import is_locked_out, memberships_of
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record


class LockedOutError(Exception):
    """Too many failed sign-ins for this address recently."""


def sign_in(*, request: HttpRequest, email: str, password: str) -> User | None:
    """Sign the user in, or record the failure. Raises :class:`LockedOutError` when throttled.

    The refusal is audited outside any transaction, so raising does not undo the record.
    """
    email = email.strip().lower()
    if is_locked_out(email=email):
        _audit_attempt(email, AuditEvent.Verb.LOCKED_OUT)
        raise LockedOutError
    return _authenticate_and_sign_in(request=request, email=email, password=password)


def _audit_attempt(email: str, verb: str) -> None:
    """Audit a refused attempt against the account it aimed at, by id, so guessing is traceable."""
    user_id = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
    audit_record(
        actor=None,
        verb=verb,
        target_type="accounts.user",
        target_id=str(user_id) if user_id else "",
    )


@transaction.atomic
def _authenticate_and_sign_in(*, request: HttpRequest, email: str, password: str) -> User | None:
    user = authenticate(request, username=email, password=password)
    if not isinstance(user, User):
        SignInFailure.objects.create(email=email)
        _audit_attempt(email, AuditEvent.Verb.SIGN_IN_FAILED)
        return None
    SignInFailure.objects.filter(email=email).delete()
    login(request, user)
    start_session_clock(request)
    memberships = memberships_of(user=user)
    request.session[MEMBERSHIP_COUNT_KEY] = memberships.count()
    only = list(memberships[:2])
    if len(only) == 1:
        request.session[SESSION_KEY] = str(only[0].pk)
    audit_record(actor=user, verb=AuditEvent.Verb.SIGN_IN, target=user)
    return user


@transaction.atomic
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


def password_reset_completed(*, user: User) -> None:
    audit_record(actor=user, verb=AuditEvent.Verb.PASSWORD_RESET, target=user)
