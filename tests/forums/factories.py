"""Forum meetings for tests (fictional data only)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inclusion.accounts.models import User
from inclusion.forums.models import AgendaItem, ForumMeeting
from inclusion.organisations.models import Partnership
from inclusion.referrals.models import Referral


def make_meeting(
    *, partnership: Partnership, by: User, days_ahead: int = 7, **fields: object
) -> ForumMeeting:
    """A two-hour meeting at 09:30 ``days_ahead`` days from today (negative: in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    values: dict[str, object] = {
        "location": "Fictional Community Hall, Hinckley",
        "chair_name": "Chris Chair",
        "clerk_name": "Casey Clerk",
        **fields,
    }
    return ForumMeeting.objects.create(
        partnership=partnership,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        created_by=by,
        **values,
    )


def schedule(meeting: ForumMeeting, referral: Referral, by: User) -> AgendaItem:
    position = meeting.items.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting, referral=referral, position=position, scheduled_by=by
    )
