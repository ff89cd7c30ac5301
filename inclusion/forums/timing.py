"""When a meeting may be changed, decided or minuted: pure functions of the meeting and the
current time, so every page and service asks the same question the same way.

Before a meeting starts, its details and agenda may change. From the day of the meeting
(during it, and afterwards) its attendance and decisions are recorded and its minutes read.
A cancelled meeting is neither changed nor decided.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inclusion.forums.models import ForumMeeting


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day``, in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def may_change(meeting: ForumMeeting, now: dt.datetime) -> bool:
    """Details and agenda may change until the meeting starts."""
    return not meeting.is_cancelled and meeting.starts_at > now


def is_held(meeting: ForumMeeting, now: dt.datetime) -> bool:
    """The meeting is today or in the past, and was not cancelled: attendance, decisions and
    minutes belong to it."""
    return not meeting.is_cancelled and timezone.localdate(meeting.starts_at) <= timezone.localdate(
        now
    )
