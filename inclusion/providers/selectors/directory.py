"""Directory search and the provider page's reads, scoped to the acting membership."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import NoReturn

from django.db.models import Exists, F, FloatField, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.functions import Cast
from django.http import Http404

from inclusion.accounts.models import Membership
from inclusion.providers.models import (
    OfferArea,
    Provider,
    ProviderContact,
    ProviderSite,
    RegistrationChange,
)
from inclusion.providers.selectors.access import access_provider, providers_visible_to
from inclusion.providers.status import QaStatus, qa_status_q

METRES_PER_MILE = 1609.344
KEY_STAGE_FIELDS = {"ks3": "key_stage_3", "ks4": "key_stage_4", "post16": "post_16"}


class Sort:
    NAME = "name"
    DISTANCE = "distance"
    PRICE = "price"
    QA = "qa"


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    offers: tuple[str, ...] = ()  # offer slugs; a parent area includes its sub-areas
    key_stages: tuple[str, ...] = ()
    registrations: tuple[str, ...] = ()
    qa_statuses: tuple[QaStatus, ...] = ()
    days: tuple[str, ...] = ()  # model field names, e.g. "open_monday"
    near: tuple[int, int] | None = None  # easting, northing of the searched postcode
    within_miles: int | None = None
    min_weekly_price: Decimal | None = None
    max_weekly_price: Decimal | None = None
    sort: str = Sort.NAME


def _offer_filter(slugs: tuple[str, ...]) -> Q:
    chosen = Q(slug__in=slugs) | Q(parent__slug__in=slugs)
    through = Provider.offers.through.objects.filter(
        provider_id=OuterRef("pk"), offerarea__in=OfferArea.objects.filter(chosen)
    )
    return Q(Exists(through))


def _distance_sq(near: tuple[int, int]) -> Min:
    east = Cast(F("sites__easting"), FloatField()) - float(near[0])
    north = Cast(F("sites__northing"), FloatField()) - float(near[1])
    return Min(east * east + north * north, filter=Q(sites__is_active=True))


def _filtered(
    providers: QuerySet[Provider], f: DirectoryFilters, today: dt.date
) -> QuerySet[Provider]:
    if f.query.strip():
        for word in f.query.lower().split():
            providers = providers.filter(search_name__contains=word)
    if f.offers:
        providers = providers.filter(_offer_filter(f.offers))
    for stage in f.key_stages:
        providers = providers.filter(**{KEY_STAGE_FIELDS[stage]: True})
    if f.registrations:
        providers = providers.filter(registration__in=f.registrations)
    if f.qa_statuses:
        providers = providers.filter(reduce(or_, (qa_status_q(s, today) for s in f.qa_statuses)))
    for day in f.days:
        providers = providers.filter(**{day: True})
    if f.min_weekly_price is not None:
        providers = providers.filter(weekly_price__gte=f.min_weekly_price)
    if f.max_weekly_price is not None:
        providers = providers.filter(weekly_price__lte=f.max_weekly_price)
    return providers


ORDERINGS: dict[str, tuple[str | OrderBy, ...]] = {
    Sort.NAME: ("name",),
    Sort.DISTANCE: (F("distance_sq").asc(nulls_last=True), "name"),
    Sort.PRICE: (F("weekly_price").asc(nulls_last=True), "name"),
    Sort.QA: (F("last_qa_visit_on").desc(nulls_last=True), "name"),
}


def directory_search(
    *, membership: Membership | None, filters: DirectoryFilters, today: dt.date
) -> QuerySet[Provider]:
    """Providers matching the filters, with ``distance_sq`` (square metres) when a postcode is
    given, sorted as asked; sites and offers prefetched so a page costs the same at any size."""
    providers = _filtered(providers_visible_to(membership=membership), filters, today)
    if filters.near is not None:
        providers = providers.annotate(distance_sq=_distance_sq(filters.near))
        if filters.within_miles is not None:
            radius = filters.within_miles * METRES_PER_MILE
            providers = providers.filter(distance_sq__lte=radius * radius)
    providers = providers.prefetch_related(
        Prefetch("sites", queryset=ProviderSite.objects.filter(is_active=True)),
        Prefetch("offers", queryset=OfferArea.objects.select_related("parent")),
    )
    sort = Sort.NAME if filters.sort == Sort.DISTANCE and filters.near is None else filters.sort
    return providers.order_by(*ORDERINGS.get(sort, ORDERINGS[Sort.NAME]), "id")


def offer_choices() -> list[tuple[str, str]]:
    """The maintained list, sub-areas after their parent."""
    areas = list(OfferArea.objects.select_related("parent"))
    parents = [area for area in areas if area.parent_id is None]
    choices: list[tuple[str, str]] = []
    for parent in parents:
        choices.append((parent.slug, parent.name))
        choices += [
            (area.slug, f"{parent.name}: {area.name}")
            for area in areas
            if area.parent_id == parent.pk
        ]
    return choices


def provider_for_page(*, membership: Membership | None, pk: uuid.UUID) -> Provider:
    """The provider with what its page shows, or 404."""
    provider = access_provider(membership=membership, pk=pk)
    return (
        Provider.objects.filter(pk=provider.pk)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch("sites", queryset=ProviderSite.objects.order_by("-is_active", "name")),
            Prefetch("contacts", queryset=ProviderContact.objects.order_by("kind", "name")),
            Prefetch("offers", queryset=OfferArea.objects.select_related("parent")),
            "evidence",
            Prefetch(
                "registration_changes",
                queryset=RegistrationChange.objects.filter(
                    status=RegistrationChange.Status.PENDING
                ).select_related("requested_by"),
                to_attr="pending_changes",
            ),
        )
        .get()
    )


def access_site(*, membership: Membership | None, pk: uuid.UUID) -> ProviderSite:
    site = ProviderSite.objects.select_related("provider").filter(pk=pk).first()
    if site is None:
        raise_not_found()
    access_provider(membership=membership, pk=site.provider_id)
    return site


def access_contact(*, membership: Membership | None, pk: uuid.UUID) -> ProviderContact:
    contact = ProviderContact.objects.select_related("provider").filter(pk=pk).first()
    if contact is None:
        raise_not_found()
    access_provider(membership=membership, pk=contact.provider_id)
    return contact


def access_registration_change(
    *, membership: Membership | None, pk: uuid.UUID
) -> RegistrationChange:
    change = (
        RegistrationChange.objects.select_related("provider", "requested_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if change is None:
        raise_not_found()
    access_provider(membership=membership, pk=change.provider_id)
    return change


def raise_not_found() -> NoReturn:
    raise Http404
