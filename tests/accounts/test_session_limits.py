"""A session ends after 30 minutes without a request and 12 hours after signing in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inclusion.accounts import middleware
from inclusion.audit.models import AuditEvent
from tests.conftest import County
from tests.factories import PASSWORD
from tests.helpers import content
from tests.two_factor import authenticator_for, next_code

PUPILS = reverse("pupils:list")
SIGN_IN = reverse("accounts:sign_in")
START = 1_800_000_000.0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The wall clock the session limits read, moved by the test."""
    moment = [START]
    monkeypatch.setattr(middleware, "now", lambda: moment[0])
    return moment


@pytest.fixture
def signed_in(county: County, clock: list[float]) -> Any:
    """Signed in through the real pages (password and code) at START."""
    user = county.memberships["school_a"].user
    device = authenticator_for(user.email)
    client: Any = Client()
    client.post(SIGN_IN, {"email": user.email, "password": PASSWORD})
    client.post(reverse("accounts:two_factor"), {"code": next_code(device)})
    assert client.get(PUPILS).status_code == 200
    return client


def expired(response: Any) -> bool:
    return bool(response.status_code == 302 and response["Location"].startswith(SIGN_IN))


def test_activity_keeps_the_session_alive(signed_in: Any, clock: list[float]):
    for _ in range(5):  # 5 x 29 minutes: longer than 30 minutes in all, never idle that long
        clock[0] += 29 * 60
        assert signed_in.get(PUPILS).status_code == 200


def test_idle_for_30_minutes_signs_out(signed_in: Any, clock: list[float]):
    clock[0] += 30 * 60 + 61
    response = signed_in.get(PUPILS)
    assert expired(response)
    assert "next=%2Fpupils%2F" in response["Location"]
    page = content(signed_in.get(response["Location"]))
    assert "You have been signed out because you did nothing for 30 minutes" in page
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.SESSION_EXPIRED).count() == 1
    clock[0] += 1
    assert expired(signed_in.get(PUPILS))  # the session is gone, not just refused once


def test_just_under_the_idle_limit_is_fine(signed_in: Any, clock: list[float]):
    clock[0] += 30 * 60 - 1
    assert signed_in.get(PUPILS).status_code == 200


def test_twelve_hours_after_sign_in_signs_out_however_active(signed_in: Any, clock: list[float]):
    for _ in range(12 * 4):  # a request every 15 minutes for 12 hours
        clock[0] += 15 * 60
        response = signed_in.get(PUPILS)
    assert response.status_code == 200  # exactly 12 hours: still in
    clock[0] += 15 * 60
    response = signed_in.get(PUPILS)
    assert expired(response)
    page = content(signed_in.get(response["Location"]))
    assert "signed in more than 12 hours ago" in page


def test_the_limits_are_settings(signed_in: Any, clock: list[float], settings):
    settings.SESSION_IDLE_MINUTES = 5
    clock[0] += 5 * 60 + 61
    assert expired(signed_in.get(PUPILS))


def test_a_post_after_the_limit_writes_nothing(signed_in: Any, clock: list[float], county):
    clock[0] += 31 * 60 + 61
    before = AuditEvent.objects.exclude(verb=AuditEvent.Verb.SESSION_EXPIRED).count()
    response = signed_in.post(reverse("pupils:edit", kwargs={"pk": county.pupil_a.pk}), {})
    assert expired(response)
    assert AuditEvent.objects.exclude(verb=AuditEvent.Verb.SESSION_EXPIRED).count() == before
