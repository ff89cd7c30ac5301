"""List pages run the same number of queries however much data there is (DESIGN.md §9)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.accounts.models import Membership
from inclusion.audit.models import AuditEvent
from inclusion.organisations.models import School
from inclusion.pupils.models import Pupil
from inclusion.pupils.services import search_name_for
from inclusion.pupils.validation import build_upn
from tests.conftest import County

PUPILS = reverse("pupils:list")
AUDIT = reverse("audit:list")


def add_pupils(school: School, count: int, *, start: int) -> None:
    """``count`` pupils at ``school`` in one INSERT batch; UPNs from serial ``start``."""
    pupils = []
    for n in range(start, start + count):
        pupil = Pupil(
            upn=build_upn(
                la_code="855", establishment=f"{6000 + n // 1000}", year=18, serial=n % 1000
            ),
            legal_first_name=f"Bulk{n}",
            legal_last_name=f"Searchable{n:05d}",
            date_of_birth=dt.date(2012, 1, 1),
            sex="M",
            nc_year=8,
            school=school,
            postcode="LE3 8RF",
            sen_provision="N",
        )
        pupil.search_name = search_name_for(pupil)
        pupils.append(pupil)
    Pupil.objects.bulk_create(pupils, batch_size=500)


def add_events(membership: Membership, count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=membership.user,
            membership=membership,
            verb=AuditEvent.Verb.VIEW,
            target_type="pupils.pupil",
            target_id=str(n),
            request_id=f"req{n:08d}",
        )
        for n in range(count)
    )


def queries_for(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    client.get(url, params)  # warm caches (session, content types) outside the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


PUPIL_LIST_VARIANTS: dict[str, tuple[str, dict[str, str] | None]] = {
    "school staff": ("school_a", None),
    "school staff, name search": ("school_a", {"q": "searchable"}),
    "school staff, UPN search": ("school_a", {"q": "__UPN__"}),
    "LA officer": ("la_officer", None),
    "LA officer, name search": ("la_officer", {"q": "bulk1"}),
    "LA officer, second page": ("la_officer", {"page": "2"}),
    "co-ordinator, year filter": ("coordinator", {"year": "8"}),
    "virtual school": ("virtual_school", None),
}


def pupil_list_counts(persona_client, county: County) -> dict[str, int]:
    counts = {}
    for name, (persona, params) in PUPIL_LIST_VARIANTS.items():
        if params and params.get("q") == "__UPN__":
            params = {"q": county.pupil_a.upn}
        counts[name] = queries_for(persona_client(persona), PUPILS, params)
    return counts


def test_pupil_list_queries_do_not_grow(persona_client, county: County):
    add_pupils(county.school_a, 10, start=0)
    small = pupil_list_counts(persona_client, county)
    add_pupils(county.school_a, 990, start=10)
    assert Pupil.objects.filter(school=county.school_a).count() == 1001
    large = pupil_list_counts(persona_client, county)
    assert large == small
    assert all(count > 0 for count in small.values())


def test_the_large_list_really_is_paginated(persona_client, county: County):
    add_pupils(county.school_a, 60, start=0)
    response = persona_client("school_a").get(PUPILS, {"q": "searchable"})
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 25
    assert "?q=searchable&amp;page=2" in response.content.decode()


def test_audit_list_queries_do_not_grow(persona_client, county: County):
    client = persona_client("la_officer")
    membership = county.memberships["school_a"]
    add_events(membership, 10)
    small = queries_for(client, AUDIT)
    add_events(membership, 490)
    response = client.get(AUDIT)
    assert response.context["page"].paginator.count >= 500
    assert queries_for(client, AUDIT) == small


def test_audit_list_filtered_queries_do_not_grow(persona_client, county: County):
    client = persona_client("la_officer")
    params = {"email": "school_a@example.org"}
    add_events(county.memberships["school_a"], 10)
    small = queries_for(client, AUDIT, params)
    add_events(county.memberships["school_a"], 490)
    assert queries_for(client, AUDIT, params) == small
