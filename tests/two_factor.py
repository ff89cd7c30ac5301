"""Authenticator codes for tests that sign in through the real pages."""

from __future__ import annotations

import time

from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion.accounts.models import User
from inclusion.accounts.two_factor import current_code

__all__ = ["TOTPDevice", "authenticator_for", "next_code"]


def authenticator_for(email: str) -> TOTPDevice:
    """The user's confirmed authenticator app, made if they have none yet."""
    user = User.objects.get(email=email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def next_code(device: TOTPDevice) -> str:
    """A code the service will accept now: the current time step's, or (when that step's code
    was used already, as codes work once) the next step's, which the service allows for drift."""
    device.refresh_from_db()
    centre = int(time.time()) // device.step + device.drift
    step = max(centre, device.last_t + 1)
    while step > centre + 1:  # both allowed codes used: wait for the next step
        time.sleep(1)
        centre = int(time.time()) // device.step + device.drift
    return current_code(device, at=step * device.step)
