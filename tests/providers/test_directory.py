"""Directory search, the provider page, and editing providers, sites, contacts and registration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.providers.models import OfferArea, Provider, ProviderSite, RegistrationChange
from inclusion.providers.services.status import refresh_provider_status
from tests.factories import (
    EvidenceFactory,
    ProviderContactFactory,
    ProviderFactory,
    ProviderSiteFactory,
)

LIST = reverse("providers:list")
CITY = {"postcode": "LE1 6ZG", "easting": 458742, "northing": 304091}
WEST_LEICESTER = {"postcode": "LE3 8RR", "easting": 453964, "northing": 305375}  # ~3 miles
NOTTINGHAM = {"postcode": "NG7 2RD", "easting": 454555, "northing": 338416}  # ~21 miles


def names(response) -> list[str]:
    return [p.name for p in response.context["results"]]


@pytest.fixture
def directory(county):
    """Three providers beside the county fixture's, different in every filtered way."""
    vocational = OfferArea.objects.get(slug="construction")
    tuition = OfferArea.objects.get(slug="one-to-one-tuition")
    farm = ProviderFactory.create(
        name="Meadow Farm Skills",
        key_stage_4=True,
        open_monday=True,
        open_tuesday=True,
        price=Decimal(100),
        price_unit="day",
        weekly_price=Decimal(500),
    )
    farm.offers.add(vocational)
    ProviderSiteFactory.create(provider=farm, **WEST_LEICESTER)
    tutor = ProviderFactory.create(
        name="Bright Tuition",
        registration=Provider.Registration.ONLINE,
        key_stage_3=True,
        open_monday=True,
        price=Decimal(900),
        price_unit="week",
        weekly_price=Decimal(900),
    )
    tutor.offers.add(tuition)
    ProviderSiteFactory.create(provider=tutor, **NOTTINGHAM)
    college = ProviderFactory.create(
        name="Soar Valley College",
        registration=Provider.Registration.FURTHER_EDUCATION,
        ukprn="10001234",
        key_stage_4=True,
    )
    ProviderSiteFactory.create(provider=college, **CITY)
    return {"farm": farm, "tutor": tutor, "college": college}


def test_school_staff_search_by_name(persona_client, directory):
    response = persona_client("school_a").get(LIST, {"q": "meadow"})
    assert response.status_code == 200
    assert names(response) == ["Meadow Farm Skills"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"offer": "vocational"}, ["Meadow Farm Skills"]),  # a parent includes its sub-areas
        ({"offer": "one-to-one-tuition"}, ["Bright Tuition"]),
        ({"key_stage": "ks3"}, ["Bright Tuition"]),
        ({"registration": "further_education"}, ["Soar Valley College"]),
        ({"day": ["open_monday", "open_tuesday"]}, ["Meadow Farm Skills"]),
        ({"min_price": "600"}, ["Bright Tuition"]),
        ({"max_price": "600"}, ["Meadow Farm Skills"]),
        ({"postcode": "le1 6zg", "within": "5"}, ["Soar Valley College", "Meadow Farm Skills"]),
    ],
)
def test_filters(persona_client, directory, params, expected):
    response = persona_client("school_a").get(LIST, params)
    assert response.status_code == 200, response.context["form"].errors
    assert names(response) == expected


def test_sorted_by_distance_and_shows_it(persona_client, directory):
    response = persona_client("school_a").get(LIST, {"postcode": "LE1 6ZG", "sort": "distance"})
    assert names(response)[:3] == ["Soar Valley College", "Meadow Farm Skills", "Bright Tuition"]
    assert "less than 1 mile" in response.content.decode()
    assert "21." in response.content.decode()  # Nottingham, about 21 miles


def test_sorted_by_price(persona_client, directory):
    response = persona_client("school_a").get(LIST, {"sort": "price"})
    assert names(response)[:2] == ["Meadow Farm Skills", "Bright Tuition"]


def test_qa_status_filter(persona_client, directory, county):
    today = timezone.localdate()
    Provider.objects.filter(pk=directory["farm"].pk).update(
        last_qa_visit_on=today - dt.timedelta(days=20), last_qa_rating="meets"
    )
    response = persona_client("school_a").get(LIST, {"qa_status": "meets"})
    assert names(response) == ["Meadow Farm Skills"]
    response = persona_client("school_a").get(LIST, {"qa_status": "not_visited"})
    assert "Meadow Farm Skills" not in names(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postcode": "not a postcode"}, "Enter a postcode in the correct format, like LE1 6ZG"),
        ({"postcode": "LE99 9ZZ"}, "Enter a postcode that exists"),
        ({"min_price": "900", "max_price": "100"}, "The highest price must be the same as or more"),
        ({"min_price": "lots"}, "Enter the lowest price as a number"),
        ({"offer": "juggling"}, "Select a valid choice"),
        ({"sort": "distance"}, "Enter a postcode to sort by distance"),
        ({"within": "5"}, "Enter a postcode to search within a distance"),
    ],
)
def test_bad_filters_say_what_is_wrong(persona_client, directory, params, message):
    response = persona_client("school_a").get(LIST, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_lapsed_evidence_shows_everywhere(persona_client, county):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    EvidenceFactory.create(
        provider=county.provider, expires_on=yesterday, checked_on=yesterday - dt.timedelta(365)
    )
    refresh_provider_status(provider=county.provider)
    client = persona_client("school_a")
    assert "Compliance lapsed" in client.get(LIST).content.decode()
    page = client.get(reverse("providers:detail", kwargs={"pk": county.provider.pk}))
    assert "Compliance lapsed" in page.content.decode()
    lapsed = client.get(LIST, {"qa_status": "lapsed"})
    assert names(lapsed) == [county.provider.name]


def test_provider_page_says_listing_is_not_an_endorsement(persona_client, county):
    ProviderContactFactory.create(provider=county.provider, kind="dsl", name="Dana Lead")
    response = persona_client("school_a").get(
        reverse("providers:detail", kwargs={"pk": county.provider.pk})
    )
    body = response.content.decode()
    assert "not an endorsement" in body
    assert "Dana Lead" in body
    assert "No attendance contact recorded" in body


def test_provider_staff_see_only_their_own_provider(persona_client, county, directory):
    client = persona_client("provider")
    assert names(client.get(LIST)) == [county.provider.name]
    other = reverse("providers:detail", kwargs={"pk": directory["farm"].pk})
    assert client.get(other).status_code == 404
    edit_other = reverse("providers:edit", kwargs={"pk": directory["farm"].pk})
    assert client.post(edit_other, {"name": "Hijacked"}).status_code == 404


def test_inactive_providers_are_hidden_from_schools(persona_client, directory):
    Provider.objects.filter(pk=directory["farm"].pk).update(is_active=False)
    assert "Meadow Farm Skills" not in names(persona_client("school_a").get(LIST))
    assert "Meadow Farm Skills" in names(persona_client("coordinator").get(LIST))


def _seed_providers(count: int) -> None:
    offer = OfferArea.objects.get(slug="sport")
    providers = Provider.objects.bulk_create(
        Provider(
            name=f"Provider {n:04d}",
            search_name=f"provider {n:04d}",
            registration="unregistered",
            local_authority_id=Provider.objects.values_list("local_authority_id", flat=True)[0],
            key_stage_4=True,
        )
        for n in range(count)
    )
    ProviderSite.objects.bulk_create(
        ProviderSite(provider=p, name="Main", address_line_1="1 Road", town="Town", **CITY)
        for p in providers
    )
    Provider.offers.through.objects.bulk_create(
        Provider.offers.through(provider_id=p.pk, offerarea_id=offer.pk) for p in providers
    )


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [{}, {"postcode": "LE1 6ZG", "sort": "distance", "offer": "sport", "key_stage": "ks4"}],
)
def test_search_query_count_is_the_same_at_10_and_1000_providers(persona_client, county, params):
    client = persona_client("school_a")
    _seed_providers(9)
    at_ten = _queries(client, params)
    _seed_providers(990)
    assert Provider.objects.count() == 1000
    assert _queries(client, params) == at_ten


# --- creating and changing ---------------------------------------------------------------


def provider_post(**overrides) -> dict[str, object]:
    from tests.factories import leicestershire

    data = {
        "name": "Hill Top Outdoors",
        "registration": "unregistered",
        "local_authority": str(leicestershire().pk),
        "offers": [str(OfferArea.objects.get(slug="outdoor-land-based").pk)],
        "key_stages": ["ks4"],
        "days": ["open_monday", "open_wednesday"],
        "opens_at": "09:30",
        "closes_at": "15:00",
        "price": "85",
        "price_unit": "session",
        "is_active": "on",
        "email": "info@hilltop.example",
    }
    return data | overrides


def test_coordinator_adds_a_provider(persona_client, county):
    response = persona_client("coordinator").post(reverse("providers:create"), provider_post())
    provider = Provider.objects.get(name="Hill Top Outdoors")
    assert response.status_code == 302
    assert provider.weekly_price == Decimal("850.00")
    assert provider.open_wednesday
    assert not provider.open_tuesday
    assert provider.evidence_missing == 10  # nothing held yet
    assert AuditEvent.objects.filter(target_id=str(provider.pk), verb="create").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter name"),
        ({"registration": "independent_school"}, "Enter the URN of the registered school"),
        ({"registration": "further_education"}, "Enter the UKPRN of the college"),
        ({"registration": "independent_school", "urn": "12ab"}, "Enter a URN of 6 digits"),
        ({"closes_at": "08:00"}, "The closing time must be after the opening time"),
        ({"opens_at": "half nine"}, "Enter opening time as a time, like 09:30"),
        ({"price_unit": ""}, "Select whether the price is per session, day or week"),
        ({"email": "not-an-address"}, "Enter an e-mail address in the correct format"),
        ({"name": "x" * 500}, "Ensure this value has at most 160 characters"),
    ],
)
def test_bad_provider_details_write_nothing(persona_client, county, overrides, message):
    before = Provider.objects.count()
    response = persona_client("coordinator").post(
        reverse("providers:create"), provider_post(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Provider.objects.count() == before


def test_provider_staff_edit_description_but_not_registration(persona_client, county):
    url = reverse("providers:edit", kwargs={"pk": county.provider.pk})
    client = persona_client("provider")
    form = client.get(url).context["form"]
    assert "registration" not in form.fields
    assert "urn" not in form.fields
    data = provider_post(name="Skills Barn CIC", registration="independent_school", urn="123456")
    assert client.post(url, data).status_code == 302
    county.provider.refresh_from_db()
    assert county.provider.name == "Skills Barn CIC"
    assert county.provider.registration == "unregistered"
    assert county.provider.urn == ""


def test_a_registration_change_waits_for_confirmation(persona_client, county):
    request_url = reverse(
        "providers:registration_change_request", kwargs={"pk": county.provider.pk}
    )
    response = persona_client("provider").post(
        request_url,
        {"registration": "independent_school", "urn": "149876", "reason": "Registered in May"},
    )
    assert response.status_code == 302
    county.provider.refresh_from_db()
    assert county.provider.registration == "unregistered"
    change = RegistrationChange.objects.get()
    detail = reverse("providers:detail", kwargs={"pk": county.provider.pk})
    assert "awaiting confirmation" in persona_client("coordinator").get(detail).content.decode()
    review = reverse("providers:registration_change_review", kwargs={"pk": change.pk})
    bad = persona_client("coordinator").post(review, {})
    assert bad.status_code == 400
    assert "Select whether you confirm the change" in bad.content.decode()
    assert persona_client("coordinator").post(review, {"decision": "confirm"}).status_code == 302
    county.provider.refresh_from_db()
    assert (county.provider.registration, county.provider.urn) == ("independent_school", "149876")
    # A second decision changes nothing.
    persona_client("la_officer").post(review, {"decision": "reject"})
    change.refresh_from_db()
    assert change.status == RegistrationChange.Status.CONFIRMED


def test_registration_change_request_needs_a_urn(persona_client, county):
    url = reverse("providers:registration_change_request", kwargs={"pk": county.provider.pk})
    response = persona_client("provider").post(
        url, {"registration": "pru_ap_academy", "reason": "Converted"}
    )
    assert response.status_code == 400
    assert "Enter the URN of the registered school" in response.content.decode()
    assert not RegistrationChange.objects.exists()


def test_site_postcode_is_looked_up(persona_client, county):
    url = reverse("providers:site_add", kwargs={"pk": county.provider.pk})
    client = persona_client("coordinator")
    data = {"name": "Farm", "address_line_1": "Lane End", "town": "Leicester"}
    unknown = client.post(url, data | {"postcode": "LE99 9ZZ"})
    assert unknown.status_code == 400
    assert "Enter a postcode that exists" in unknown.content.decode()
    malformed = client.post(url, data | {"postcode": "12345"})
    assert "Enter a postcode in the correct format" in malformed.content.decode()
    assert not ProviderSite.objects.exists()
    assert client.post(url, data | {"postcode": "le3 8rr"}).status_code == 302
    site = ProviderSite.objects.get()
    assert (site.postcode, site.easting, site.northing) == ("LE3 8RR", 453964, 305375)


def test_contacts_are_added_changed_and_removed(persona_client, county):
    client = persona_client("provider")
    add = reverse("providers:contact_add", kwargs={"pk": county.provider.pk})
    missing = client.post(add, {"kind": "dsl", "name": "Dana Lead"})
    assert "Enter a phone number or an e-mail address" in missing.content.decode()
    assert client.post(add, {"kind": "dsl", "name": "Dana Lead", "phone": "0116 496 0123"})
    contact = county.provider.contacts.get()
    edit = reverse("providers:contact_edit", kwargs={"pk": contact.pk})
    client.post(edit, {"kind": "attendance", "name": "Dana Lead", "phone": "0116 496 0123"})
    contact.refresh_from_db()
    assert contact.kind == "attendance"
    client.post(reverse("providers:contact_remove", kwargs={"pk": contact.pk}))
    assert not county.provider.contacts.exists()
