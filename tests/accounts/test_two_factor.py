"""Two-factor sign-in: who must use it, setting up an app, codes, recovery codes, throttling."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion.accounts.two_factor import current_code, requires_two_factor
from inclusion.audit.models import AuditEvent
from tests.conftest import PERSONAS, County
from tests.factories import PASSWORD, UserFactory
from tests.helpers import assert_govuk_error, content
from tests.two_factor import authenticator_for, next_code

SIGN_IN = reverse("accounts:sign_in")
VERIFY = reverse("accounts:two_factor")
SET_UP = reverse("accounts:two_factor_set_up")
RECOVERY = reverse("accounts:two_factor_recovery")
CODES = reverse("accounts:recovery_codes")
PUPILS = reverse("pupils:list")

# Every role that sees pupil data needs a second factor; governance and service admins do not.
NEEDS_SECOND_FACTOR = {
    "school_a": True,
    "school_b": True,
    "coordinator": True,
    "chair": True,
    "provider": True,
    "virtual_school": True,
    "la_officer": True,
    "governance": False,
    "service_admin": False,
}


def password(client: Client, email: str, **extra: str):
    return client.post(SIGN_IN, {"email": email, "password": PASSWORD, **extra})


def verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


def test_the_table_names_every_persona():
    assert set(NEEDS_SECOND_FACTOR) == set(PERSONAS)


@pytest.mark.parametrize(("persona", "needed"), sorted(NEEDS_SECOND_FACTOR.items()))
def test_second_factor_enforced_per_role(persona, needed, county: County):
    """After the password alone, a role that sees pupil data reaches no page but the
    two-factor ones; the others go straight in."""
    user = county.memberships[persona].user
    client: Any = Client()
    response = password(client, user.email)
    assert requires_two_factor(user) is needed
    if not needed:
        assert response["Location"] == reverse("core:home")
        assert client.get(reverse("accounts:account")).status_code == 200
        return
    assert response["Location"] == SET_UP
    for url in (reverse("core:home"), PUPILS, reverse("accounts:account"), reverse("admin:index")):
        page = client.get(url)
        assert page.status_code == 302, url
        assert page["Location"].startswith(SET_UP + "?next="), url


def test_admin_users_need_a_second_factor(db):
    staff = UserFactory.create(email="staff@example.org", is_staff=True)
    assert requires_two_factor(staff)
    client: Any = Client()
    password(client, staff.email)
    assert client.get(reverse("admin:index"))["Location"].startswith(SET_UP)


def test_setting_up_an_app_shows_recovery_codes_once(county: County):
    user = county.memberships["school_a"].user
    client: Any = Client()
    password(client, user.email, next=PUPILS)
    page = client.get(SET_UP + "?" + urlencode({"next": PUPILS}))
    assert page.status_code == 200
    assert "<svg" in content(page)  # the QR code
    secret = re.search(r'<code class="app-secret" id="secret">([A-Z2-7 ]+)</code>', content(page))
    assert secret is not None
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SET_UP, {"code": current_code(device), "next": PUPILS})
    assert response["Location"] == CODES + "?" + urlencode({"next": PUPILS})
    shown = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", content(shown))
    assert len(codes) == 10
    saved = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert set(codes) == set(saved)
    assert f'href="{PUPILS}"' in content(shown)
    again = client.get(CODES)  # shown once only
    assert not re.findall(r"<li><code>", content(again))
    assert "You have 10 recovery codes left" in content(again)
    assert client.get(PUPILS).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.Verb.TWO_FACTOR_ENROLLED in verbs()


def test_a_wrong_first_code_sets_nothing_up(county: County):
    user = county.memberships["school_a"].user
    client: Any = Client()
    password(client, user.email)
    client.get(SET_UP)
    response = client.post(SET_UP, {"code": "000000"})
    assert_govuk_error(response, "The code is not right. Enter the code the app shows now")
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(PUPILS)["Location"].startswith(SET_UP)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "Enter the code as 6 numbers, like 123456"),
        ("12a456", "Enter the code as 6 numbers, like 123456"),
        ("\uff11\uff12\uff13\uff14\uff15\uff16", "Enter the code as 6 numbers, like 123456"),
    ],
)
def test_malformed_codes_get_a_message(code, message, county: County):
    user = county.memberships["school_a"].user
    authenticator_for(user.email)
    client: Any = Client()
    password(client, user.email)
    response = client.post(VERIFY, {"code": code})
    assert_govuk_error(response, message)


def test_signing_in_with_the_app(county: County):
    user = county.memberships["coordinator"].user
    device = authenticator_for(user.email)
    client: Any = Client()
    response = password(client, user.email, next=PUPILS)
    assert response["Location"] == VERIFY + "?next=" + PUPILS.replace("/", "%2F")
    assert client.get(PUPILS)["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"code": next_code(device), "next": PUPILS})
    assert response["Location"] == PUPILS
    assert client.get(PUPILS).status_code == 200
    assert verbs()[-1] == AuditEvent.Verb.TWO_FACTOR


def test_a_code_works_once(county: County):
    user = county.memberships["coordinator"].user
    device = authenticator_for(user.email)
    code = next_code(device)
    first: Any = Client()
    password(first, user.email)
    assert first.post(VERIFY, {"code": code})["Location"] == reverse("core:home")
    second: Any = Client()
    password(second, user.email)
    response = second.post(VERIFY, {"code": code})
    assert_govuk_error(response, "The code is not right. Enter the code the app shows now")


def test_a_password_alone_cannot_replace_the_app(county: County):
    user = county.memberships["school_a"].user
    authenticator_for(user.email)
    client: Any = Client()
    password(client, user.email)
    assert client.get(SET_UP)["Location"] == VERIFY
    client.post(SET_UP, {"code": "123456"})
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_recovery_code_signs_in_once(county: County):
    user = county.memberships["school_a"].user
    device = authenticator_for(user.email)
    setup: Any = Client()
    password(setup, user.email)
    setup.post(VERIFY, {"code": next_code(device)})
    setup.post(CODES)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", content(setup.get(CODES)))
    assert len(codes) == 10
    client: Any = Client()
    password(client, user.email)
    response = client.post(RECOVERY, {"code": codes[0].upper()})
    assert response["Location"] == reverse("core:home")
    assert client.get(PUPILS).status_code == 200
    assert AuditEvent.Verb.RECOVERY_CODE_USED in verbs()
    again: Any = Client()
    password(again, user.email)
    reused = again.post(RECOVERY, {"code": codes[0]})
    assert_govuk_error(reused, "That recovery code is not right or has been used")


def test_repeated_wrong_codes_lock_the_account_out(county: County):
    """Wrong codes count with wrong passwords: at the limit the user is signed out, and the
    sign-in is refused until the window passes. Each wrong code is audited."""
    user = county.memberships["school_a"].user
    device = authenticator_for(user.email)
    client: Any = Client()
    password(client, user.email)
    for _ in range(settings.SIGN_IN_MAX_FAILURES - 1):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(VERIFY, {"code": "000000"})
    assert response["Location"] == SIGN_IN
    assert "wrong code too many times" in content(client.get(SIGN_IN))
    assert client.get(PUPILS)["Location"].startswith(SIGN_IN)
    assert verbs().count(AuditEvent.Verb.TWO_FACTOR_FAILED) == settings.SIGN_IN_MAX_FAILURES
    refused = password(client, user.email)
    assert refused.status_code == 429
    assert verbs()[-1] == AuditEvent.Verb.LOCKED_OUT


def test_codes_are_throttled_after_a_failure(county: County):
    """django-otp's back-off: straight after a wrong code even the right one is refused."""
    user = county.memberships["school_a"].user
    device = authenticator_for(user.email)
    client: Any = Client()
    password(client, user.email)
    client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": next_code(device)})
    assert_govuk_error(response, "Wait 1 second, then enter the code again")
    assert client.get(PUPILS).status_code == 302
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.TWO_FACTOR_FAILED).count() == 1


def test_the_account_page_shows_the_second_factor(persona_client):
    page = content(persona_client("school_a").get(reverse("accounts:account")))
    assert "Authenticator app" in page
    assert "You must use two-factor sign-in" in page


def test_a_role_that_sees_pupils_gained_mid_session_needs_the_second_factor(county: County):
    """A governance member signed in with a password alone is given a school role: the next
    page asks for the second factor, without signing in again."""
    from inclusion.accounts.models import Membership
    from tests.factories import MembershipFactory

    user = county.memberships["governance"].user
    client: Any = Client()
    assert password(client, user.email)["Location"] == reverse("core:home")
    assert client.get(reverse("reports:partnership")).status_code == 200
    Membership.objects.filter(pk=county.memberships["governance"].pk).update(is_active=False)
    MembershipFactory.create(user=user, role="school_staff", school=county.school_a)
    response = client.get(reverse("reports:partnership"))
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP + "?next=")
    assert client.get(PUPILS)["Location"].startswith(SET_UP)
