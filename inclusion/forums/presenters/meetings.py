"""How a meeting's date, times and place read (display logic only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from inclusion.forums.models import ForumMeeting
from inclusion.forums.timing import is_held, may_change


def govuk_time(value: dt.time) -> str:
    """GOV.UK style: 9:30am, 2pm, midday, midnight."""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def time_range(meeting: ForumMeeting) -> str:
    start = timezone.localtime(meeting.starts_at).time()
    end = timezone.localtime(meeting.ends_at).time()
    return f"{govuk_time(start)} to {govuk_time(end)}"


def public_place(meeting: ForumMeeting) -> str:
    """The place, or "Online": never the meeting link itself."""
    if meeting.location and meeting.online_link:
        return f"{meeting.location}, or online"
    return meeting.location or "Online"


@dataclass
class MeetingPresenter:
    meeting: ForumMeeting
    now: dt.datetime

    def __getattr__(self, name: str) -> object:
        return getattr(self.meeting, name)

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.meeting.starts_at)

    @property
    def times(self) -> str:
        return time_range(self.meeting)

    @property
    def place(self) -> str:
        return public_place(self.meeting)

    @property
    def title(self) -> str:
        return f"{self.meeting.partnership.name} Inclusion Forum"

    @property
    def may_change(self) -> bool:
        return may_change(self.meeting, self.now)

    @property
    def is_held(self) -> bool:
        return is_held(self.meeting, self.now)

    @property
    def status(self) -> tuple[str, str]:
        """(label, tag class) for the meeting's status."""
        if self.meeting.is_cancelled:
            return "Cancelled", "govuk-tag--red"
        if self.may_change:
            return "Forthcoming", "govuk-tag--blue"
        return "Held", "govuk-tag--grey"


def present_meetings(meetings: Iterable[ForumMeeting], now: dt.datetime) -> list[MeetingPresenter]:
    return [MeetingPresenter(meeting, now) for meeting in meetings]
