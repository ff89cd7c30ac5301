"""Inclusion Forum meetings, their agendas, who attended, the decision on each case and the
actions that follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel


class ForumMeeting(BaseModel):
    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, related_name="forum_meetings"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField("place", max_length=200, blank=True)
    online_link = models.URLField(max_length=300, blank=True)
    chair_name = models.CharField(max_length=120)
    clerk_name = models.CharField(max_length=120, blank=True)
    is_cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="forums_meeting_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="forums_meeting_ends_after"
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(online_link=""), name="forums_meeting_has_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id} forum {self.starts_at:%Y-%m-%d}"


class AgendaItem(BaseModel):
    """A referral scheduled for discussion at a meeting."""

    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="items")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField()
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "referral"], name="forums_case_once"),
        ]


class Attendance(BaseModel):
    """A school, agency or other organisation at a meeting, and who represented it."""

    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="attendance")
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation_name = models.CharField(max_length=160, blank=True)
    represented_by = models.CharField(max_length=160, blank=True)
    attended = models.BooleanField(default=True)

    class Meta:
        ordering = ["meeting", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(school__isnull=False, agency__isnull=True, organisation_name="")
                    | Q(school__isnull=True, agency__isnull=False, organisation_name="")
                    | (Q(school__isnull=True, agency__isnull=True) & ~Q(organisation_name=""))
                ),
                name="forums_attendance_one_organisation",
            )
        ]


class Outcome(models.TextChoices):
    ADVICE = "advice", "Advice and a support plan for the school"
    SIGNPOSTING = "signposting", "Signposting to external services"
    TIER_CHANGE = "tier_change", "Change of tier"
    PROGRAMME_MANAGEMENT = (
        "programme_management",
        "Tier 4 Programme Management approved, subject to the risk assessment",
    )
    AP_PLACEMENT = "ap_placement", "Alternative provision placement to commission"
    ATTENDANCE_OFFER = "attendance_offer", "Attendance Offer"
    MANAGED_MOVE = "managed_move", "Managed move to explore"
    FAIR_ACCESS = "fair_access", "Fair Access referral"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class Decision(BaseModel):
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    rationale = models.TextField()
    new_tier = models.PositiveSmallIntegerField(null=True, blank=True)
    services = models.ManyToManyField("guidance.SupportService", blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(new_tier__isnull=True) | Q(new_tier__gte=1, new_tier__lte=4),
                name="forums_decision_tier_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="tier_change") | Q(new_tier__isnull=False),
                name="forums_tier_change_has_tier",
            ),
        ]


class Action(BaseModel):
    """Something a decision asks of a person or an organisation, by a date."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["completed_on", "due_on"], name="forums_action_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_user__isnull=False)
                    | Q(owner_school__isnull=False)
                    | Q(owner_partnership__isnull=False)
                    | Q(owner_agency__isnull=False)
                ),
                name="forums_action_has_owner",
            ),
        ]
