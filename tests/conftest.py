"""The persona fixture set: one signed-in client per role in a small fictional county."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion.accounts.access import MEMBERSHIP_COUNT_KEY, SESSION_KEY
from inclusion.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from inclusion.accounts.models import Membership, Role, User
from inclusion.organisations.models import LocalAuthority, Partnership, School
from inclusion.providers.models import Provider
from inclusion.pupils.models import Pupil
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    ProviderFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
    leicestershire,
)

PERSONAS = (
    "school_a",
    "school_b",
    "coordinator",
    "chair",
    "provider",
    "virtual_school",
    "la_officer",
    "governance",
    "service_admin",
)


@dataclass
class County:
    la: LocalAuthority
    partnership: Partnership
    other_partnership: Partnership
    school_a: School
    school_b: School
    school_c: School
    provider: Provider
    pupil_a: Pupil
    pupil_b: Pupil
    pupil_c_looked_after: Pupil
    memberships: dict[str, Membership]


@pytest.fixture
def county(db: None) -> County:
    la = leicestershire()
    partnership = PartnershipFactory.create(name="Hinckley and Bosworth Partnership")
    other = PartnershipFactory.create(name="Melton and Rutland Partnership")
    school_a = SchoolFactory.create(name="Brookvale Academy", partnership=partnership)
    school_b = SchoolFactory.create(name="Fernhill School", partnership=partnership)
    school_c = SchoolFactory.create(name="Wreake Valley College", partnership=other)
    provider = ProviderFactory.create(name="Skills Barn")
    pupil_a = PupilFactory.create(school=school_a, legal_first_name="Amara", legal_last_name="Osei")
    pupil_b = PupilFactory.create(school=school_b, legal_first_name="Billy", legal_last_name="Hart")
    pupil_c = PupilFactory.create(
        school=school_c,
        legal_first_name="Cara",
        legal_last_name="Nowak",
        looked_after=True,
        care_la=la,
    )
    org = {
        "school_a": {
            "role": Role.SCHOOL_STAFF,
            "school": school_a,
            "is_safeguarding_lead": True,
        },
        "school_b": {"role": Role.SCHOOL_STAFF, "school": school_b},
        "coordinator": {"role": Role.COORDINATOR, "partnership": partnership},
        "chair": {"role": Role.CHAIR, "partnership": partnership},
        "provider": {"role": Role.PROVIDER_STAFF, "provider": provider},
        "virtual_school": {"role": Role.VIRTUAL_SCHOOL, "local_authority": la},
        "la_officer": {"role": Role.LA_OFFICER, "local_authority": la},
        "governance": {"role": Role.GOVERNANCE, "partnership": partnership},
        "service_admin": {"role": Role.SERVICE_ADMIN, "local_authority": la},
    }
    memberships = {
        name: MembershipFactory.create(
            user=UserFactory.create(email=f"{name}@example.org"), **fields
        )
        for name, fields in org.items()
    }
    return County(
        la,
        partnership,
        other,
        school_a,
        school_b,
        school_c,
        provider,
        pupil_a,
        pupil_b,
        pupil_c,
        memberships,
    )


def verified_device(user: User) -> TOTPDevice:
    """The user's authenticator app (made on first need)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def signed_in_client(user: User, *, second_factor: bool = True) -> Client:
    """A client signed in as ``user``, with the second factor proved (unless ``second_factor``
    is False)."""
    client = Client()
    client.force_login(user)
    session = client.session
    # As the sign-in pages leave it: the session clock started (so that no page pays for
    # starting it on its first request).
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = time.time()
    if second_factor:
        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    return client


def client_for(membership: Membership, *, second_factor: bool = True) -> Client:
    """A client signed in and acting in ``membership``, with the second factor proved (unless
    ``second_factor`` is False)."""
    client = signed_in_client(membership.user, second_factor=second_factor)
    session = client.session
    session[SESSION_KEY] = str(membership.pk)
    session[MEMBERSHIP_COUNT_KEY] = 1
    session.save()
    return client


@pytest.fixture
def persona_client(county: County):
    def make(name: str) -> Client:
        return client_for(county.memberships[name])

    return make


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    """A fast password hasher, WhiteNoise finding static files on demand rather than
    indexing them all for every test Client (18 ms a client), and uploads kept in the test's
    own temporary folder, never under var/."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def run_worker_once(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Run ``manage.py worker --once`` inside the test's transaction: the task worker's own
    connection clean-up is made to leave the test's open connection alone (PostgreSQL would
    otherwise lose the transaction)."""
    from django_tasks_db.management.commands import db_worker

    from inclusion.jobs.management.commands.worker import fresh_connections

    monkeypatch.setattr(db_worker, "close_old_connections", fresh_connections)

    def run() -> None:
        call_command("worker", "--once", stdout=io.StringIO())

    return run
