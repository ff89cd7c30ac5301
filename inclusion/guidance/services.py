"""Writes to guidance pages and the support services list: atomic, and audited in the same
transaction. Every saved change to a page keeps a version (append-only change history)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.guidance.models import GuidancePage, GuidancePageVersion, SupportService


class GuidanceNotAllowedError(PermissionError):
    """Only co-ordinators and LA officers edit guidance and the support services list."""


class SlugTakenError(Exception):
    """Another page already has this web address."""


@dataclass(frozen=True)
class PageDetails:
    title: str
    summary: str
    body: str
    is_published: bool


@dataclass(frozen=True)
class ServiceDetails:
    name: str
    category: str
    description: str
    url: str
    phone: str


def _check(membership: Membership, rule: str) -> None:
    if not can(membership, rule):
        raise GuidanceNotAllowedError


def _keep_version(page: GuidancePage, *, actor: User, note: str) -> GuidancePageVersion:
    return GuidancePageVersion.objects.create(
        page=page,
        title=page.title,
        summary=page.summary,
        body=page.body,
        edited_by=actor,
        note=note,
    )


@transaction.atomic
def page_create(
    *, actor: User, membership: Membership, slug: str, details: PageDetails, note: str = ""
) -> GuidancePage:
    _check(membership, "guidance.edit_guidance")
    last = GuidancePage.objects.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            page = GuidancePage.objects.create(
                slug=slug, position=(last or 0) + 1, updated_by=actor, **asdict(details)
            )
    except IntegrityError:
        raise SlugTakenError from None
    _keep_version(page, actor=actor, note=note)
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=page,
        changes=["slug", *asdict(details)],
    )
    return page


@transaction.atomic
def page_update(
    *,
    actor: User,
    membership: Membership,
    page: GuidancePage,
    details: PageDetails,
    note: str = "",
) -> list[str]:
    """Save the page's new text; returns the fields that changed (none: nothing is written)."""
    _check(membership, "guidance.edit_guidance")
    changed = [name for name, value in asdict(details).items() if getattr(page, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(page, name, getattr(details, name))
    page.updated_by = actor
    page.save(update_fields=[*changed, "updated_by", "updated_at"])
    _keep_version(page, actor=actor, note=note)
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=page,
        changes=changed,
    )
    return changed


@transaction.atomic
def service_create(
    *, actor: User, membership: Membership, details: ServiceDetails
) -> SupportService:
    _check(membership, "guidance.manage_services")
    service = SupportService.objects.create(**asdict(details))
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=service,
        changes=list(asdict(details)),
    )
    return service


@transaction.atomic
def service_update(
    *, actor: User, membership: Membership, service: SupportService, details: ServiceDetails
) -> list[str]:
    _check(membership, "guidance.manage_services")
    changed = [name for name, value in asdict(details).items() if getattr(service, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(service, name, getattr(details, name))
    service.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=service,
        changes=changed,
    )
    return changed


@transaction.atomic
def service_set_active(
    *, actor: User, membership: Membership, service: SupportService, active: bool
) -> bool:
    """Show or hide a service on the public list; returns whether anything changed."""
    _check(membership, "guidance.manage_services")
    if service.is_active == active:
        return False
    service.is_active = active
    service.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=service,
        changes=["is_active"],
    )
    return True
