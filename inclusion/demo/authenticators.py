"""The demo's authenticator app: one fictional key shared by every demo persona who needs a
second factor, so that someone trying the demo adds it to their app once (or asks
``manage.py demo_code`` for the current code)."""

from __future__ import annotations

from binascii import hexlify

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion.accounts.models import Role, User
from inclusion.accounts.two_factor import (
    ROLES_WITHOUT_PUPIL_DATA,
    current_code,
    secret_for_people,
)

DEMO_EMAIL_DOMAIN = "@demo.inclusion.example"
# Twenty bytes, published here on purpose: it protects nothing but fictional demo data.
DEMO_KEY = hexlify(b"inclusion-demo-2026!").decode("ascii")
DEMO_DEVICE_NAME = "Demo authenticator"


def demo_device() -> TOTPDevice:
    """An unsaved device with the demo key (to show the key and work out codes)."""
    return TOTPDevice(key=DEMO_KEY, name=DEMO_DEVICE_NAME)


def ensure_demo_authenticators() -> int:
    """Give every demo user who needs a second factor the demo authenticator (once). Answers
    how many were added."""
    pupil_roles = [role for role in Role if role not in ROLES_WITHOUT_PUPIL_DATA]
    sees_pupils = Q(memberships__is_active=True, memberships__role__in=pupil_roles)
    users = (
        User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN)
        .filter(sees_pupils | Q(is_staff=True))
        .exclude(totpdevice__confirmed=True)
        .distinct()
    )
    devices = [
        TOTPDevice(user=user, key=DEMO_KEY, name=DEMO_DEVICE_NAME, confirmed=True) for user in users
    ]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)


def demo_key_for_people() -> str:
    return secret_for_people(demo_device())


def demo_code_now() -> str:
    return current_code(demo_device())
