"""What each demo provider is and offers, its sites at real postcodes, and its contacts."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal
from functools import cache

from inclusion.demo import generate as g
from inclusion.demo.directory import pools
from inclusion.demo.directory.pools import Build, Registration
from inclusion.organisations.models import LocalAuthority
from inclusion.organisations.postcodes import _letter, lookup
from inclusion.providers.models import (
    DAY_FIELDS,
    OfferArea,
    Provider,
    ProviderContact,
    ProviderSite,
)
from inclusion.providers.pricing import weekly_price


def _offers(b: Build, provider: Provider, areas: list[OfferArea]) -> list[OfferArea]:
    """1 to 3 offers, the likely ones for its kind first; vocational ones as sub-areas."""
    by_slug = {area.slug: area for area in areas}
    parents = {area.parent_id for area in areas if area.parent_id}
    leaves = [area for area in areas if area.pk not in parents]
    kind = next((k for k in pools.KIND_OFFERS if provider.name.endswith(k)), "")
    likely = [by_slug[s] for s in pools.KIND_OFFERS.get(kind, ()) if s in by_slug]
    if provider.registration == Registration.ONLINE and "online" in by_slug:
        likely.insert(0, by_slug["online"])
    chosen: list[OfferArea] = []
    wanted = b.rng.randint(1, 3)
    for area in [*likely, *b.rng.sample(leaves, len(leaves))]:
        if area not in chosen and len(chosen) < wanted:
            chosen.append(area)
    return chosen


def _lower_first(name: str) -> str:
    """``Therapeutic and SEMH`` → ``therapeutic and SEMH``."""
    return name[:1].lower() + name[1:]


def _describe(b: Build, provider: Provider, offers: list[OfferArea]) -> None:
    rng, slug = b.rng, pools.slug(provider)
    provider.legal_name = f"{provider.name} {rng.choice(pools.LEGAL_SUFFIXES)}"
    provider.website = f"https://{slug}.example"
    provider.phone = b.phone()
    provider.email = f"info@{slug}.example"
    provider.key_stage_4 = rng.random() < 0.92
    provider.key_stage_3 = not provider.key_stage_4 or rng.random() < 0.35
    provider.min_age = rng.choice((11, 12)) if provider.key_stage_3 else 14
    provider.max_age = 16 if provider.key_stage_4 else 14
    provider.capacity = rng.randint(6, 40)
    provider.transport = rng.choice(pools.TRANSPORT)
    if provider.registration == Registration.ONLINE:
        provider.transport = pools.ONLINE_TRANSPORT
    ages = f"young people aged {provider.min_age} to {provider.max_age}"
    first = f"{provider.name} {pools.WHAT_IT_IS[Registration(provider.registration)]} {ages}."
    what = ", ".join(_lower_first(area.name) for area in offers)
    sentences = [
        first,
        f"What we offer: {what}." if offers else "",
        *rng.sample(pools.HOW_IT_WORKS, 2),
    ]
    provider.description = " ".join(sentence for sentence in sentences if sentence)
    provider.search_name = provider.name.lower()


def _open_days(b: Build, provider: Provider, full_week: bool) -> None:
    """Most open every weekday (schools, and all that take pupils full time); some 2 or 3."""
    days: tuple[str, ...] = DAY_FIELDS
    if not full_week and b.rng.random() < 0.25:
        days = tuple(b.rng.sample(DAY_FIELDS, b.rng.choice((2, 3))))
    for day in DAY_FIELDS:
        setattr(provider, day, day in days)
    provider.opens_at = dt.time(*b.rng.choice(pools.OPENS))
    provider.closes_at = dt.time(*b.rng.choice(pools.CLOSES))


def _price(b: Build, provider: Provider) -> None:
    unit = b.pick(pools.PRICE_UNIT_WEIGHTS)
    low, high, step = pools.PRICES[unit]
    provider.price = Decimal(b.rng.randrange(low, high + 1, step))
    provider.price_unit = unit
    provider.weekly_price = weekly_price(provider.price, unit)


def _inspection(b: Build, provider: Provider) -> None:
    if not provider.is_registered_school:
        return
    by_isi = provider.registration == Registration.INDEPENDENT_SCHOOL and b.rng.random() < 0.3
    provider.inspectorate = Provider.Inspectorate.ISI if by_isi else Provider.Inspectorate.OFSTED
    provider.last_inspection_date = b.days_ago(120, 1500)
    provider.last_inspection_outcome = b.pick(
        pools.ISI_OUTCOMES if by_isi else pools.OFSTED_OUTCOMES
    )


def describe_providers(b: Build, full_week: set[uuid.UUID]) -> None:
    """Organisation details, offer, key stages, days, price and inspection for each."""
    areas = list(OfferArea.objects.order_by("position", "slug"))
    through = Provider.offers.through
    links = []
    for provider in b.providers:
        offers = _offers(b, provider, areas)
        _describe(b, provider, offers)
        _open_days(b, provider, provider.is_registered_school or provider.pk in full_week)
        _price(b, provider)
        _inspection(b, provider)
        links += [through(provider_id=provider.pk, offerarea_id=area.pk) for area in offers]
        provider.save(update_fields=pools.DESCRIBED_FIELDS)  # far quicker than bulk_update here
    through.objects.bulk_create(links, batch_size=g.BATCH_SIZE)


def _on_the_grid(east: float | None, north: float | None) -> bool:
    return not any(value is None or math.isnan(value) for value in (east, north))


@cache
def _postcode_index() -> dict[tuple[str, str], tuple[str, ...]]:
    """Real LE postcodes with a grid reference in the county's districts or the city, by
    (GSS code, outward code), and by (GSS code, "") for any in the area."""
    wanted = {pools.CITY_GSS, *pools.COUNTY_DISTRICT_GSS}
    index: dict[tuple[str, str], list[str]] = {}
    for compact, (east, north, la) in _letter("L").items():
        if compact.startswith("LE") and la in wanted and _on_the_grid(east, north):
            index.setdefault((la, compact[:-3]), []).append(compact)
            index.setdefault((la, ""), []).append(compact)
    return {key: tuple(sorted(codes)) for key, codes in index.items()}


def _site(b: Build, provider: Provider, districts: list[LocalAuthority]) -> ProviderSite:
    """A site in a town of the provider's area, at a real postcode of that town."""
    rng = b.rng
    if provider.local_authority.gss_code == pools.CITY_GSS:
        gss, town, outward = pools.CITY_GSS, "Leicester", rng.choice(g.CITY_POSTCODES)
    else:
        district = rng.choice(districts)
        gss, (town, outward) = district.gss_code, rng.choice(g.TOWNS[district.name])
    index = _postcode_index()
    facts = lookup(rng.choice(index.get((gss, outward)) or index[(gss, "")]))
    if facts is None:  # the index holds only postcodes with a grid reference
        raise RuntimeError(f"No grid reference for a postcode in {town}")
    if rng.random() < 0.5:
        line_1 = f"{rng.randint(1, 160)} {rng.choice(g.STREETS)}"
    else:
        line_1 = f"Unit {rng.randint(1, 24)}, {town} {rng.choice(pools.SITE_STREETS)}"
    return ProviderSite(
        provider=provider,
        name=town,
        address_line_1=line_1,
        town=town,
        postcode=facts.postcode,
        easting=facts.easting,
        northing=facts.northing,
    )


def create_sites(b: Build) -> dict[uuid.UUID, list[ProviderSite]]:
    """One site each, or two for some; online providers have their office only."""
    home = LocalAuthority.objects.filter(parent__dfe_code=g.HOME_LA_CODE, name__in=g.TOWNS)
    districts = list(home.order_by("name"))
    sites: dict[uuid.UUID, list[ProviderSite]] = {}
    for provider in b.providers:
        online = provider.registration == Registration.ONLINE
        count = 1 if online or b.rng.random() < 0.7 else 2
        sites[provider.pk] = [_site(b, provider, districts) for _ in range(count)]
        first, *rest = sites[provider.pk]
        if rest:
            first.name = "Main site"
        for site in rest:
            site.name = f"{site.town} site" if site.town != first.town else "Second site"
    every_site = [site for group in sites.values() for site in group]
    ProviderSite.objects.bulk_create(every_site, batch_size=g.BATCH_SIZE)
    return sites


def _contact(b: Build, provider: Provider, kind: str) -> ProviderContact:
    name = g._adult_name(b.rng)
    first, last = name.split(" ", 1)
    return ProviderContact(
        provider=provider,
        kind=kind,
        name=name,
        job_title=b.rng.choice(pools.CONTACT_TITLES[kind]),
        phone=b.phone(),
        email=f"{g._ascii(first)}.{g._ascii(last)}@{pools.slug(provider)}.example",
    )


def create_contacts(b: Build) -> dict[uuid.UUID, ProviderContact]:
    """A main contact, a DSL and an attendance contact each; returns the main ones."""
    contacts = [
        _contact(b, provider, kind) for provider in b.providers for kind in pools.CONTACT_TITLES
    ]
    ProviderContact.objects.bulk_create(contacts, batch_size=g.BATCH_SIZE)
    return {c.provider_id: c for c in contacts if c.kind == ProviderContact.Kind.MAIN}
