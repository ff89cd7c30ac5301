"""Daily attendance at alternative provision: the DfE attendance codes (dated reference data),
the marks providers record for each expected session, and the alerts absence and missing marks
raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel


class Session(models.TextChoices):
    AM = "am", "Morning"
    PM = "pm", "Afternoon"


class AttendanceCode(models.Model):
    """A DfE attendance code (``../shared/reference/attendance-codes-2024.csv``), in force from
    a date; a code list that changes gets new rows with a later ``effective_from``."""

    class Category(models.TextChoices):
        PRESENT = "present", "Present"
        ATTENDING_ELSEWHERE = "attending_elsewhere", "Attending an approved activity"
        AUTHORISED = "authorised_absence", "Authorised absence"
        UNAUTHORISED = "unauthorised_absence", "Unauthorised absence"
        NOT_POSSIBLE = "not_possible", "Not a possible session"
        ADMINISTRATIVE = "administrative", "Administrative"

    code = models.CharField(max_length=3)
    meaning = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    counts_as_possible = models.BooleanField()
    counts_as_attendance = models.BooleanField()
    usable_at_provider = models.BooleanField(
        default=False, help_text="Offered to providers when they mark a register"
    )
    effective_from = models.DateField()

    class Meta:
        ordering = ["effective_from", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="attendance_code_once_a_version"
            ),
            models.CheckConstraint(
                condition=Q(counts_as_possible=True) | Q(counts_as_attendance=False),
                name="attendance_attending_is_possible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.meaning}"


class AttendanceMark(BaseModel):
    """The provider's mark for one expected session of a placement."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="marks"
    )
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    code = models.CharField(max_length=3)
    minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_reason = models.CharField(
        max_length=200, blank=True, help_text="Why a mark for a past day was changed"
    )

    class Meta:
        ordering = ["placement", "date", "session"]
        indexes = [models.Index(fields=["date", "session"], name="attendance_day_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "date", "session"], name="attendance_one_mark_a_session"
            ),
            models.CheckConstraint(
                condition=Q(minutes_late__isnull=True) | Q(code="L") | Q(code="U"),
                name="attendance_minutes_late_only_when_late",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.session}: {self.code}"


class AttendanceAlert(BaseModel):
    """Something about a placement's attendance that someone must act on."""

    class Kind(models.TextChoices):
        ABSENCE = "absence", "Absent"
        NOT_MARKED = "not_marked", "Not marked by the cut-off"
        NOT_MARKED_SCHOOL = "not_marked_school", "Still not marked after the chaser"
        CONSECUTIVE = "consecutive", "Absent for consecutive sessions"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="attendance_alerts"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "session", "created_at"]
        indexes = [
            models.Index(fields=["acknowledged_at", "date"], name="attendance_open_alerts_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "kind", "date", "session"], name="attendance_alert_once"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | ~Q(action_taken=""),
                name="attendance_acknowledged_with_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.session}"
