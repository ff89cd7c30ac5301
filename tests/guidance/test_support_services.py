"""Managing the support services list: co-ordinators and LA officers add, change, hide and show
services; every change is audited; bad input writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.guidance.models import SupportService
from tests.helpers import assert_govuk_error, on_page

LIST = reverse("guidance:service_list")
CREATE = reverse("guidance:service_create")
PUBLIC = reverse("guidance:services")


def public_get(url: str) -> Any:
    """GET as someone who is not signed in."""
    return Client().get(url)


def service_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Riverside Sports Mentoring (fictional)",
        "category": "youth",
        "description": "Weekly mentoring through sport for 12 to 16 year olds.",
        "url": "https://riverside.example.org",
        "phone": "01632 960888",
    }
    data.update(overrides)
    return data


@pytest.fixture
def harbour(county) -> SupportService:
    return SupportService.objects.get(name__startswith="Harbour")


def url(name: str, service: SupportService) -> str:
    return reverse(f"guidance:{name}", kwargs={"pk": service.pk})


def audited(service: SupportService) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_id=str(service.pk)).order_by("at", "id"))


def counts() -> tuple[int, int]:
    return SupportService.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("persona", ["coordinator", "la_officer"])
def test_editors_add_a_service_that_appears_on_the_public_list(persona_client, county, persona):
    response = persona_client(persona).post(CREATE, service_data())
    assert response.status_code == 302
    service = SupportService.objects.get(name="Riverside Sports Mentoring (fictional)")
    assert service.is_active
    [event] = audited(service)
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.membership == county.memberships[persona]
    public = public_get(PUBLIC)
    assert on_page(public, "Riverside Sports Mentoring (fictional)")
    assert on_page(public, "01632 960888")


def test_changing_a_service_is_audited_with_field_names_only(persona_client, harbour):
    response = persona_client("coordinator").post(
        url("service_edit", harbour),
        service_data(name=harbour.name, category=harbour.category, description="New words"),
    )
    assert response.status_code == 302
    harbour.refresh_from_db()
    assert harbour.description == "New words"
    [event] = audited(harbour)
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.changes == ["description", "phone", "url"]


def test_hiding_and_showing_a_service(persona_client, harbour):
    client = persona_client("la_officer")
    assert client.get(url("service_deactivate", harbour)).status_code == 200
    assert client.post(url("service_deactivate", harbour)).status_code == 302
    harbour.refresh_from_db()
    assert not harbour.is_active
    assert not on_page(public_get(PUBLIC), harbour.name)
    assert on_page(client.get(LIST), "Hidden from the public list")
    assert client.post(url("service_reactivate", harbour)).status_code == 302
    harbour.refresh_from_db()
    assert harbour.is_active
    assert [e.changes for e in audited(harbour)] == [["is_active"], ["is_active"]]


def test_hiding_a_hidden_service_writes_nothing(persona_client, harbour):
    harbour.is_active = False
    harbour.save()
    before = counts()
    response = persona_client("coordinator").get(url("service_deactivate", harbour))
    assert on_page(response, "It is already off the public list")
    persona_client("coordinator").post(url("service_deactivate", harbour))
    assert counts() == before


BAD_SERVICES = [
    ({"name": ""}, "Enter name"),
    ({"name": "   "}, "Enter name"),
    ({"category": ""}, "Select a category"),
    ({"category": "astrology"}, "Select a category"),
    ({"description": ""}, "Enter what the service offers"),
    ({"url": "javascript:alert(1)"}, "Enter a web address starting with https://"),
    ({"url": "ftp://files.example.org"}, "Enter a web address starting with https://"),
    ({"url": "not a web address"}, "Enter a web address starting with https://"),
    ({"phone": "call us"}, "Enter a phone number, like 01632 960 001"),
    ({"name": "x" * 161}, "Name must be 160 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_SERVICES)
def test_bad_input_is_400_and_writes_nothing(persona_client, harbour, overrides, message):
    before = counts()
    client = persona_client("coordinator")
    response = client.post(CREATE, service_data(**overrides))
    assert_govuk_error(response, message)
    response = client.post(url("service_edit", harbour), service_data(**overrides))
    assert_govuk_error(response, message)
    assert counts() == before
    harbour.refresh_from_db()
    assert harbour.name.startswith("Harbour")


@pytest.mark.parametrize("persona", ["school_a", "chair", "virtual_school", "service_admin"])
def test_others_cannot_change_services(persona_client, harbour, persona):
    before = counts()
    client = persona_client(persona)
    assert client.post(CREATE, service_data()).status_code == 404
    assert client.post(url("service_edit", harbour), service_data()).status_code == 404
    assert client.post(url("service_deactivate", harbour)).status_code == 404
    assert counts() == before


def test_unknown_service_is_404(persona_client, county):
    missing = reverse(
        "guidance:service_edit", kwargs={"pk": "00000000-0000-0000-0000-000000000000"}
    )
    assert persona_client("coordinator").get(missing).status_code == 404


def test_the_managed_list_keeps_a_constant_query_count(persona_client, county):
    client = persona_client("la_officer")

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            SupportService.objects.create(
                name=f"Bulk {i}", category="other", description="x", is_active=i % 2 == 0
            )

    def queries() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    add(2, 0)
    small = queries()
    add(20, 2)
    assert queries() == small
