"""Building a meeting's agenda: scheduling accepted referrals, moving cases up or down and
taking them off, until the meeting starts. Each write is audited; the referring school is told
by case reference only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.forums.models import AgendaItem, ForumMeeting
from inclusion.forums.selectors.agenda import schedulable_referrals
from inclusion.forums.selectors.meetings import meetings_visible_to
from inclusion.forums.services.errors import ForumError, ForumNotAllowedError
from inclusion.forums.timing import may_change
from inclusion.notifications.services import notify_school
from inclusion.referrals.models import Referral

UP, DOWN = "up", "down"
CLOSED = "The agenda cannot change once the meeting has started or been cancelled"


def _locked_meeting(membership: Membership, meeting_id: uuid.UUID) -> ForumMeeting:
    if not can(membership, "forums.manage_agenda"):
        raise ForumNotAllowedError
    meeting = (
        meetings_visible_to(membership=membership).select_for_update().filter(pk=meeting_id).first()
    )
    if meeting is None:
        raise ForumNotAllowedError
    if not may_change(meeting, timezone.now()):
        raise ForumError(CLOSED)
    return meeting


def _tell_school(referral: Referral, message: str) -> None:
    notify_school(
        school_id=referral.school_id,
        message=message,
        url=reverse("referrals:detail", kwargs={"pk": referral.pk}),
    )


def _audit(
    actor: User,
    membership: Membership,
    verb: str,
    item: AgendaItem,
    referral: Referral,
    changes: Sequence[str],
) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=verb,
        target=item,
        pupil_id=referral.pupil_id,
        changes=changes,
    )


@transaction.atomic
def agenda_schedule(
    *,
    actor: User,
    membership: Membership,
    meeting: ForumMeeting,
    referrals: Sequence[Referral],
) -> list[AgendaItem]:
    """Add accepted referrals of the meeting's partnership, not already on a forthcoming
    agenda, to the end of the agenda, in the order given."""
    locked = _locked_meeting(membership, meeting.pk)
    if not referrals:
        raise ForumError("Select at least one case to add to the agenda")
    allowed = set(
        schedulable_referrals(
            membership=membership, meeting=locked, today=timezone.localdate()
        ).values_list("pk", flat=True)
    )
    if any(referral.pk not in allowed for referral in referrals):
        raise ForumError(
            "A case you chose has already been scheduled or is not accepted for a forum"
        )
    last = AgendaItem.objects.filter(meeting=locked).aggregate(last=Max("position"))["last"] or 0
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=locked, referral=referral, position=last + n, scheduled_by=actor)
        for n, referral in enumerate(referrals, start=1)
    )
    when = govuk_date(locked.starts_at)
    for item, referral in zip(items, referrals, strict=True):
        _audit(actor, membership, AuditEvent.Verb.CREATE, item, referral, ["meeting", "position"])
        _tell_school(
            referral,
            f"Referral {referral.reference} has been scheduled for the Inclusion Forum on {when}",
        )
    return items


@transaction.atomic
def agenda_move(*, actor: User, membership: Membership, item: AgendaItem, direction: str) -> None:
    """Swap a case with the one above or below it; the agenda is numbered 1, 2, 3… again."""
    if direction not in (UP, DOWN):
        raise ForumError("Select whether to move the case up or down")
    locked = _locked_meeting(membership, item.meeting_id)
    items = list(
        AgendaItem.objects.filter(meeting=locked)
        .select_related("referral")
        .order_by("position", "created_at")
    )
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ForumNotAllowedError
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    moved = [row for n, row in enumerate(items, start=1) if row.position != n]
    for n, row in enumerate(items, start=1):
        row.position = n
    AgendaItem.objects.bulk_update(moved, ["position"])
    mover = items[other]
    _audit(actor, membership, AuditEvent.Verb.UPDATE, mover, mover.referral, ["position"])


@transaction.atomic
def agenda_remove(*, actor: User, membership: Membership, item: AgendaItem) -> None:
    """Take a case off the agenda before the meeting; it may be scheduled again."""
    locked = _locked_meeting(membership, item.meeting_id)
    current = (
        AgendaItem.objects.filter(pk=item.pk, meeting=locked).select_related("referral").first()
    )
    if current is None:
        return  # someone else took it off first
    referral = current.referral
    _audit(actor, membership, AuditEvent.Verb.DELETE, current, referral, ["meeting"])
    current.delete()
    _tell_school(
        referral,
        f"Referral {referral.reference} has been taken off the agenda of the Inclusion Forum on "
        f"{govuk_date(locked.starts_at)}",
    )
