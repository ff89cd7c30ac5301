"""How the advice pages show meetings, services and partnerships: display logic only."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from inclusion.forums.models import ForumMeeting
from inclusion.guidance.models import SupportService
from inclusion.organisations.models import Partnership

# How many forthcoming dates the index shows for each partnership (its own page shows all).
INDEX_MEETINGS = 3


def govuk_time(value: dt.datetime) -> str:
    """A time in GOV.UK style: "9:30am", "2pm", "midday"."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


@dataclass(frozen=True)
class PublicMeeting:
    """What the public may know of a forum meeting: when and where, never the online link."""

    on: dt.date
    times: str
    place: str

    @classmethod
    def of(cls, meeting: ForumMeeting) -> PublicMeeting:
        return cls(
            on=timezone.localtime(meeting.starts_at).date(),
            times=f"{govuk_time(meeting.starts_at)} to {govuk_time(meeting.ends_at)}",
            place=meeting.location or "Online",
        )


@dataclass
class PartnershipSummary:
    partnership: Partnership
    meetings: list[PublicMeeting] = field(default_factory=list)
    more_meetings: int = 0

    @property
    def has_contact(self) -> bool:
        p = self.partnership
        return bool(p.public_contact_name or p.public_email or p.public_phone)


def public_meetings(meetings: Iterable[ForumMeeting]) -> list[PublicMeeting]:
    return [PublicMeeting.of(meeting) for meeting in meetings]


def partnership_summaries(
    partnerships: Iterable[Partnership], meetings: Iterable[ForumMeeting]
) -> list[PartnershipSummary]:
    """Each partnership with its next few forum dates and how many more there are."""
    by_partnership: dict[uuid.UUID, list[ForumMeeting]] = defaultdict(list)
    for meeting in meetings:
        by_partnership[meeting.partnership_id].append(meeting)
    summaries = []
    for partnership in partnerships:
        own = by_partnership.get(partnership.pk, [])
        summaries.append(
            PartnershipSummary(
                partnership,
                public_meetings(own[:INDEX_MEETINGS]),
                max(len(own) - INDEX_MEETINGS, 0),
            )
        )
    return summaries


@dataclass(frozen=True)
class ServiceGroup:
    category: str
    label: str
    services: list[SupportService]

    @property
    def anchor(self) -> str:
        return f"category-{self.category.replace('_', '-')}"


def services_by_category(services: Iterable[SupportService]) -> list[ServiceGroup]:
    """Services under their category headings, in the order the categories are declared."""
    grouped: dict[str, list[SupportService]] = defaultdict(list)
    for service in services:
        grouped[service.category].append(service)
    return [
        ServiceGroup(value, str(label), grouped[value])
        for value, label in SupportService.Category.choices
        if grouped.get(value)
    ]
