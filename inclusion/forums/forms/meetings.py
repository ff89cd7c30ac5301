"""Arranging a meeting: its date, times, place or online link, chair and clerk."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.forums.forms.fields import TimeOfDayField
from inclusion.forums.models import ForumMeeting
from inclusion.forums.services.meetings import MeetingDetails
from inclusion.organisations.models import Partnership


class MeetingForm(GovukForm):
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the partnership",
            "invalid_choice": "Select the partnership",
        },
    )
    day = GovukDateField(
        label="Date",
        required_message="Enter the date of the meeting",
        help_text="For example, 3 3 2026",
    )
    start_time = TimeOfDayField(label="Start time", help_text="For example, 9:30am or 14:00")
    end_time = TimeOfDayField(label="End time", help_text="For example, 11:30am or 16:00")
    location = forms.CharField(
        label="Place",
        required=False,
        max_length=200,
        help_text="The venue and room. Leave blank if the meeting is online only.",
        error_messages={"max_length": "The place must be 200 characters or fewer"},
    )
    online_link = forms.URLField(
        label="Online meeting link",
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text="Leave blank if the meeting is in person only. Only forum members see the link.",
        error_messages={
            "invalid": "Enter the online meeting link as a web address, like "
            "https://meet.example.org/forum",
            "max_length": "The online meeting link must be 300 characters or fewer",
        },
    )
    chair_name = forms.CharField(
        label="Chair",
        max_length=120,
        help_text="Who chairs the meeting",
        error_messages={
            "required": "Enter the name of the chair",
            "max_length": "The chair's name must be 120 characters or fewer",
        },
    )
    clerk_name = forms.CharField(
        label="Clerk (optional)",
        required=False,
        max_length=120,
        help_text="Who takes the minutes",
        error_messages={"max_length": "The clerk's name must be 120 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Partnership] | None = None,
        now: dt.datetime,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.now = now
        field = cast(forms.ModelChoiceField, self.fields["partnership"])  # type: ignore[type-arg]
        if partnerships is not None and partnerships.count() > 1:
            field.queryset = partnerships
        else:
            self.fixed_partnership = partnerships.first() if partnerships is not None else None
            del self.fields["partnership"]

    @classmethod
    def initial_for(cls, meeting: ForumMeeting) -> dict[str, Any]:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at)
        return {
            "day": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "location": meeting.location,
            "online_link": meeting.online_link,
            "chair_name": meeting.chair_name,
            "clerk_name": meeting.clerk_name,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("location")
            and not data.get("online_link")
            and not self._has_error_in("location", "online_link")
        ):
            self.add_error("location", "Enter a place or an online meeting link")
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        if day is not None and day < timezone.localdate(self.now):
            self.add_error("day", "The date of the meeting must be today or in the future")
        elif day is not None and start is not None and self._aware(day, start) <= self.now:
            self.add_error("start_time", "The start time must be in the future")
        return data

    def _has_error_in(self, *names: str) -> bool:
        return any(name in self.errors for name in names)

    @staticmethod
    def _aware(day: dt.date, time: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time))

    def details(self, partnership: Partnership | None = None) -> MeetingDetails:
        data = self.cleaned_data
        chosen = data.get("partnership") or partnership or getattr(self, "fixed_partnership", None)
        if chosen is None:  # cannot happen: the view offers the form only with a partnership
            raise ValueError("A meeting needs a partnership")
        return MeetingDetails(
            partnership=chosen,
            starts_at=self._aware(data["day"], data["start_time"]),
            ends_at=self._aware(data["day"], data["end_time"]),
            location=data["location"].strip(),
            online_link=data["online_link"],
            chair_name=data["chair_name"].strip(),
            clerk_name=data["clerk_name"].strip(),
        )
