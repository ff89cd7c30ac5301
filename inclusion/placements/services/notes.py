"""Writes of the provider's view: recording a progress note or an incident, and the audit of
reading a placement's information pack.

An incident tells the school's staff (its DSL among them) and the partnership's co-ordinators
at once, in the app and by e-mail. The message names the provider, never the pupil.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.notifications.services import notify_partnership, notify_school
from inclusion.placements.models import Placement, ProviderNote
from inclusion.placements.selectors.access import sees_pack_only

INCIDENT_MESSAGE = "An incident has been recorded for a placement at {provider}"


class NoteNotAllowedError(PermissionError):
    """Only the staff of the placement's provider record notes and incidents for it."""


class NoteDateInFutureError(ValueError):
    """A note or incident cannot be dated after today."""


@dataclass(frozen=True)
class NoteDetails:
    kind: str
    occurred_on: dt.date
    text: str
    action_taken: str = ""


def _may_record(membership: Membership, placement: Placement) -> bool:
    return sees_pack_only(membership) and membership.provider_id == placement.site.provider_id


@transaction.atomic
def note_record(
    *, actor: User, membership: Membership, placement: Placement, details: NoteDetails
) -> ProviderNote:
    """Record a progress note or an incident; an incident notifies the school and the
    partnership's co-ordinators at once."""
    if not _may_record(membership, placement):
        raise NoteNotAllowedError
    if details.occurred_on > timezone.localdate():
        raise NoteDateInFutureError
    if details.kind not in ProviderNote.Kind.values:
        raise ValueError(f"Unknown kind of note: {details.kind!r}")
    is_incident = details.kind == ProviderNote.Kind.INCIDENT
    note = ProviderNote.objects.create(
        placement=placement,
        kind=details.kind,
        occurred_on=details.occurred_on,
        text=details.text,
        action_taken=details.action_taken if is_incident else "",
        recorded_by=actor,
    )
    changed = ["kind", "occurred_on", "text"] + (["action_taken"] if note.action_taken else [])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=note,
        pupil_id=placement.pupil_id,
        changes=changed,
    )
    if is_incident:
        _notify_incident(placement)
    return note


def _notify_incident(placement: Placement) -> None:
    message = INCIDENT_MESSAGE.format(provider=placement.site.provider.name)
    url = reverse("placements:notes", kwargs={"pk": placement.pk})
    school = placement.pupil.school
    notify_school(school_id=school.pk, message=message, url=url)
    partnership_id = placement.partnership_id or school.partnership_id
    if partnership_id is not None:
        notify_partnership(partnership_id=partnership_id, message=message, url=url)


def pack_viewed(*, actor: User, membership: Membership, placement: Placement) -> None:
    """Reading an information pack is a read of the pupil's record: audited."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=placement,
        pupil_id=placement.pupil_id,
        changes=["information_pack"],
    )


def notes_viewed(*, actor: User, membership: Membership, placement: Placement) -> None:
    """Reading a placement's notes and incidents is a read of the pupil's record: audited."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=placement,
        pupil_id=placement.pupil_id,
        changes=["notes"],
    )
