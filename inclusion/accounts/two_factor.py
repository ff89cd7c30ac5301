"""Two-factor sign-in: an authenticator app (TOTP) with one-time recovery codes.

Everyone who can see pupil data (every role but governance board members and service
administrators, and every Django-admin user) proves a second factor after their password before
any page but these ones opens. Devices and codes are django-otp's models; each step is audited.
"""

from __future__ import annotations

import math
import time
from base64 import b32encode

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion.accounts.models import Role, SignInFailure, User
from inclusion.accounts.selectors import is_locked_out
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record

# Roles whose members see no pupil's data: governance sees suppressed counts only, and service
# administrators look after the directory and code lists.
ROLES_WITHOUT_PUPIL_DATA = frozenset({Role.GOVERNANCE, Role.SERVICE_ADMIN})
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class TwoFactorLockedOutError(Exception):
    """Too many wrong codes: the user is signed out and sign-in is locked for a while."""


class TooSoonError(Exception):
    """A wrong code a moment ago: codes are refused until the back-off delay has passed."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def requires_two_factor(user: User) -> bool:
    """Whether ``user`` must prove a second factor: admin users, and anyone with an active
    membership in a role that sees pupil data."""
    if user.is_staff or user.is_superuser:
        return True
    return (
        user.memberships.filter(is_active=True).exclude(role__in=ROLES_WITHOUT_PUPIL_DATA).exists()
    )


def is_verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def has_app(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_app_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (made on first need, kept while set-up lasts)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_people(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed: base32 in groups of four."""
    encoded = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an inline SVG QR code (no script, no style)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code an authenticator app shows now (or at ``at``, Unix seconds): for the demo's
    sign-in helper and for tests."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


@transaction.atomic
def confirm_app(*, request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the authenticator being set up with its first code: the session is verified and
    fresh recovery codes are made (returned, to be shown once). None when the code is wrong."""
    device = pending_app_device(user)
    if not device.verify_token(code):
        _failed(user)
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    audit_record(actor=user, verb=AuditEvent.Verb.TWO_FACTOR_ENROLLED, target=user)
    return codes


def verify(*, request: HttpRequest, user: User, code: str, recovery: bool = False) -> bool:
    """Check a code from the app (or a recovery code, used up on success) and mark the session
    verified. A wrong code counts towards the sign-in lockout; reaching it raises
    :class:`TwoFactorLockedOutError` (the caller signs the user out)."""
    with transaction.atomic():
        devices = StaticDevice.objects if recovery else TOTPDevice.objects
        device = devices.devices_for_user(user, confirmed=True).select_for_update().first()
        token = code.replace(" ", "").replace("-", "").lower() if recovery else code
        if device is not None:
            _refuse_when_throttled(device)
        if device is not None and device.verify_token(token):
            otp_login(request, device)
            verb = AuditEvent.Verb.RECOVERY_CODE_USED if recovery else AuditEvent.Verb.TWO_FACTOR
            audit_record(actor=user, verb=verb, target=user)
            SignInFailure.objects.filter(email=user.email).delete()
            return True
    _failed(user)
    if is_locked_out(email=user.email):
        raise TwoFactorLockedOutError
    return False


def _refuse_when_throttled(device: TOTPDevice | StaticDevice) -> None:
    allowed, data = device.verify_is_allowed()
    if not allowed and data and data.get("locked_until"):
        wait = (data["locked_until"] - timezone.now()).total_seconds()
        raise TooSoonError(max(1, math.ceil(wait)))


def _failed(user: User) -> None:
    SignInFailure.objects.create(email=user.email)
    audit_record(actor=user, verb=AuditEvent.Verb.TWO_FACTOR_FAILED, target=user)


@transaction.atomic
def renew_recovery_codes(*, user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit_record(actor=user, verb=AuditEvent.Verb.RECOVERY_CODES_RENEWED, target=user)
    return codes
