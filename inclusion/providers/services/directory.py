"""Writes to provider records, sites and contacts, and provider-requested registration changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.organisations.models import LocalAuthority
from inclusion.organisations.postcodes import PostcodeFacts
from inclusion.providers.models import (
    OfferArea,
    Provider,
    ProviderContact,
    ProviderSite,
    RegistrationChange,
)
from inclusion.providers.pricing import weekly_price


class ChangeAlreadyDecidedError(Exception):
    """The registration change was confirmed or rejected by someone else first."""


@dataclass(frozen=True)
class ProviderDescription:
    """What provider staff may change themselves."""

    name: str
    legal_name: str
    company_number: str
    charity_number: str
    website: str
    phone: str
    email: str
    description: str
    key_stage_3: bool
    key_stage_4: bool
    post_16: bool
    min_age: int | None
    max_age: int | None
    open_monday: bool
    open_tuesday: bool
    open_wednesday: bool
    open_thursday: bool
    open_friday: bool
    opens_at: dt.time | None
    closes_at: dt.time | None
    capacity: int | None
    price: Decimal | None
    price_unit: str
    transport: str


@dataclass(frozen=True)
class ProviderRegistration:
    """What only co-ordinators and LA officers change directly."""

    registration: str
    urn: str
    ukprn: str
    local_authority: LocalAuthority
    inspectorate: str
    last_inspection_date: dt.date | None
    last_inspection_outcome: str
    is_active: bool


def _apply(record: models.Model, details: object) -> list[str]:
    """Set the fields of ``details`` (a dataclass) on ``record``; the names that changed."""
    values = {field.name: getattr(details, field.name) for field in fields(details)}  # type: ignore[arg-type]
    return _set(record, values)


def _set(record: models.Model, values: dict[str, object]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(record, name, None) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def _save_part(
    *, actor: User, membership: Membership, record: models.Model, changed: list[str], is_new: bool
) -> None:
    """Save a new or changed site or contact and audit it; an unchanged one is left alone."""
    if changed or is_new:
        record.save()
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.CREATE if is_new else AuditEvent.Verb.UPDATE,
            target=record,
            changes=changed,
        )


def _set_offers(provider: Provider, offers: list[OfferArea]) -> bool:
    wanted = {offer.pk for offer in offers}
    if {offer.pk for offer in provider.offers.all()} == wanted:
        return False
    provider.offers.set(offers)
    return True


def _finish(provider: Provider) -> None:
    provider.weekly_price = weekly_price(provider.price, provider.price_unit)
    provider.search_name = provider.name.lower()
    provider.save()


@transaction.atomic
def provider_create(
    *,
    actor: User,
    membership: Membership,
    description: ProviderDescription,
    registration: ProviderRegistration,
    offers: list[OfferArea],
) -> Provider:
    provider = Provider()
    changed = _apply(provider, description) + _apply(provider, registration)
    _finish(provider)
    # Nothing is held yet, so every required kind of evidence is missing.
    from inclusion.providers.services.status import refresh_provider_status

    refresh_provider_status(provider=provider)
    if _set_offers(provider, offers):
        changed.append("offers")
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=provider,
        changes=changed,
    )
    return provider


@transaction.atomic
def provider_update(
    *,
    actor: User,
    membership: Membership,
    provider: Provider,
    description: ProviderDescription,
    offers: list[OfferArea],
    registration: ProviderRegistration | None = None,
) -> list[str]:
    """Apply the changes; ``registration`` only from a co-ordinator or LA officer."""
    changed = _apply(provider, description)
    if registration is not None:
        changed += _apply(provider, registration)
    if changed:
        _finish(provider)
    if _set_offers(provider, offers):
        changed.append("offers")
    if changed:
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=provider,
            changes=changed,
        )
    return changed


@dataclass(frozen=True)
class SiteDetails:
    name: str
    address_line_1: str
    address_line_2: str
    town: str
    location: PostcodeFacts


@transaction.atomic
def site_save(
    *,
    actor: User,
    membership: Membership,
    provider: Provider,
    details: SiteDetails,
    site: ProviderSite | None = None,
) -> ProviderSite:
    is_new = site is None
    site = site or ProviderSite(provider=provider)
    values = {
        "name": details.name,
        "address_line_1": details.address_line_1,
        "address_line_2": details.address_line_2,
        "town": details.town,
        "postcode": details.location.postcode,
        "easting": details.location.easting,
        "northing": details.location.northing,
    }
    changed = _set(site, values)
    _save_part(actor=actor, membership=membership, record=site, changed=changed, is_new=is_new)
    return site


@dataclass(frozen=True)
class ContactDetails:
    kind: str
    name: str
    job_title: str
    phone: str
    email: str


@transaction.atomic
def contact_save(
    *,
    actor: User,
    membership: Membership,
    provider: Provider,
    details: ContactDetails,
    contact: ProviderContact | None = None,
) -> ProviderContact:
    is_new = contact is None
    contact = contact or ProviderContact(provider=provider)
    changed = _apply(contact, details)
    _save_part(actor=actor, membership=membership, record=contact, changed=changed, is_new=is_new)
    return contact


@transaction.atomic
def contact_remove(*, actor: User, membership: Membership, contact: ProviderContact) -> None:
    audit_record(actor=actor, membership=membership, verb=AuditEvent.Verb.DELETE, target=contact)
    contact.delete()


@dataclass(frozen=True)
class RegistrationRequest:
    registration: str
    urn: str
    ukprn: str
    reason: str


@transaction.atomic
def registration_change_request(
    *, actor: User, membership: Membership, provider: Provider, request: RegistrationRequest
) -> RegistrationChange:
    """Provider staff ask for a change of registration; it waits for a co-ordinator or LA
    officer to confirm it."""
    change = RegistrationChange.objects.create(
        provider=provider,
        registration=request.registration,
        urn=request.urn,
        ukprn=request.ukprn,
        reason=request.reason,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.REGISTRATION_CHANGE_REQUESTED,
        target=change,
        changes=["registration", "urn", "ukprn"],
    )
    return change


@transaction.atomic
def registration_change_decide(
    *, actor: User, membership: Membership, change: RegistrationChange, confirm: bool
) -> None:
    locked = RegistrationChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != RegistrationChange.Status.PENDING:
        raise ChangeAlreadyDecidedError
    locked.status = (
        RegistrationChange.Status.CONFIRMED if confirm else RegistrationChange.Status.REJECTED
    )
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    changed: list[str] = []
    if confirm:
        provider = locked.provider
        for name in ("registration", "urn", "ukprn"):
            if getattr(provider, name) != getattr(locked, name):
                setattr(provider, name, getattr(locked, name))
                changed.append(name)
        if changed:
            provider.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                membership=membership,
                verb=AuditEvent.Verb.UPDATE,
                target=provider,
                changes=changed,
            )
    audit_record(
        actor=actor,
        membership=membership,
        verb=(
            AuditEvent.Verb.REGISTRATION_CHANGE_CONFIRMED
            if confirm
            else AuditEvent.Verb.REGISTRATION_CHANGE_REJECTED
        ),
        target=locked,
    )
