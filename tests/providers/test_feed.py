"""The public directory feed in the Open Referral UK "service" shape."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.providers.models import OfferArea, Provider, ProviderContact
from tests.factories import ProviderContactFactory, ProviderFactory, ProviderSiteFactory

LIST = reverse("providers:feed_services")
PAGE_KEYS = [
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
]

pytestmark = pytest.mark.django_db


def _detail(provider: Provider) -> str:
    return reverse("providers:feed_service", kwargs={"pk": provider.pk})


def _set_updated_at(provider: Provider, when: dt.datetime) -> None:
    Provider.objects.filter(pk=provider.pk).update(updated_at=when)


@pytest.fixture
def farm() -> Provider:
    provider = ProviderFactory.create(
        name="Meadow Farm Learning",
        legal_name="Meadow Farm Learning CIC",
        company_number="12345678",
        description="Animal care and land-based skills on a working farm.",
        website="https://meadow-farm.example",
        phone="0116 496 0123",
        email="office@meadow-farm.example",
        min_age=11,
        max_age=16,
        price=Decimal("65.00"),
        price_unit=Provider.PriceUnit.DAY,
        last_qa_visit_on=dt.date(2026, 1, 20),
    )
    ProviderSiteFactory.create(
        provider=provider,
        name="Home Farm",
        address_line_1="Home Farm",
        address_line_2="Ratby Lane",
        town="Markfield",
        postcode="LE67 9RJ",
    )
    ProviderSiteFactory.create(provider=provider, name="Old site", is_active=False)
    provider.offers.set(OfferArea.objects.filter(slug__in=["animal-care", "outdoor-land-based"]))
    ProviderContactFactory.create(
        provider=provider,
        kind=ProviderContact.Kind.DSL,
        name="Philippa Quennell",
        job_title="Farm manager",
        phone="07700 900123",
        email="philippa.quennell@meadow-farm.example",
    )
    ProviderContactFactory.create(
        provider=provider,
        kind=ProviderContact.Kind.ATTENDANCE,
        name="Rowan Tattersall",
        phone="07700 900456",
        email="rowan.t@personal-mail.example",
    )
    ProviderContactFactory.create(
        provider=provider,
        kind=ProviderContact.Kind.OTHER,
        name="Saffron Ulverston",
        email="saffron@meadow-farm.example",
    )
    return provider


def test_anyone_may_read_the_feed_without_signing_in(county, farm):
    client = Client()
    listing = client.get(LIST)
    one = client.get(_detail(farm))
    assert listing.status_code == 200
    assert one.status_code == 200
    assert listing["Content-Type"] == "application/json"
    assert listing["Access-Control-Allow-Origin"] == "*"


def test_a_service_has_the_open_referral_uk_shape(farm):
    service = Client().get(_detail(farm)).json()
    assert service["id"] == str(farm.pk)
    assert service["name"] == "Meadow Farm Learning"
    assert service["description"] == "Animal care and land-based skills on a working farm."
    assert service["url"] == "https://meadow-farm.example"
    assert service["email"] == "office@meadow-farm.example"
    assert service["status"] == "active"
    assert service["fees"] == "£65.00 per day"
    assert service["assured_date"] == "2026-01-20"
    assert service["last_modified"]
    assert service["cost_options"] == [
        {
            "id": service["cost_options"][0]["id"],
            "option": "Commissioning schools and the local authority pay",
            "amount": 65,
            "amount_description": "per day",
        }
    ]
    assert service["eligibilitys"] == [
        {"id": service["eligibilitys"][0]["id"], "minimum_age": 11, "maximum_age": 16}
    ]
    organization = service["organization"]
    assert organization["name"] == "Meadow Farm Learning CIC"
    assert organization["description"] == farm.description
    assert organization["website"] == "https://meadow-farm.example"
    assert organization["email"] == "office@meadow-farm.example"
    assert organization["id"] != service["id"]
    assert [i["identifier_scheme"] for i in organization["organization_identifiers"]] == ["GB-COH"]
    [at_location] = service["service_at_locations"]  # the inactive site is left out
    location = at_location["location"]
    assert {k: location[k] for k in ("name", "address_1", "city", "postal_code", "country")} == {
        "name": "Home Farm",
        "address_1": "Home Farm, Ratby Lane",
        "city": "Markfield",
        "postal_code": "LE67 9RJ",
        "country": "GB",
    }
    assert location["addresses"][0]["postal_code"] == "LE67 9RJ"
    assert service["service_areas"][0]["name"] == "Leicestershire"
    terms = {t["taxonomy"]["code"]: t["taxonomy"] for t in service["service_taxonomys"]}
    assert set(terms) == {"animal-care", "outdoor-land-based"}
    assert terms["animal-care"]["name"] == "Animal care"
    assert terms["animal-care"]["parent_name"] == "Vocational"
    assert terms["outdoor-land-based"]["parent_id"] is None


def test_contacts_are_roles_reached_through_the_organisation(farm):
    contacts = Client().get(_detail(farm)).json()["contacts"]
    assert [c["name"] for c in contacts] == [
        "Main contact",
        "Designated safeguarding lead",
        "Attendance contact",
    ]
    for contact in contacts:
        assert contact["email"] == "office@meadow-farm.example"
        assert [p["number"] for p in contact["phones"]] == ["0116 496 0123"]
    assert len({c["id"] for c in contacts}) == 3


def test_the_feed_has_no_personal_data(county, farm):
    client = Client()
    texts = [
        client.get(LIST).content.decode(),
        client.get(LIST, {"per_page": "100"}).content.decode(),
        client.get(_detail(farm)).content.decode(),
    ]
    people = ProviderContact.objects.filter(provider=farm)
    secrets = [
        *(c.name for c in people),
        *(c.email for c in people),
        *(c.phone for c in people if c.phone),
        "Farm manager",
        "Quennell",
        # The county's pupils and users: nothing about them is in the feed either.
        county.pupil_a.legal_last_name,
        county.pupil_c_looked_after.legal_last_name,
        county.pupil_a.upn,
        *(m.user.email for m in county.memberships.values()),
    ]
    for text in texts:
        assert "Meadow Farm Learning" in text
        for secret in secrets:
            assert secret not in text, secret


def test_a_provider_without_contact_details_has_no_contacts(county):
    bare = ProviderFactory.create(name="Quiet Tutors")
    service = Client().get(_detail(bare)).json()
    assert service["contacts"] == []
    assert service["email"] is None
    # No website: the service's own address in the feed stands in (url is required).
    assert service["url"] == f"http://testserver{_detail(bare)}"
    assert service["fees"] is None
    assert service["cost_options"] == []
    assert service["eligibilitys"] == []
    assert service["assured_date"] is None


def test_the_list_is_paginated_like_open_referral_uk(county):
    # county.provider plus 6 more, oldest change first.
    start = timezone.now() - dt.timedelta(days=30)
    _set_updated_at(county.provider, start)
    providers = [ProviderFactory.create(name=f"Provider {n}") for n in range(6)]
    for n, provider in enumerate(providers, start=1):
        _set_updated_at(provider, start + dt.timedelta(days=n))
    client = Client()
    first = client.get(LIST, {"per_page": "3"}).json()
    assert list(first) == PAGE_KEYS
    assert first["total_items"] == 7
    assert first["total_pages"] == 3
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"]) == (
        1,
        3,
        True,
        False,
    )
    assert first["empty"] is False
    assert [s["name"] for s in first["contents"]] == ["Skills Barn", "Provider 0", "Provider 1"]
    last = client.get(LIST, {"per_page": "3", "page": "3"}).json()
    assert (last["page_number"], last["size"], last["first_page"], last["last_page"]) == (
        3,
        1,
        False,
        True,
    )
    assert [s["name"] for s in last["contents"]] == ["Provider 5"]
    beyond = client.get(LIST, {"per_page": "3", "page": "9"}).json()
    assert (beyond["contents"], beyond["empty"], beyond["last_page"]) == ([], True, True)
    assert client.get(LIST, {"per_page": "100"}).json()["size"] == 7


def test_the_default_page_size_is_50(county):
    ProviderFactory.create_batch(55)
    page = Client().get(LIST).json()
    assert (page["total_items"], page["size"], page["total_pages"]) == (56, 50, 2)


def test_an_empty_feed(db):
    page = Client().get(LIST).json()
    assert page == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_modified_after_filters_on_when_the_provider_changed(county):
    now = timezone.now()
    _set_updated_at(county.provider, now - dt.timedelta(days=10))
    recent = ProviderFactory.create(name="Recently Changed")
    _set_updated_at(recent, now - dt.timedelta(days=1))
    client = Client()
    since = (now - dt.timedelta(days=2)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    names = [s["name"] for s in client.get(LIST, {"modified_after": since}).json()["contents"]]
    assert names == ["Recently Changed"]
    everything = client.get(LIST, {"modified_after": "2000-01-01"}).json()
    assert everything["total_items"] == 2


def test_modified_after_is_on_or_after_and_accepts_offsets(county):
    moment = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    _set_updated_at(county.provider, moment)
    client = Client()

    def total(value: str) -> int:
        response = client.get(LIST, {"modified_after": value})
        assert response.status_code == 200, response.content
        return int(response.json()["total_items"])

    assert total("2026-03-02T09:30:00Z") == 1
    assert total("2026-03-02T09:30:01Z") == 0
    assert total("2026-03-02T10:30:00+01:00") == 1
    assert total("2026-03-02T09:30:00") == 1  # UK time is GMT in March
    assert total("2026-03-02") == 1
    assert total("2026-03-03") == 0
    # A "+" the client forgot to encode arrives as a space.
    response = client.get(f"{LIST}?modified_after=2026-03-02T10:30:00+01:00")
    assert response.json()["total_items"] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"modified_after": "last tuesday"}, "modified_after must be an ISO 8601 date and time"),
        ({"modified_after": "2026-02-30T10:00:00Z"}, "modified_after must be an ISO 8601"),
        ({"modified_after": "2026-13-01"}, "modified_after must be an ISO 8601"),
        ({"page": "two"}, "page must be a whole number of 1 or more"),
        ({"page": "0"}, "page must be a whole number of 1 or more"),
        ({"page": "-1"}, "page must be a whole number of 1 or more"),
        ({"per_page": "101"}, "per_page must be a whole number from 1 to 100"),
        ({"per_page": "0"}, "per_page must be a whole number from 1 to 100"),
        ({"per_page": "1.5"}, "per_page must be a whole number from 1 to 100"),
    ],
)
def test_bad_parameters_are_a_400_with_a_json_error(county, params, message):
    response = Client().get(LIST, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"]
    assert body["error"].startswith(message)


def test_inactive_providers_are_hidden(county):
    closed = ProviderFactory.create(name="Closed Barn", is_active=False)
    client = Client()
    names = [s["name"] for s in client.get(LIST).json()["contents"]]
    assert names == ["Skills Barn"]
    response = client.get(_detail(closed))
    assert response.status_code == 404
    assert response.json() == {"error": "There is no service with this id"}
    missing = client.get(reverse("providers:feed_service", kwargs={"pk": uuid.uuid4()}))
    assert missing.status_code == 404


def test_the_feed_only_answers_get(county):
    assert Client().post(LIST).status_code == 405


def _queries(client: Client, url: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _seed(count: int) -> None:
    offers = list(OfferArea.objects.all()[:4])
    for n in range(count):
        provider = ProviderFactory.create(name=f"Seeded {n}", phone="0116 496 0000")
        ProviderSiteFactory.create_batch(2, provider=provider)
        ProviderContactFactory.create(provider=provider, kind=ProviderContact.Kind.DSL)
        provider.offers.set(offers)


def test_the_query_count_does_not_grow_with_providers(county, farm):
    client = Client()
    params = {"per_page": "100"}
    small = _queries(client, LIST, params)
    _seed(30)
    assert _queries(client, LIST, params) == small
    assert _queries(client, _detail(farm), {}) <= small
