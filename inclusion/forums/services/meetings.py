"""Arranging, changing and cancelling forum meetings. Each write is audited in the same
transaction; a meeting may change only until it starts."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.forums.models import AgendaItem, ForumMeeting
from inclusion.forums.selectors.meetings import partnerships_managed_by
from inclusion.forums.services.errors import ForumError, ForumNotAllowedError
from inclusion.forums.timing import may_change
from inclusion.notifications.services import notify_school
from inclusion.organisations.models import Partnership

DETAIL_FIELDS = ("starts_at", "ends_at", "location", "online_link", "chair_name", "clerk_name")
NOT_CHANGEABLE = "This meeting has started or been cancelled, so it cannot be changed"


@dataclass(frozen=True)
class MeetingDetails:
    partnership: Partnership
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    online_link: str
    chair_name: str
    clerk_name: str


def _check_manager(membership: Membership, partnership_id: uuid.UUID) -> None:
    if not can(membership, "forums.manage_meetings"):
        raise ForumNotAllowedError
    if not partnerships_managed_by(membership=membership).filter(pk=partnership_id).exists():
        raise ForumNotAllowedError


def _check_details(details: MeetingDetails) -> None:
    if details.ends_at <= details.starts_at:
        raise ForumError("The end time must be after the start time")
    if not (details.location or details.online_link):
        raise ForumError("Enter a place or an online meeting link")


def _locked(meeting: ForumMeeting) -> ForumMeeting:
    return ForumMeeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def meeting_create(*, actor: User, membership: Membership, details: MeetingDetails) -> ForumMeeting:
    _check_manager(membership, details.partnership.pk)
    _check_details(details)
    meeting = ForumMeeting.objects.create(
        partnership=details.partnership,
        created_by=actor,
        **{name: getattr(details, name) for name in DETAIL_FIELDS},
    )
    changed = [name for name in DETAIL_FIELDS if getattr(details, name)]
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=meeting,
        changes=["partnership", *changed],
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: User, membership: Membership, meeting: ForumMeeting, details: MeetingDetails
) -> ForumMeeting:
    current = _locked(meeting)
    _check_manager(membership, current.partnership_id)
    if not may_change(current, timezone.now()):
        raise ForumError(NOT_CHANGEABLE)
    _check_details(details)
    changed = [name for name in DETAIL_FIELDS if getattr(current, name) != getattr(details, name)]
    for name in changed:
        setattr(current, name, getattr(details, name))
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=current,
            changes=changed,
        )
    return current


@transaction.atomic
def meeting_cancel(*, actor: User, membership: Membership, meeting: ForumMeeting) -> ForumMeeting:
    """Cancel a meeting before it starts. Its cases stay listed on it, may be scheduled at
    another meeting, and their schools are told (by case reference only)."""
    current = _locked(meeting)
    _check_manager(membership, current.partnership_id)
    if not may_change(current, timezone.now()):
        raise ForumError(NOT_CHANGEABLE)
    current.is_cancelled = True
    current.save(update_fields=["is_cancelled", "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=current,
        changes=["is_cancelled"],
    )
    when = govuk_date(current.starts_at)
    for item in AgendaItem.objects.filter(meeting=current).select_related("referral"):
        notify_school(
            school_id=item.referral.school_id,
            message=f"The Inclusion Forum on {when} has been cancelled: referral "
            f"{item.referral.reference} will be scheduled at another meeting",
            url=reverse("referrals:detail", kwargs={"pk": item.referral_id}),
        )
    return current
