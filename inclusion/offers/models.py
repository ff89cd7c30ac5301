"""The Attendance Offer's support plan (issue 6, part 8): one plan per referral whose purpose is
"Attendance Offer", with a baseline and a target attendance percentage, the interventions put
in place, and a check-in for each school week recording the sessions the pupil attended in the
school's own register.

Which referrals may have a plan, and which weeks may have a check-in, is decided in
``services.py``; the invariants the database can hold are constraints here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from inclusion.core.models import BaseModel

MAX_SESSIONS_A_WEEK = 10  # a morning and an afternoon on five days


class AttendanceSupportPlan(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        TARGET_MET = "target_met", "Target met"
        IMPROVED = "improved", "Attendance improved, but the target was not met"
        NO_IMPROVEMENT = "no_improvement", "No improvement"
        ESCALATED = "escalated", "Moved to other support or provision"
        LEFT_SCHOOL = "left_school", "The pupil left the school"
        OTHER = "other", "Other"

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="attendance_plan"
    )
    baseline_percent = models.DecimalField(max_digits=4, decimal_places=1)
    baseline_period = models.CharField("period the baseline was measured over", max_length=120)
    target_percent = models.DecimalField(max_digits=4, decimal_places=1)
    start_date = models.DateField()
    review_date = models.DateField()
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "-created_at"]
        indexes = [models.Index(fields=["status", "lead"], name="offers_plan_status_lead_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_percent__gte=0, baseline_percent__lte=100),
                name="offers_plan_baseline_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(target_percent__gt=F("baseline_percent"), target_percent__lte=100),
                name="offers_plan_target_above_baseline",
            ),
            models.CheckConstraint(
                condition=Q(review_date__gte=F("start_date")),
                name="offers_plan_review_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True, outcome="")
                | (Q(status="closed", closed_on__isnull=False) & ~Q(outcome="")),
                name="offers_plan_closed_has_date_and_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Attendance support plan for {self.referral_id}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class SupportIntervention(BaseModel):
    """One thing done to help the pupil attend: what, who does it, from when (and until when)."""

    class Kind(models.TextChoices):
        KEY_WORKER = "key_worker", "Key worker check-in"
        MEET_AND_GREET = "meet_and_greet", "Morning meet and greet"
        REDUCED_TIMETABLE = "reduced_timetable", "Reduced timetable"
        HOME_VISIT = "home_visit", "Home visit"
        MENTORING = "mentoring", "Mentoring"
        EARLY_HELP = "early_help", "Early help referral"
        OTHER = "other", "Other"

    plan = models.ForeignKey(
        AttendanceSupportPlan, on_delete=models.CASCADE, related_name="interventions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    who = models.CharField("who does it", max_length=120)
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "from_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
                name="offers_intervention_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(description=""),
                name="offers_intervention_other_is_described",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class WeeklyCheckIn(BaseModel):
    """A school week (named by its Monday): the sessions possible and attended in the school's
    own register, what helped and what got in the way."""

    plan = models.ForeignKey(
        AttendanceSupportPlan, on_delete=models.CASCADE, related_name="check_ins"
    )
    week_of = models.DateField("week beginning")
    sessions_possible = models.PositiveSmallIntegerField()
    sessions_attended = models.PositiveSmallIntegerField()
    helped = models.TextField("what helped", blank=True)
    barriers = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "week_of"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "week_of"], name="offers_one_check_in_a_week"),
            models.CheckConstraint(
                condition=Q(sessions_possible__lte=MAX_SESSIONS_A_WEEK)
                & Q(sessions_attended__lte=F("sessions_possible")),
                name="offers_check_in_attended_within_possible",
            ),
        ]

    def __str__(self) -> str:
        return f"Week beginning {self.week_of:%Y-%m-%d}"
