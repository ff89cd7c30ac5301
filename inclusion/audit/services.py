"""The one way to write an audit event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

from inclusion.audit.models import AuditEvent
from inclusion.core.request_context import current_request_id

if TYPE_CHECKING:
    from inclusion.accounts.models import Membership, User


def audit_record(
    *,
    actor: User | None,
    verb: str,
    membership: Membership | None = None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    pupil_id: uuid.UUID | None = None,
    changes: Iterable[str] = (),
) -> AuditEvent:
    """Record that ``actor`` did ``verb`` to ``target``.

    ``changes`` names the fields that changed, never their values: the audit trail must not
    become a second copy of a child's record.
    """
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        membership=membership,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        pupil_id=pupil_id,
        request_id=current_request_id(),
        changes=sorted(changes),
    )
