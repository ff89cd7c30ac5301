"""Exclusion-risk consultations with the Partnership Chair, suspensions and permanent exclusions
(issue 8, parts 1 and 2). The rules and their sources: ``clocks.py`` and
``../shared/reference/statutory-rules.md``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel


class ExclusionRouting(BaseModel):
    """Consultations for schools in this district go to another team (not the partnership).

    Managed in the Django admin by service administrators. Seeded: North West Leicestershire →
    the County Inclusion Team.
    """

    district = models.OneToOneField(
        "organisations.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="exclusion_routing",
        limit_choices_to={"kind": "district"},
    )
    team_name = models.CharField("team the consultations go to", max_length=120)
    agency = models.ForeignKey(
        "organisations.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Optional: the agency the team belongs to.",
    )

    class Meta:
        ordering = ["district__name"]
        verbose_name = "exclusion routing for a district"
        verbose_name_plural = "exclusion routing for districts"

    def __str__(self) -> str:
        return f"{self.district} → {self.team_name}"


class ExclusionReason(BaseModel):
    """One reason code of the dated DfE list (``exclusion-reasons.csv``, loaded by a migration).

    A code whose note says "check" is not selectable until a service administrator confirms it
    against the current CBDS in the Django admin.
    """

    code = models.CharField(max_length=2, unique=True)
    meaning = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    confirmed = models.BooleanField(
        default=True, help_text="Confirmed against the current CBDS: selectable for new records."
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.meaning}"


class Alternative(models.TextChoices):
    TIER_4 = "tier_4", "Tier 4 programme"
    MANAGED_MOVE = "managed_move", "Managed move"
    OFF_SITE = "off_site", "Off-site direction"
    FAIR_ACCESS = "fair_access", "Fair Access"
    OTHER = "other", "Other"


class ConsultationOutcome(models.TextChoices):
    ALTERNATIVE = "alternative", "An alternative to exclusion was agreed"
    MORE_SUPPORT = "more_support", "More support in school; exclusion not pursued"
    PROCEEDING = "proceeding", "The school intends to proceed with a permanent exclusion"
    UNDECIDED = "undecided", "No decision yet"


class Consultation(BaseModel):
    """A school is considering a permanent exclusion: the Chair (or the routed team) is told at
    once, and the consultation that follows is recorded here."""

    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.PROTECT, related_name="exclusion_consultations"
    )
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    considered_on = models.DateField("date the school raised it")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    routed_to = models.CharField(
        "routed to", max_length=120, blank=True, help_text="Empty: the partnership."
    )
    held_on = models.DateField("date the consultation was held", null=True, blank=True)
    held_with = models.CharField("with whom", max_length=200, blank=True)
    advice = models.TextField("advice given", blank=True)
    alternatives = models.JSONField("alternatives offered", default=list, blank=True)
    alternatives_other = models.CharField("other alternative", max_length=200, blank=True)
    outcome = models.CharField(max_length=16, choices=ConsultationOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-considered_on", "-created_at"]
        indexes = [models.Index(fields=["pupil", "held_on"], name="exclusions_consult_idx")]

    def __str__(self) -> str:
        return f"Exclusion-risk consultation raised on {self.considered_on}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def alternative_labels(self) -> list[str]:
        labels = dict(Alternative.choices)
        found = [labels.get(code, code) for code in self.alternatives if code != Alternative.OTHER]
        if Alternative.OTHER in self.alternatives:
            found.append(
                f"Other: {self.alternatives_other}" if self.alternatives_other else "Other"
            )
        return found


class ExclusionKind(models.TextChoices):
    SUSPENSION = "suspension", "Suspension"
    PERMANENT = "permanent", "Permanent exclusion"
    LUNCHTIME = "lunchtime", "Lunchtime suspension"


# The notifications checklist: field, who, and when it applies (see presenters.checklist).
NOTICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("parent_notified_at", "Parent"),
    ("la_notified_at", "Local authority"),
    ("board_notified_at", "Governing board"),
    ("social_worker_notified_at", "Social worker"),
    ("virtual_school_notified_at", "Virtual School Head"),
    ("home_la_notified_at", "Home local authority"),
)


class Exclusion(BaseModel):
    """A suspension (fixed period), a lunchtime suspension or a permanent exclusion.

    ``sessions`` is the length in half days: a lunchtime suspension is 1 (half a day). A
    permanent exclusion has no length (0). ``school`` is where it happened, which stays when the
    pupil moves: the 45-day cap sums across schools by pupil.
    """

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="exclusions")
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ExclusionKind.choices)
    start_date = models.DateField()
    sessions = models.PositiveSmallIntegerField("length in half days", default=0)
    reasons = models.ManyToManyField(ExclusionReason, related_name="+")
    missed_public_exam = models.BooleanField(default=False)
    parent_representations = models.BooleanField(
        "the parent has made representations", default=False
    )
    decision_given_on = models.DateField(
        "written decision given or posted on", null=True, blank=True
    )
    decision_posted = models.BooleanField("the written decision was posted", default=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="exclusions"
    )
    override_reason = models.TextField("reason for recording without a consultation", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The notifications checklist.
    parent_notified_at = models.DateTimeField(null=True, blank=True)
    la_notified_at = models.DateTimeField(null=True, blank=True)
    board_notified_at = models.DateTimeField(null=True, blank=True)
    social_worker_notified_at = models.DateTimeField(null=True, blank=True)
    # The pupil has no social worker: the social worker's row of the checklist is done.
    social_worker_not_applicable = models.BooleanField(
        "not applicable: the pupil has no social worker", default=False
    )
    virtual_school_notified_at = models.DateTimeField(null=True, blank=True)
    home_la_notified_at = models.DateTimeField(null=True, blank=True)
    # Sixth-day provision, and what has happened since.
    provision_where = models.CharField(max_length=200, blank=True)
    provision_starts_on = models.DateField(null=True, blank=True)
    board_met_on = models.DateField("governing board met on", null=True, blank=True)
    review_applied_on = models.DateField("independent review applied for on", null=True, blank=True)
    panel_decided_on = models.DateField("review panel decided on", null=True, blank=True)
    reconsidered_on = models.DateField("board reconsidered on", null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-created_at"]
        indexes = [models.Index(fields=["pupil", "start_date"], name="exclusions_pupil_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="permanent", sessions=0)
                | Q(kind="lunchtime", sessions=1)
                | Q(kind="suspension", sessions__gte=1),
                name="exclusions_sessions_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date}"

    @property
    def is_permanent(self) -> bool:
        return self.kind == ExclusionKind.PERMANENT

    @property
    def days(self) -> str:
        """The length in school days, to the half day ("2.5")."""
        whole, half = divmod(self.sessions, 2)
        return f"{whole}.5" if half else str(whole)
