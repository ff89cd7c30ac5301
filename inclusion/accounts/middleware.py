"""Sign-in limits applied to every request: the session's idle and absolute time limits, and
the second factor for everyone who can see pupil data."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from inclusion.accounts import two_factor
from inclusion.accounts.access import acting_membership
from inclusion.accounts.models import User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The last-seen time is written at most this often (seconds), not on every request.
_LAST_SEEN_RESOLUTION = 60

# Pages a signed-in user may open before proving a second factor.
_OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:two_factor",
        "accounts:two_factor_set_up",
        "accounts:two_factor_recovery",
        "accounts:sign_out",
        "accounts:signed_out",
        "core:accessibility",
        "core:privacy",
        "core:cookies",
        "core:raw",
    }
)


def now() -> float:
    """The wall clock (a function, so tests can move it)."""
    return time.time()


def start_session_clock(request: HttpRequest) -> None:
    moment = now()
    request.session[SIGNED_IN_AT] = moment
    request.session[LAST_SEEN_AT] = moment


def _signed_in(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    target = reverse(settings.LOGIN_URL)
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    return redirect(target)


class SessionLimitsMiddleware:
    """Sign out a session idle longer than ``SESSION_IDLE_MINUTES`` or older than
    ``SESSION_ABSOLUTE_HOURS``, audited, with a message on the sign-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in(request)
        if user is not None:
            expired = self._expired(request)
            if expired:
                audit_record(actor=user, verb=AuditEvent.Verb.SESSION_EXPIRED, target=user)
                logout(request)
                messages.info(request, expired)
                return _to_sign_in(request)
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str | None:
        moment = now()
        started = request.session.get(SIGNED_IN_AT)
        last = request.session.get(LAST_SEEN_AT)
        if not isinstance(started, float | int) or not isinstance(last, float | int):
            start_session_clock(request)
            return None
        if moment - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
            hours = settings.SESSION_ABSOLUTE_HOURS
            return f"You have been signed out because you signed in more than {hours} hours ago"
        if moment - last > settings.SESSION_IDLE_MINUTES * 60:
            minutes = settings.SESSION_IDLE_MINUTES
            return f"You have been signed out because you did nothing for {minutes} minutes"
        if moment - last > _LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN_AT] = moment
        return None


class TwoFactorMiddleware:
    """Until a second factor is proved, send someone who can see pupil data to enter their code
    (or set up an app first); only the pages above open before then."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in(request)
        if (
            user is not None
            and not two_factor.is_verified(request)
            and _required(request, user)
            and not _open_before_second_factor(request)
        ):
            return _to_second_factor(request, user)
        return self.get_response(request)


def _required(request: HttpRequest, user: User) -> bool:
    """Whether ``user`` needs a second factor for this request: an admin user always; else by
    the role they act in now (so gaining a role that sees pupils takes effect at once); before
    a role is chosen, if any of their roles sees pupils."""
    if user.is_staff or user.is_superuser:
        return True
    membership = acting_membership(request)
    if membership is not None:
        return membership.role not in two_factor.ROLES_WITHOUT_PUPIL_DATA
    return two_factor.requires_two_factor(user)


def _open_before_second_factor(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in _OPEN_BEFORE_SECOND_FACTOR


def _to_second_factor(request: HttpRequest, user: User) -> HttpResponse:
    name = "accounts:two_factor" if two_factor.has_app(user) else "accounts:two_factor_set_up"
    target = reverse(name)
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    return redirect(target)
