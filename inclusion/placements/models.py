"""Placements of pupils at provider sites (Tier 4 Programme Management and school-commissioned
placements): the weekly timetable, commissioner, Ofsted category, cost, guards and append-only
status history; the Standard Risk Assessment; education plans, targets and reviews; provider
notes and incidents; and the average pupil cost the recharges use.

The directory's registration test reads the core of the placement record (pupil, site, dates,
timetabled hours).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from inclusion.core.models import BaseModel


class Placement(BaseModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class Category(models.TextChoices):
        """The categories Ofsted asks schools to tell apart."""

        PERMANENTLY_EXCLUDED = "a", "(a) Permanently excluded elsewhere and now on this roll"
        AT_RISK_FULL_TIME = (
            "b",
            "(b) At risk of permanent exclusion and on a full-time programme out of school",
        )
        SHORT_TERM = "c", "(c) Short-term or part-time placement"

    class Commissioner(models.TextChoices):
        PARTNERSHIP = "partnership", "The partnership"
        SCHOOL = "school", "The school"

    class PriceUnit(models.TextChoices):
        SESSION = "session", "per session"
        DAY = "day", "per day"
        WEEK = "week", "per week"

    class EndReason(models.TextChoices):
        COMPLETED = "completed", "Completed"
        BREAKDOWN = "breakdown", "Broke down"
        MOVED = "moved", "Moved to another placement or school"
        EXCLUDED = "excluded", "Excluded"
        OTHER = "other", "Other"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="placements")
    site = models.ForeignKey(
        "providers.ProviderSite", on_delete=models.PROTECT, related_name="placements"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    # Who commissions it: the partnership (usually after a forum decision) or the school itself.
    school = models.ForeignKey(
        "organisations.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    commissioner = models.CharField(
        max_length=12, choices=Commissioner.choices, default=Commissioner.PARTNERSHIP
    )
    # The pupil is also on the provider's roll (a pupil referral unit, AP academy or registered
    # independent school): the school enters D for the sessions there.
    dual_registered = models.BooleanField("Dual registered at the provider", default=False)
    # What happens if the pupil is suspended while at the provider, as agreed with it.
    suspension_procedure = models.TextField("agreed suspension procedure", blank=True)
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    decision = models.ForeignKey(
        "forums.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    programme_management = models.BooleanField("Tier 4 Programme Management", default=False)
    category = models.CharField(max_length=1, choices=Category.choices, blank=True)
    purpose = models.TextField(blank=True)
    objectives = models.TextField(blank=True)
    target_end_date = models.DateField(null=True, blank=True)
    commissioning_agreement = models.TextField(
        blank=True, help_text="The school's own agreement, for a school-commissioned placement"
    )
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    price_unit = models.CharField(max_length=8, choices=PriceUnit.choices, blank=True)
    transport = models.TextField(blank=True)
    # The information pack shared with the provider: the names of the fields chosen.
    pack_fields = models.JSONField(default=list, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    # A total below full time needs agreeing, with a date to review it.
    part_time_review_on = models.DateField(null=True, blank=True)
    part_time_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Guards before agreement and activation, with who overrode them and why.
    registration_override_reason = models.TextField(blank=True)
    registration_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    compliance_override_reason = models.TextField(blank=True)
    compliance_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    virtual_school_step = models.CharField(
        max_length=10,
        blank=True,
        choices=[
            ("approved", "Approved by the Virtual School"),
            ("notified", "Virtual School notified"),
        ],
    )
    virtual_school_note = models.TextField(blank=True)
    virtual_school_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    virtual_school_recorded_at = models.DateTimeField(null=True, blank=True)
    risk_assessment = models.ForeignKey(
        "RiskAssessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["status", "start_date"], name="placements_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placements_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(end_date__isnull=False),
                name="placements_ended_has_end_date",
            ),
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


class PlacementStatus(models.Model):
    """One change of a placement's status: append-only (ADR 5)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=Placement.Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["placement", "at", "id"]
        verbose_name_plural = "placement statuses"

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.status}"


class Hazard(models.TextChoices):
    """The hazards of the Standard Risk Assessment."""

    TO_SELF = "to_self", "Risk to self"
    TO_OTHERS = "to_others", "Risk to others"
    FROM_OTHERS = "from_others", "Risk from others, including exploitation"
    ABSCONDING = "absconding", "Absconding"
    MEDICAL = "medical", "Medical"
    TRAVEL = "travel", "Travel"
    SUBSTANCE = "substance", "Substance misuse"
    ONLINE = "online", "Online"
    SITE = "site", "Site-specific"


class RiskAssessment(BaseModel):
    """A version of a pupil's Standard Risk Assessment: completed by the school, signed off by
    the co-ordinator; reviewing it makes a new version (``previous``) and keeps the old."""

    class Rating(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.PROTECT, related_name="risk_assessments"
    )
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    overall_rating = models.CharField(max_length=6, choices=Rating.choices, blank=True)
    summary = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pupil", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "version"], name="placements_risk_version"),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(completed_at__isnull=False),
                name="placements_risk_signed_after_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk assessment v{self.version}"


class RiskHazard(BaseModel):
    """One hazard of an assessment: likelihood times severity (each 1 to 5) gives the rating."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="hazards")
    hazard = models.CharField(max_length=12, choices=Hazard.choices)
    likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    severity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    controls = models.TextField(blank=True)
    owner = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["assessment", "hazard"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "hazard"], name="placements_hazard_once"),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, severity__gte=1, severity__lte=5),
                name="placements_hazard_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.get_hazard_display()

    @property
    def score(self) -> int:
        return self.likelihood * self.severity


class EducationPlan(BaseModel):
    """The plan for a placement: a baseline, SMART targets and reviews."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="plan")
    baseline_attainment = models.TextField(blank=True)
    baseline_attendance = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    baseline_behaviour = models.TextField(blank=True)
    baseline_wellbeing = models.TextField(blank=True)
    review_every_weeks = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(39)]
    )
    next_review_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["next_review_on"], name="placements_next_review_idx")]

    def __str__(self) -> str:
        return f"Plan for {self.placement_id}"


class Target(BaseModel):
    plan = models.ForeignKey(EducationPlan, on_delete=models.CASCADE, related_name="targets")
    description = models.TextField()
    measure = models.TextField("how progress will be measured")
    due_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "created_at"]

    def __str__(self) -> str:
        return self.description[:60]


class Review(BaseModel):
    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue"
        CHANGE = "change", "Change the placement or plan"
        END = "end", "End the placement"
        RETURN = "return", "Return to school"

    plan = models.ForeignKey(EducationPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    attendees = models.TextField()
    pupil_voice = models.TextField(blank=True)
    parent_voice = models.TextField(blank=True)
    provider_report = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    notes = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Review {self.held_on}"


class TargetProgress(BaseModel):
    """Progress towards one target at one review, on a scale of 1 (none) to 5 (achieved)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="progress")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="progress")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "target"], name="placements_progress_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="placements_progress_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}/5"


class ProviderNote(BaseModel):
    """A progress note or an incident recorded by the provider's staff."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "Progress note"
        INCIDENT = "incident", "Incident"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    occurred_on = models.DateField()
    text = models.TextField()
    action_taken = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["placement", "-occurred_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class AveragePupilCost(BaseModel):
    """The yearly average pupil cost a partnership recharges schools for Tier 4 pupils."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.CASCADE, related_name="pupil_costs"
    )
    academic_year = models.PositiveSmallIntegerField(
        help_text="The starting year: 2026 for 2026/27"
    )
    amount = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "academic_year"], name="placements_cost_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"£{self.amount} in {self.academic_year}"
