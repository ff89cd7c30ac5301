"""Public reads: the forthcoming dates of forum meetings, for anyone (no sign-in).

Only a meeting's partnership, date, times and place leave here: never its agenda, its people
or its online link.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import QuerySet
from django.http import Http404

from inclusion.forums.models import ForumMeeting
from inclusion.forums.timing import start_of_day
from inclusion.organisations.models import Partnership

PUBLIC_FIELDS = (
    "id",
    "partnership",
    "starts_at",
    "ends_at",
    "location",
    "online_link",
    "updated_at",
)


def forthcoming_public_meetings(
    *, partnership: Partnership | None = None, today: dt.date
) -> QuerySet[ForumMeeting]:
    """Meetings that are not cancelled, from ``today`` on, soonest first (of one partnership,
    or of all)."""
    meetings = (
        ForumMeeting.objects.filter(is_cancelled=False, starts_at__gte=start_of_day(today))
        .select_related("partnership")
        .only(*PUBLIC_FIELDS, "partnership__name")
        .order_by("starts_at", "partnership__name")
    )
    if partnership is not None:
        meetings = meetings.filter(partnership=partnership)
    return meetings


def public_partnership(*, pk: uuid.UUID) -> Partnership:
    partnership = Partnership.objects.filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return partnership
