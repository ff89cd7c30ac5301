"""Forthcoming forum meetings as an iCalendar feed (RFC 5545), made with ``icalendar``.

Public details only: the partnership, the date and times (Europe/London) and the place or
"Online". Never the agenda, any person's name or the link to the meeting room.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, Event

from inclusion.forums.models import ForumMeeting
from inclusion.forums.presenters.meetings import public_place

PRODID = "-//Leicestershire County Council//Inclusion Partnerships//EN"
UID_DOMAIN = "inclusion-partnerships.forums"


def _event(meeting: ForumMeeting, zone: zoneinfo.ZoneInfo, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{meeting.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated_at.astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.partnership.name} Inclusion Forum")
    event.add("location", public_place(meeting))
    return event


def forum_calendar(meetings: Iterable[ForumMeeting], *, name: str, now: dt.datetime) -> bytes:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    for meeting in meetings:
        calendar.add_component(_event(meeting, zone, stamp))
    this_year = now.date().replace(month=1, day=1)
    calendar.add_missing_timezones(
        first_date=this_year, last_date=this_year.replace(year=this_year.year + 3)
    )
    return bytes(calendar.to_ical())
