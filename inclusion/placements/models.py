"""Placements of pupils at provider sites, with their weekly timetable.

This is the part of the placement record the directory's registration test reads (pupil, site,
dates, timetabled hours). The programme-management capability extends these models — category,
commissioner, cost, status history — rather than replacing them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from inclusion.core.models import BaseModel


class Placement(BaseModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="placements")
    site = models.ForeignKey(
        "providers.ProviderSite", on_delete=models.PROTECT, related_name="placements"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placements_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"Placement from {self.start_date:%d %B %Y}"

    @property
    def weekly_hours(self) -> Decimal:
        """Timetabled hours a week (uses prefetched ``sessions`` when present)."""
        return sum((session.hours for session in self.sessions.all()), Decimal(0))


class PlacementSession(BaseModel):
    """One timetabled session a week: a weekday with start and end times."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["placement", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="placements_session_ends_after_start"
            )
        ]

    @property
    def hours(self) -> Decimal:
        day = datetime.date(2000, 1, 3)
        delta = datetime.datetime.combine(day, self.ends_at) - datetime.datetime.combine(
            day, self.starts_at
        )
        return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.01"))
