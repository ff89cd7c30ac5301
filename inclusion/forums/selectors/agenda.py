"""Reads of a meeting's agenda and the cases that may be added to it, scoped to the acting
membership. An agenda item of a meeting outside scope is a 404."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from inclusion.accounts.models import Membership
from inclusion.forums.models import Action, AgendaItem, ForumMeeting
from inclusion.forums.selectors.meetings import meetings_visible_to
from inclusion.forums.timing import start_of_day
from inclusion.referrals.models import Referral, Status
from inclusion.referrals.selectors.access import referrals_visible_to

CASE_RELATED = ("referral__pupil", "referral__school")


def agenda_of(meeting: ForumMeeting) -> list[AgendaItem]:
    """The meeting's cases in agenda order, each with its referral, pupil, school and any
    decision with its services and actions: a fixed number of queries however long it is."""
    actions = Action.objects.select_related(
        "owner_user", "owner_school", "owner_partnership", "owner_agency"
    ).order_by("due_on", "created_at")
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(*CASE_RELATED, "decision")
        .prefetch_related("decision__services", Prefetch("decision__actions", queryset=actions))
        .order_by("position", "created_at")
    )


def access_agenda_item(*, membership: Membership | None, pk: uuid.UUID) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(meeting__in=meetings_visible_to(membership=membership), pk=pk)
        .select_related("meeting__partnership", "referral__partnership", *CASE_RELATED, "decision")
        .first()
    )
    if item is None:
        raise Http404
    return item


def referrals_on_forthcoming_agendas(today: dt.date) -> QuerySet[AgendaItem]:
    """Agenda items of meetings from today on that are going ahead."""
    return AgendaItem.objects.filter(
        meeting__is_cancelled=False, meeting__starts_at__gte=start_of_day(today)
    )


def schedulable_referrals(
    *, membership: Membership | None, meeting: ForumMeeting, today: dt.date
) -> QuerySet[Referral]:
    """Referrals of the meeting's partnership accepted for a forum and not already on the
    agenda of a meeting from today on (a case from a cancelled or earlier meeting may be
    scheduled again)."""
    taken = referrals_on_forthcoming_agendas(today).filter(referral=OuterRef("pk"))
    return (
        referrals_visible_to(membership=membership)
        .filter(partnership_id=meeting.partnership_id, status=Status.ACCEPTED)
        .exclude(Exists(taken))
        .select_related("pupil", "school")
        .order_by("submitted_at", "reference")
    )


def case_number(item: AgendaItem) -> int:
    """The case's number on its meeting's agenda (1 for the first)."""
    earlier = AgendaItem.objects.filter(meeting_id=item.meeting_id, position__lt=item.position)
    return earlier.count() + 1
