"""The demo's exclusions (``inclusion.demo.exclusions``) on a small county, the reason codes and
the seeded routing from the data migration, and confirming a code in the admin."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.calendar.days import academic_year_of
from inclusion.core.reference import _rows
from inclusion.demo.exclusions import build_exclusions
from inclusion.demo.generate import build_county
from inclusion.exclusions.models import Consultation, Exclusion, ExclusionReason, ExclusionRouting
from inclusion.exclusions.reference_data import load_reasons, seed_routing
from inclusion.exclusions.selectors import selectable_reasons, year_sessions
from inclusion.organisations.models import LocalAuthority
from tests.conftest import signed_in_client
from tests.factories import UserFactory


def test_every_code_is_loaded_and_check_codes_wait_for_confirmation(db):
    rows = _rows("exclusion-reasons.csv")
    assert ExclusionReason.objects.count() == len(rows)
    unconfirmed = set(
        ExclusionReason.objects.filter(confirmed=False).values_list("code", flat=True)
    )
    assert unconfirmed == {"DA", "DB", "PH"}
    vape = ExclusionReason.objects.get(code="VR")
    assert vape.valid_from == dt.date(2024, 8, 1)
    assert "VR" not in set(
        selectable_reasons(on=dt.date(2024, 7, 1)).values_list("code", flat=True)
    )
    assert "VR" in set(selectable_reasons(on=dt.date(2024, 9, 2)).values_list("code", flat=True))
    assert "DB" not in set(selectable_reasons().values_list("code", flat=True))
    # Running the load again adds nothing.
    assert load_reasons(ExclusionReason) == 0
    assert seed_routing(ExclusionRouting, LocalAuthority) is False


def test_north_west_leicestershire_routes_to_the_county_inclusion_team(db):
    routing = ExclusionRouting.objects.select_related("district").get()
    assert routing.district.gss_code == "E07000134"
    assert routing.team_name == "County Inclusion Team"


def test_a_service_admin_confirms_a_code_in_the_admin(db):
    admin = UserFactory.create(is_staff=True, is_superuser=True)
    client = signed_in_client(admin)
    code = ExclusionReason.objects.get(code="DB")
    url = reverse("admin:exclusions_exclusionreason_change", args=[code.pk])
    data = {
        "code": "DB",
        "meaning": code.meaning,
        "note": code.note,
        "valid_from": "",
        "valid_until": "",
        "confirmed": "on",
    }
    assert client.post(url, data).status_code == 302
    code.refresh_from_db()
    assert code.confirmed
    event = AuditEvent.objects.get(target_id=str(code.pk))
    assert event.changes == ["confirmed"]


@pytest.fixture
def county_built(db):
    build_county(pupils=300, schools=12, providers=6, seed=7)
    Exclusion.objects.all().delete()
    Consultation.objects.all().delete()


def test_demo_exclusions(county_built):
    today = timezone.localdate()
    made = build_exclusions(random.Random(3), today=today)
    assert made == Exclusion.objects.count() + Consultation.objects.count() > 0
    assert build_exclusions(random.Random(3), today=today) == 0  # nothing twice
    permanent = Exclusion.objects.filter(kind="permanent")
    assert permanent.count() == 2
    assert all(e.consultation_id for e in permanent)
    assert Consultation.objects.filter(held_on__isnull=True).exists()
    totals = {
        pupil_id: year_sessions(pupil_id=pupil_id, day=today)
        for pupil_id in Exclusion.objects.values_list("pupil_id", flat=True)
    }
    near = max(totals.values())
    assert near <= 59  # 29.5 days at most: near the 30-day warning, not over it
    for e in Exclusion.objects.all():
        assert academic_year_of(e.start_date) <= academic_year_of(today)
        assert e.reasons.count() in (1, 2, 3)
