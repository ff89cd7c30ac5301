"""Service administrators may correct term dates in the Django admin: the same checks apply and
every change is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.calendar.models import Closure, Term
from tests.conftest import signed_in_client
from tests.factories import UserFactory, leicestershire


@pytest.fixture
def admin_client_(db) -> Client:
    client = signed_in_client(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def term_post(**overrides: str) -> dict[str, str]:
    data = {
        "local_authority": str(leicestershire().pk),
        "academic_year": "2026",
        "name": "Summer school",
        "starts_on": "2026-08-03",
        "ends_on": "2026-08-14",
    }
    return data | overrides


def test_admin_adds_a_term_audited(admin_client_):
    response = admin_client_.post(reverse("admin:calendar_term_add"), term_post())
    assert response.status_code == 302
    term = Term.objects.get(name="Summer school")
    event = AuditEvent.objects.get(target_id=str(term.pk))
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.membership is None


def test_admin_refuses_an_overlapping_term(admin_client_):
    before = Term.objects.count()
    response = admin_client_.post(
        reverse("admin:calendar_term_add"), term_post(starts_on="2026-12-14", ends_on="2026-12-23")
    )
    assert response.status_code == 200
    assert "Term dates must not overlap Autumn term" in response.content.decode()
    assert Term.objects.count() == before


def test_admin_refuses_a_closure_outside_a_term(admin_client_):
    before = Closure.objects.count()
    response = admin_client_.post(
        reverse("admin:calendar_closure_add"),
        {
            "local_authority": str(leicestershire().pk),
            "kind": "other",
            "name": "Polling day",
            "starts_on": "2026-12-24",
            "ends_on": "2026-12-24",
        },
    )
    assert response.status_code == 200
    assert "must be in a term" in response.content.decode()
    assert Closure.objects.count() == before


def test_admin_deletes_a_term_with_its_closures_audited(admin_client_):
    term = Term.objects.get(local_authority=leicestershire(), starts_on=dt.date(2026, 9, 1))
    response = admin_client_.post(
        reverse("admin:calendar_term_delete", args=[term.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Term.objects.filter(pk=term.pk).exists()
    assert not Closure.objects.filter(starts_on=dt.date(2026, 10, 26)).exists()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.DELETE).count() == 5
