"""Fair Access Protocol cases, the in-year attempts before them, the partnership's Fair Access
panel meetings, and the partnership's draft e-mail templates.

A case holds the child's minimal details itself (legal name, date of birth, year group, home
postcode): a Fair Access child is often on no school roll in the service, so a case never needs a
``Pupil`` record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from inclusion.core.models import BaseModel
from inclusion.fairaccess.categories import Category


class Status(models.TextChoices):
    OPEN = "open", "Intake"
    AT_PANEL = "at_panel", "On a panel agenda"
    ALLOCATED = "allocated", "School allocated"
    OFFERED = "offered", "Place offered"
    STARTED = "started", "Started at school"
    CLOSED = "closed", "Closed"


# The lifecycle: from each status, the statuses a case may move to. A case not yet started may be
# closed without a place (the family moved away, ...); a closed case is final and read-only.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset({Status.AT_PANEL, Status.CLOSED}),
    Status.AT_PANEL: frozenset({Status.AT_PANEL, Status.ALLOCATED, Status.CLOSED}),
    Status.ALLOCATED: frozenset({Status.OFFERED, Status.STARTED, Status.CLOSED}),
    Status.OFFERED: frozenset({Status.OFFERED, Status.STARTED, Status.CLOSED}),
    Status.STARTED: frozenset(),
    Status.CLOSED: frozenset(),
}
# A school has been allocated in these statuses: the case counts in the fairness table.
ALLOCATED_STATUSES = (Status.ALLOCATED, Status.OFFERED, Status.STARTED)


class ClosureReason(models.TextChoices):
    """Why a case was closed without a place through the protocol (a maintained list)."""

    MOVED_AWAY = "moved_away", "The family moved away from the area"
    IN_YEAR_PLACE = "in_year_place", "A place was found through the ordinary in-year route"
    HOME_EDUCATED = "home_educated", "The child is now home educated"
    NO_LONGER_ELIGIBLE = "not_eligible", "The child is no longer in a Fair Access category"
    OTHER = "other", "Another reason"


class PanelMeeting(BaseModel):
    """A meeting of a partnership's Fair Access panel; its agenda is the cases listed for it."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, related_name="fair_access_panels"
    )
    meets_on = models.DateField("date of the panel meeting")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meets_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "meets_on"], name="fairaccess_one_panel_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Fair Access panel {self.meets_on:%Y-%m-%d}"


class FairAccessCase(BaseModel):
    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, related_name="fair_access_cases"
    )
    # A case reference with no personal data, for notifications and e-mail subjects.
    reference = models.CharField(max_length=12, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    nc_year = models.PositiveSmallIntegerField("year group")
    home_postcode = models.CharField(max_length=8)
    # From the ONS postcode directory at intake; null when the postcode is not in it.
    home_easting = models.IntegerField(null=True, blank=True)
    home_northing = models.IntegerField(null=True, blank=True)
    looked_after = models.BooleanField(default=False)
    care_la = models.ForeignKey(
        "organisations.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="looking-after local authority",
    )
    category = models.CharField(max_length=32, choices=Category.choices)
    category_evidence = models.TextField("evidence for the category")
    # The 20-school-day clock runs from this day.
    protocol_decided_on = models.DateField("date of the decision to use the protocol")
    panel = models.ForeignKey(
        PanelMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    allocated_school = models.ForeignKey(
        "organisations.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fair_access_cases",
    )
    allocated_on = models.DateField("date of the decision to allocate", null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    offered_on = models.DateField("offer date", null=True, blank=True)
    starts_on = models.DateField("start date", null=True, blank=True)
    # Closing a case without a place through the protocol (status CLOSED).
    closed_on = models.DateField("date the case was closed", null=True, blank=True)
    closure_reason = models.CharField(
        "reason for closing", max_length=16, choices=ClosureReason.choices, blank=True
    )
    closure_other = models.CharField("the other reason", max_length=200, blank=True)
    closure_notes = models.TextField("note on the closure", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["protocol_decided_on", "created_at"]
        indexes = [
            models.Index(fields=["partnership", "status"], name="fairaccess_case_status_idx"),
            models.Index(
                fields=["allocated_school", "allocated_on"], name="fairaccess_case_school_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(looked_after=False, care_la__isnull=True)
                | Q(looked_after=True, care_la__isnull=False),
                name="fairaccess_care_la_iff_looked_after",
            ),
            models.CheckConstraint(
                condition=Q(nc_year__gte=0, nc_year__lte=14), name="fairaccess_year_group_range"
            ),
            models.CheckConstraint(
                condition=Q(allocated_school__isnull=True, allocated_on__isnull=True)
                | Q(allocated_school__isnull=False, allocated_on__isnull=False),
                name="fairaccess_allocation_has_date",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(offered_on__isnull=False),
                name="fairaccess_start_after_offer",
            ),
            models.CheckConstraint(
                condition=Q(offered_on__isnull=True) | Q(allocated_school__isnull=False),
                name="fairaccess_offer_needs_school",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__gte=F("offered_on")),
                name="fairaccess_starts_on_or_after_offer",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) & ~Q(closure_reason="")
                | (~Q(status="closed") & Q(closed_on__isnull=True, closure_reason="")),
                name="fairaccess_closed_iff_closure",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def child_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"


class CaseStatusChange(models.Model):
    """Append-only: each status a case has been in, who moved it and when."""

    case = models.ForeignKey(FairAccessCase, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.status} at {self.at:%Y-%m-%d %H:%M}"


class InYearAttempt(BaseModel):
    """An ordinary in-year application made before the case: the protocol applies only once
    that route has failed."""

    class Outcome(models.TextChoices):
        REFUSED_FULL = "refused_full", "Refused: the year group is full"
        REFUSED_OTHER = "refused_other", "Refused for another reason"
        NO_ANSWER = "no_answer", "No outcome within 15 school days"
        WITHDRAWN = "withdrawn", "Withdrawn"
        OFFER_DECLINED = "offer_declined", "Offered but not taken up"

    case = models.ForeignKey(FairAccessCase, on_delete=models.CASCADE, related_name="attempts")
    school_name = models.CharField("school applied to", max_length=160)
    applied_on = models.DateField("date of the application")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "applied_on", "created_at"]

    def __str__(self) -> str:
        return f"In-year application {self.applied_on:%Y-%m-%d}"


class Step(models.TextChoices):
    """The steps of a case, in order; each has a draft e-mail template."""

    INTAKE = "intake", "Intake"
    EVIDENCE = "evidence", "Evidence for the category"
    ATTEMPTS = "attempts", "In-year applications already made"
    PANEL = "panel", "Panel meeting"
    DECISION = "decision", "Decision and allocated school"
    OFFER = "offer", "Offer of a place"
    START = "start", "Start at school"


class EmailTemplate(BaseModel):
    """A partnership's own wording of a step's draft e-mail (defaults are in ``emails.py``)."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(max_length=10, choices=Step.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "step"], name="fairaccess_one_template_a_step"
            ),
        ]

    def __str__(self) -> str:
        return f"Fair Access e-mail: {self.step}"
