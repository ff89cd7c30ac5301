"""The directory's public feed in the shape of the Open Referral UK "service"
(https://openreferraluk.org): each active provider is one service of one organisation.

Public data only. Nothing here names a person or gives a person's contact details: contacts are
listed by their role ("Designated safeguarding lead") with the organisation's own phone number and
e-mail address, and the contact rows are read without their names, job titles, phones or e-mails.
Nothing about pupils is read at all.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from inclusion.providers.models import OfferArea, Provider, ProviderContact, ProviderSite

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
COUNTRY = "GB"
OFFER_VOCABULARY = "inclusion-partnerships-ap-offer"
# Stable identifiers for the parts of a service that have no row of their own.
FEED_NAMESPACE = uuid.UUID("6f0f3c52-8d0e-4d55-a2c4-0f6a3e5a1b7d")
# A "+" in an unencoded query string arrives as a space: 2026-03-01T09:00:00 00:00.
_SPACED_OFFSET = re.compile(r"(T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$")
# Contacts in the order they are listed; "other" contacts are people, not roles, so are left out.
CONTACT_ROLES = (
    ProviderContact.Kind.MAIN,
    ProviderContact.Kind.DSL,
    ProviderContact.Kind.ATTENDANCE,
)


# Gives the absolute address of a service in the feed.
Link = Callable[[Provider], str]


class FeedParameterError(ValueError):
    """A query parameter the feed cannot use; the message says what is wrong."""


@dataclass(frozen=True)
class FeedQuery:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    modified_after: dt.datetime | None = None


def _whole_number(params: Any, name: str, default: int, maximum: int | None = None) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    within = f" from 1 to {maximum}" if maximum else " of 1 or more"
    try:
        value = int(raw)
    except ValueError:
        raise FeedParameterError(f"{name} must be a whole number{within}") from None
    if value < 1 or (maximum is not None and value > maximum):
        raise FeedParameterError(f"{name} must be a whole number{within}")
    return value


def parse_modified_after(raw: str) -> dt.datetime:
    """An ISO 8601 date and time (a date alone means its midnight); a time without an offset
    is UK time."""
    text = _SPACED_OFFSET.sub(r"\1+\2", raw.strip())
    try:
        value = parse_datetime(text)
        if value is None and (day := parse_date(text)) is not None:
            value = dt.datetime.combine(day, dt.time.min)
    except ValueError:
        value = None
    if value is None:
        raise FeedParameterError(
            "modified_after must be an ISO 8601 date and time, like 2026-03-01T09:00:00Z"
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def feed_query(params: Any) -> FeedQuery:
    """Read ``page``, ``per_page`` and ``modified_after``; raise FeedParameterError if bad."""
    raw_modified = (params.get("modified_after") or "").strip()
    return FeedQuery(
        page=_whole_number(params, "page", 1),
        per_page=_whole_number(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        modified_after=parse_modified_after(raw_modified) if raw_modified else None,
    )


def listed_providers() -> QuerySet[Provider]:
    """Active providers, with everything a service needs in a fixed number of queries."""
    return (
        Provider.objects.filter(is_active=True)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch("sites", queryset=ProviderSite.objects.filter(is_active=True)),
            # The role only: a contact's name, job title, phone and e-mail are never read.
            Prefetch("contacts", queryset=ProviderContact.objects.only("id", "provider", "kind")),
            Prefetch("offers", queryset=OfferArea.objects.select_related("parent")),
        )
        .order_by("updated_at", "id")
    )


def service_page(query: FeedQuery, *, link: Link | None = None) -> dict[str, Any]:
    """One page of services, paginated as Open Referral UK lists are."""
    providers = listed_providers()
    if query.modified_after is not None:
        providers = providers.filter(updated_at__gte=query.modified_after)
    total = providers.count()
    total_pages = -(-total // query.per_page)
    start = (query.page - 1) * query.per_page
    chosen = providers[start : start + query.per_page] if total else []
    contents = [service(p, link=link) for p in chosen]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def listed_provider(pk: uuid.UUID) -> Provider | None:
    return listed_providers().filter(pk=pk).first()


def _derived_id(*parts: object) -> str:
    return str(uuid.uuid5(FEED_NAMESPACE, ":".join(str(part) for part in parts)))


def _or_none(value: str) -> str | None:
    return value or None


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _fees(provider: Provider) -> str | None:
    if provider.price is None:
        return None
    unit = f" {provider.get_price_unit_display()}" if provider.price_unit else ""
    return f"£{provider.price:,.2f}{unit}"


def _cost_options(provider: Provider) -> list[dict[str, Any]]:
    if provider.price is None:
        return []
    return [
        {
            "id": _derived_id("cost", provider.pk),
            "option": "Commissioning schools and the local authority pay",
            "amount": _amount(provider.price),
            "amount_description": provider.get_price_unit_display() if provider.price_unit else "",
        }
    ]


def organization(provider: Provider) -> dict[str, Any]:
    identifiers = [
        (scheme, kind, value)
        for scheme, kind, value in (
            ("GB-COH", "Company number", provider.company_number),
            ("GB-CHC", "Charity number", provider.charity_number),
            ("GB-URN", "Unique reference number", provider.urn),
            ("GB-UKPRN", "UK provider reference number", provider.ukprn),
        )
        if value
    ]
    return {
        "id": _derived_id("organization", provider.pk),
        "name": provider.legal_name or provider.name,
        "description": provider.description,
        "website": _or_none(provider.website),
        "email": _or_none(provider.email),
        "organization_identifiers": [
            {
                "id": _derived_id("identifier", provider.pk, scheme),
                "identifier_scheme": scheme,
                "identifier_type": kind,
                "identifier": value,
            }
            for scheme, kind, value in identifiers
        ],
    }


def location(site: ProviderSite) -> dict[str, Any]:
    address = {
        "id": _derived_id("address", site.pk),
        "address_1": ", ".join(line for line in (site.address_line_1, site.address_line_2) if line),
        "city": site.town,
        "postal_code": site.postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }
    return {
        "id": str(site.pk),
        "name": site.name,
        "location_type": "physical",
        "address_1": address["address_1"],
        "city": site.town,
        "postal_code": site.postcode,
        "country": COUNTRY,
        "addresses": [address],
    }


def contacts(provider: Provider) -> list[dict[str, Any]]:
    """One contact per role the provider has, reached through the organisation's own phone
    number and e-mail address."""
    kinds = {contact.kind for contact in provider.contacts.all()}
    if provider.phone or provider.email:
        kinds.add(ProviderContact.Kind.MAIN)
    phones = (
        [{"id": _derived_id("phone", provider.pk), "number": provider.phone}]
        if provider.phone
        else []
    )
    return [
        {
            "id": _derived_id("contact", provider.pk, kind),
            "name": ProviderContact.Kind(kind).label,
            "email": _or_none(provider.email),
            "phones": phones,
        }
        for kind in CONTACT_ROLES
        if kind in kinds
    ]


def _taxonomy(offer: OfferArea) -> dict[str, Any]:
    return {
        "id": str(offer.pk),
        "code": offer.slug,
        "name": offer.name,
        "vocabulary": OFFER_VOCABULARY,
        "parent_id": str(offer.parent_id) if offer.parent_id else None,
        "parent_name": offer.parent.name if offer.parent_id and offer.parent else None,
    }


def _eligibilitys(provider: Provider) -> list[dict[str, Any]]:
    if provider.min_age is None and provider.max_age is None:
        return []
    return [
        {
            "id": _derived_id("eligibility", provider.pk),
            "minimum_age": provider.min_age,
            "maximum_age": provider.max_age,
        }
    ]


def _service_areas(provider: Provider) -> list[dict[str, Any]]:
    authority = provider.local_authority
    return [
        {
            "id": _derived_id("service_area", authority.pk),
            "name": authority.name,
            "service_area": authority.name,
        }
    ]


def _service_at_locations(provider: Provider) -> list[dict[str, Any]]:
    return [
        {"id": _derived_id("service_at_location", provider.pk, site.pk), "location": location(site)}
        for site in provider.sites.all()
    ]


def _service_taxonomys(provider: Provider) -> list[dict[str, Any]]:
    return [
        {"id": _derived_id("service_taxonomy", provider.pk, offer.pk), "taxonomy": _taxonomy(offer)}
        for offer in provider.offers.all()
    ]


def service(provider: Provider, *, link: Link | None = None) -> dict[str, Any]:
    """One provider as an Open Referral UK service. Its ``url`` is the provider's website, or
    where it has none the service's own address in the feed (from ``link``)."""
    assured = provider.last_qa_visit_on
    return {
        "id": str(provider.pk),
        "name": provider.name,
        "description": provider.description,
        "url": provider.website or (link(provider) if link else None),
        "email": _or_none(provider.email),
        "status": "active",
        "fees": _fees(provider),
        "assured_date": assured.isoformat() if assured else None,
        "last_modified": provider.updated_at.isoformat(),
        "minimum_age": provider.min_age,
        "maximum_age": provider.max_age,
        "organization": organization(provider),
        "service_at_locations": _service_at_locations(provider),
        "contacts": contacts(provider),
        "eligibilitys": _eligibilitys(provider),
        "service_areas": _service_areas(provider),
        "cost_options": _cost_options(provider),
        "service_taxonomys": _service_taxonomys(provider),
    }
