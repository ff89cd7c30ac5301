"""Writes to compliance evidence: adding it, confirming or rejecting it, recording downloads,
and the e-mail reminders before and after it expires.

Evidence from a co-ordinator or LA officer counts at once; evidence from the provider's own
staff waits for one of them to confirm it (ADR 0006). Every write refreshes the provider's
derived status columns.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.providers.models import ComplianceEvidence, Provider, ProviderContact
from inclusion.providers.selectors.access import may_change, may_manage
from inclusion.providers.selectors.evidence import latest_confirmed
from inclusion.providers.services.status import refresh_provider_status
from inclusion.providers.status import EXPIRING_WITHIN_DAYS
from inclusion.providers.uploads import CheckedUpload

ADDED = AuditEvent.Verb.EVIDENCE_ADDED
CONFIRMED_VERB = AuditEvent.Verb.EVIDENCE_CONFIRMED
REJECTED_VERB = AuditEvent.Verb.EVIDENCE_REJECTED
DOWNLOADED = AuditEvent.Verb.EVIDENCE_DOWNLOADED
REMINDER_SENT = AuditEvent.Verb.EVIDENCE_REMINDER_SENT
# An "expired" reminder goes on the day after expiry; if reminders did not run that day, it
# still goes within this many days, but evidence that lapsed long ago is not re-announced.
EXPIRED_REMINDER_WITHIN_DAYS = 30
DEFAULT_SERVICE_URL = "http://localhost:8000"


class EvidenceNotAllowedError(PermissionError):
    """The membership may not do this to this provider's evidence."""


class EvidenceFileRequiredError(ValueError):
    """Provider staff must upload the evidence itself."""


class EvidenceAlreadyDecidedError(Exception):
    """Someone else confirmed or rejected the evidence first."""


@dataclass(frozen=True)
class EvidenceDetails:
    kind: str
    checked_on: dt.date
    expires_on: dt.date | None
    notes: str


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    membership: Membership,
    provider: Provider,
    details: EvidenceDetails,
    upload: CheckedUpload | None,
) -> ComplianceEvidence:
    """Record evidence: confirmed at once from a co-ordinator or LA officer, awaiting
    confirmation (and not counting) from the provider's own staff, who must attach the file."""
    if not may_change(membership, provider):
        raise EvidenceNotAllowedError
    manager = may_manage(membership)
    if upload is None and not manager:
        raise EvidenceFileRequiredError
    evidence = ComplianceEvidence(
        provider=provider,
        kind=details.kind,
        checked_on=details.checked_on,
        expires_on=details.expires_on,
        notes=details.notes,
        submitted_by=actor,
        status=ComplianceEvidence.Status.AWAITING_CONFIRMATION,
    )
    changed = ["kind", "checked_on", "status", "submitted_by"]
    changed += [name for name in ("expires_on", "notes") if getattr(details, name)]
    if manager:
        _verify(evidence, actor, ComplianceEvidence.Status.CONFIRMED)
        changed += ["verified_by", "verified_at"]
    if upload is not None:
        _store(evidence, upload)
        changed += ["file", "file_name", "file_type", "file_size"]
    try:
        evidence.save()
        audit_record(
            actor=actor, membership=membership, verb=ADDED, target=evidence, changes=changed
        )
        refresh_provider_status(provider=provider)
    except BaseException:
        if evidence.file:
            evidence.file.delete(save=False)
        raise
    return evidence


def _store(evidence: ComplianceEvidence, upload: CheckedUpload) -> None:
    """Save the file under a random name (the original name is kept only in the record)."""
    evidence.file.save(f"{uuid.uuid4().hex}.{upload.extension}", upload.file, save=False)
    evidence.file_name = upload.name
    evidence.file_type = upload.content_type
    evidence.file_size = upload.size


def _verify(evidence: ComplianceEvidence, actor: User, status: str) -> None:
    evidence.status = status
    evidence.verified_by = actor
    evidence.verified_at = timezone.now()


@transaction.atomic
def evidence_confirm(
    *, actor: User, membership: Membership, evidence: ComplianceEvidence, reason: str = ""
) -> ComplianceEvidence:
    """A co-ordinator or LA officer confirms evidence that provider staff sent; it counts from
    now on. ``reason`` is an optional note kept with the evidence."""
    return _decide(
        actor=actor,
        membership=membership,
        evidence=evidence,
        status=ComplianceEvidence.Status.CONFIRMED,
        note=f"Note on confirming: {reason.strip()}" if reason.strip() else "",
    )


@transaction.atomic
def evidence_reject(
    *, actor: User, membership: Membership, evidence: ComplianceEvidence, reason: str
) -> ComplianceEvidence:
    """A co-ordinator or LA officer does not accept the evidence; the reason is kept with it
    for the provider to read."""
    if not reason.strip():
        raise ValueError("A reason is needed to reject evidence.")
    return _decide(
        actor=actor,
        membership=membership,
        evidence=evidence,
        status=ComplianceEvidence.Status.REJECTED,
        note=f"Reason not accepted: {reason.strip()}",
    )


def _decide(
    *,
    actor: User,
    membership: Membership,
    evidence: ComplianceEvidence,
    status: str,
    note: str,
) -> ComplianceEvidence:
    if not may_manage(membership):
        raise EvidenceNotAllowedError
    locked = ComplianceEvidence.objects.select_for_update().get(pk=evidence.pk)
    if locked.status != ComplianceEvidence.Status.AWAITING_CONFIRMATION:
        raise EvidenceAlreadyDecidedError
    _verify(locked, actor, status)
    changed = ["status", "verified_by", "verified_at"]
    if note:
        locked.notes = f"{locked.notes}\n\n{note}" if locked.notes else note
        changed.append("notes")
    locked.save(update_fields=[*changed, "updated_at"])
    verb = CONFIRMED_VERB if status == ComplianceEvidence.Status.CONFIRMED else REJECTED_VERB
    audit_record(actor=actor, membership=membership, verb=verb, target=locked, changes=changed)
    refresh_provider_status(provider=locked.provider)
    return locked


@transaction.atomic
def evidence_file_downloaded(
    *, actor: User, membership: Membership, evidence: ComplianceEvidence
) -> None:
    """Record that someone downloaded an evidence file (the view has checked they may)."""
    audit_record(actor=actor, membership=membership, verb=DOWNLOADED, target=evidence)


# Reminders ---------------------------------------------------------------------------------


class Threshold(StrEnum):
    """When a reminder goes: recorded (by name) in the audit event of the reminder."""

    EXPIRING = "expiring_within_30_days"
    EXPIRED = "expired"


@dataclass(frozen=True)
class ReminderRun:
    reminders: int  # pieces of evidence reminded about
    emails: int


def evidence_reminders(*, today: dt.date, service_url: str = "") -> ReminderRun:
    """E-mail each provider's main contacts (or its own address) and its local authority's
    officers once when its latest confirmed evidence of a kind comes within 30 days of
    expiry, and once more the day after it expires. A reminder is recorded as an audit event
    (``evidence.reminder_sent``, naming the threshold) and never sent twice, however often
    this runs."""
    base = (service_url or settings.SERVICE_URL or DEFAULT_SERVICE_URL).rstrip("/")
    due = _due(today)
    sent = _already_sent(due)
    officers = _la_officer_emails({e.provider.local_authority_id for e, _ in due})
    reminders = emails = 0
    for evidence, threshold in due:
        if (str(evidence.pk), threshold.value) in sent:
            continue
        contacts = _provider_emails(evidence.provider)
        la = officers.get(evidence.provider.local_authority_id, [])
        recipients = contacts + [address for address in la if address not in contacts]
        messages = _reminder_messages(evidence, threshold, recipients, base)
        with transaction.atomic():
            audit_record(actor=None, verb=REMINDER_SENT, target=evidence, changes=[threshold.value])
            transaction.on_commit(partial(_send, messages))
        reminders += 1
        emails += len(messages)
    return ReminderRun(reminders=reminders, emails=emails)


def _due(today: dt.date) -> list[tuple[ComplianceEvidence, Threshold]]:
    earliest = today - dt.timedelta(days=EXPIRED_REMINDER_WITHIN_DAYS)
    latest = today + dt.timedelta(days=EXPIRING_WITHIN_DAYS)
    evidence = (
        latest_confirmed()
        .filter(provider__is_active=True, expires_on__gte=earliest, expires_on__lte=latest)
        .select_related("provider")
        .prefetch_related(
            Prefetch(
                "provider__contacts",
                queryset=ProviderContact.objects.filter(kind=ProviderContact.Kind.MAIN),
                to_attr="main_contacts",
            )
        )
        .order_by("expires_on", "provider__name", "kind")
    )
    return [(item, _threshold(item, today)) for item in evidence]


def _threshold(evidence: ComplianceEvidence, today: dt.date) -> Threshold:
    expired = evidence.expires_on is not None and evidence.expires_on < today
    return Threshold.EXPIRED if expired else Threshold.EXPIRING


def _already_sent(due: Iterable[tuple[ComplianceEvidence, Threshold]]) -> set[tuple[str, str]]:
    ids = {str(evidence.pk) for evidence, _ in due}
    events = AuditEvent.objects.filter(
        verb=REMINDER_SENT,
        target_type=ComplianceEvidence._meta.label_lower,
        target_id__in=ids,
    ).values_list("target_id", "changes")
    return {(target, name) for target, changes in events for name in changes}


def _la_officer_emails(authority_ids: set[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    found: dict[uuid.UUID, list[str]] = {}
    officers = (
        Membership.objects.filter(
            role=Role.LA_OFFICER,
            is_active=True,
            user__is_active=True,
            local_authority_id__in=authority_ids,
        )
        .select_related("user")
        .order_by("user__email")
    )
    for officer in officers:
        addresses = found.setdefault(officer.local_authority_id, [])  # type: ignore[arg-type]
        if officer.user.email not in addresses:
            addresses.append(officer.user.email)
    return found


def _provider_emails(provider: Provider) -> list[str]:
    """The provider's main contacts with an e-mail address, or else its own address."""
    contacts: list[ProviderContact] = getattr(provider, "main_contacts", [])
    addresses = sorted({contact.email for contact in contacts if contact.email})
    if not addresses and provider.email:
        addresses = [provider.email]
    return addresses


def _reminder_messages(
    evidence: ComplianceEvidence, threshold: Threshold, recipients: list[str], base: str
) -> list[EmailMessage]:
    """One message to each recipient, so no one sees who else was told. Only the provider,
    the kind of evidence and its date: nothing about pupils."""
    context = {
        "provider_name": evidence.provider.name,
        "kind": evidence.get_kind_display(),
        "expires_on": evidence.expires_on,
        "expired": threshold is Threshold.EXPIRED,
        "link": base + reverse("providers:evidence_list", kwargs={"pk": evidence.provider_id}),
        "service_name": settings.SERVICE_NAME,
    }
    subject = " ".join(
        render_to_string("providers/evidence/email/reminder_subject.txt", context).split()
    )
    body = render_to_string("providers/evidence/email/reminder.txt", context)
    return [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients]


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)
