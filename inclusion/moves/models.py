"""Managed moves (a permanent, agreed transfer to another school) and off-site directions (the
school directs the pupil to attend another setting for a time, to improve behaviour), with the
direction's reviews and review requests. The rules are in ``clocks.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from inclusion.core.models import BaseModel
from inclusion.moves.clocks import TRIAL_MOVES_END


class ManagedMove(BaseModel):
    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        COMPLETED = "completed", "Completed"
        DID_NOT_GO_AHEAD = "not_go_ahead", "Did not go ahead"

    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.PROTECT, related_name="managed_moves"
    )
    from_school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="moves_out"
    )
    to_school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="moves_in"
    )
    agreed_on = models.DateField("date agreed")
    agreed_by = models.TextField("who agreed")
    starts_on = models.DateField("start date at the new school")
    # Only before 26 July 2026 (clocks.TRIAL_MOVES_END); kept readable for older records.
    trial = models.BooleanField("trial managed move", default=False)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.AGREED)
    outcome_on = models.DateField("date of the outcome", null=True, blank=True)
    # The off-site direction this move ended, when the pupil moved permanently from one.
    direction = models.ForeignKey(
        "moves.OffsiteDirection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_moves",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-agreed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_school=F("to_school")), name="moves_move_to_another_school"
            ),
            models.CheckConstraint(
                condition=Q(trial=False) | Q(agreed_on__lt=TRIAL_MOVES_END),
                name="moves_move_no_trial_from_26_july_2026",
            ),
            models.CheckConstraint(
                condition=Q(outcome="agreed", outcome_on__isnull=True)
                | (~Q(outcome="agreed") & Q(outcome_on__isnull=False)),
                name="moves_move_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Managed move agreed on {self.agreed_on}"


class OffsiteDirection(BaseModel):
    class Outcome(models.TextChoices):
        IN_FORCE = "in_force", "In force"
        RETURNED = "returned", "Returned to the school"
        MOVED = "moved", "Moved permanently"
        OTHER = "other", "Other"

    class NoticeMethod(models.TextChoices):
        BY_HAND = "by_hand", "By hand"
        EMAIL = "email", "By e-mail"
        POST = "post", "By post"

    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.PROTECT, related_name="offsite_directions"
    )
    # The directing school: the pupil's school when the direction was given.
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="directions_out"
    )
    setting_school = models.ForeignKey(
        "organisations.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directions_in",
    )
    setting_provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directions_in",
    )
    notice_given_on = models.DateField("date written notice was given")
    # A posted notice is deemed given on the 2nd working day after posting (clocks.py).
    notice_method = models.CharField(
        "how written notice was given",
        max_length=8,
        choices=NoticeMethod.choices,
        default=NoticeMethod.BY_HAND,
    )
    starts_on = models.DateField("first day")
    days = models.PositiveSmallIntegerField("number of school days")
    address = models.TextField("address of the setting")
    contact = models.CharField("contact at the setting", max_length=200)
    objectives = models.TextField()
    times = models.CharField("times the pupil attends", max_length=200)
    review_every_weeks = models.PositiveSmallIntegerField("review every (school weeks)")
    # Worked out when the direction is given or reviewed; empty once it has ended, or when the
    # calendar has no term dates for it.
    next_review_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.IN_FORCE)
    outcome_on = models.DateField("date of the outcome", null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        indexes = [models.Index(fields=["next_review_on"], name="moves_direction_review_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(setting_school__isnull=False, setting_provider__isnull=True)
                | Q(setting_school__isnull=True, setting_provider__isnull=False),
                name="moves_direction_one_setting",
            ),
            models.CheckConstraint(
                condition=~Q(setting_school=F("school")), name="moves_direction_another_setting"
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1, review_every_weeks__gte=1),
                name="moves_direction_days_and_interval",
            ),
            models.CheckConstraint(
                condition=Q(outcome="in_force", outcome_on__isnull=True)
                | (~Q(outcome="in_force") & Q(outcome_on__isnull=False)),
                name="moves_direction_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Off-site direction from {self.starts_on}"

    @property
    def in_force(self) -> bool:
        return self.outcome == self.Outcome.IN_FORCE

    @property
    def notice_posted(self) -> bool:
        return self.notice_method == self.NoticeMethod.POST

    @property
    def setting_name(self) -> str:
        setting = self.setting_school or self.setting_provider
        return setting.name if setting is not None else ""


class DirectionReview(BaseModel):
    direction = models.ForeignKey(
        OffsiteDirection, on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField("date of the review")
    notes = models.TextField("what the review found and decided")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Review on {self.held_on}"


class ReviewRequest(BaseModel):
    class By(models.TextChoices):
        PARENT = "parent", "A parent"
        LOCAL_AUTHORITY = "la", "The local authority (the pupil has an EHC plan)"

    direction = models.ForeignKey(
        OffsiteDirection, on_delete=models.CASCADE, related_name="review_requests"
    )
    requested_on = models.DateField("date of the request")
    requested_by = models.CharField(max_length=8, choices=By.choices)
    # Decided when recorded (clocks.review_request_decision): the review must be held, or the
    # board may decline because of the review held in the 10 weeks before.
    must_hold = models.BooleanField()
    recent_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-requested_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(must_hold=True, recent_review_on__isnull=True)
                | Q(must_hold=False, recent_review_on__isnull=False),
                name="moves_request_decision_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"Review requested on {self.requested_on}"
