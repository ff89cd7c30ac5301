"""Acknowledging an attendance alert: who did what about it, once. The row is locked while it
is checked and written, so two people acknowledging at once write it only once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.attendance.models import AttendanceAlert
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record


class AlertNotAllowedError(PermissionError):
    """Only school staff and co-ordinators acknowledge alerts."""


class AlertAlreadyAcknowledgedError(RuntimeError):
    """Someone has already acknowledged the alert; it is not written again."""


@transaction.atomic
def alert_acknowledge(
    *,
    actor: User,
    membership: Membership,
    alert: AttendanceAlert,
    action_taken: str,
    now: dt.datetime | None = None,
) -> AttendanceAlert:
    """Record the action taken on an alert, by whom and when (the caller has checked scope)."""
    if not can(membership, "attendance.acknowledge_alert"):
        raise AlertNotAllowedError
    action_taken = action_taken.strip()
    if not action_taken:
        raise ValueError("An alert is acknowledged with the action taken")
    # Only the alert's own row: PostgreSQL refuses FOR UPDATE across nullable outer joins.
    locked = AttendanceAlert.objects.select_for_update(of=("self",)).get(pk=alert.pk)
    if locked.acknowledged_at is not None:
        raise AlertAlreadyAcknowledgedError
    locked.acknowledged_by = actor
    locked.acknowledged_at = now or timezone.now()
    locked.action_taken = action_taken
    locked.save(update_fields=["acknowledged_by", "acknowledged_at", "action_taken", "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=locked,
        pupil_id=alert.placement.pupil_id,
        changes=["acknowledged_at", "action_taken"],
    )
    return locked
