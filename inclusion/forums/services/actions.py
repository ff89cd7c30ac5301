"""Marking a forum action done, by whoever may see it on their "My actions" list. Audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.forums.models import Action
from inclusion.forums.selectors.actions import actions_for
from inclusion.forums.services.errors import ForumError, ForumNotAllowedError


@transaction.atomic
def action_complete(
    *, actor: User, membership: Membership, action: Action, completed_on: dt.date
) -> Action:
    if not actions_for(membership=membership).filter(pk=action.pk).exists():
        raise ForumNotAllowedError
    if completed_on > timezone.localdate():
        raise ForumError("The date done must be today or in the past")
    updated = Action.objects.filter(pk=action.pk, completed_on__isnull=True).update(
        completed_on=completed_on, completed_by=actor, updated_at=timezone.now()
    )
    if not updated:
        raise ForumError("Someone had already marked this action as done")
    action.refresh_from_db()
    pupil_id = (
        Action.objects.filter(pk=action.pk)
        .values_list("decision__agenda_item__referral__pupil_id", flat=True)
        .first()
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=action,
        pupil_id=pupil_id,
        changes=["completed_on", "completed_by"],
    )
    return action
