"""Subject access and retention: the retention rules per record type, legal holds on a pupil's
records, the runs of the retention job (counts only, never names) and which pupils it has
anonymised."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel


class RecordType(models.TextChoices):
    """What a retention rule governs. The first three govern a pupil's whole file (the longest
    of those that apply to a pupil wins); attendance governs each attendance mark."""

    PUPIL_FILE = "pupil_file", "Pupil file"
    SEN = "sen", "SEN and EHCP records"
    CHILD_PROTECTION = "child_protection", "Child protection records"
    ATTENDANCE = "attendance", "Attendance registers"


PUPIL_RECORD_TYPES = (RecordType.PUPIL_FILE, RecordType.SEN, RecordType.CHILD_PROTECTION)


class Basis(models.TextChoices):
    DATE_OF_BIRTH = "date_of_birth", "Date of birth plus the years"
    CREATED = "created", "The years after the record was made"
    ENDED = "ended", "The years after it ended"


class Action(models.TextChoices):
    ANONYMISE = "anonymise", "Anonymise"
    DELETE = "delete", "Delete"
    REVIEW = "review", "List for review"


class RetentionRule(BaseModel):
    record_type = models.CharField(max_length=20, choices=RecordType.choices, unique=True)
    basis = models.CharField(max_length=16, choices=Basis.choices)
    years = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the period comes from (for example IRMS)"
    )

    class Meta:
        ordering = ["record_type"]
        constraints = [
            models.CheckConstraint(
                condition=Q(years__gte=1, years__lte=100), name="privacy_rule_years_1_to_100"
            ),
            # A pupil's file is anonymised (its counts stay for statistics), never deleted;
            # an attendance mark has nothing left to anonymise once the pupil is.
            models.CheckConstraint(
                condition=(Q(record_type="attendance") & ~Q(action="anonymise"))
                | (~Q(record_type="attendance") & ~Q(action="delete")),
                name="privacy_rule_action_fits_type",
                violation_error_message=(
                    "Attendance marks can be deleted or reviewed; a pupil's file can be "
                    "anonymised or reviewed"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years} years"


class LegalHold(BaseModel):
    """While a hold is in place (not lifted) the retention job touches nothing of the pupil."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"],
                condition=Q(lifted_at__isnull=True),
                name="privacy_one_open_hold_a_pupil",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_by__isnull=False),
                name="privacy_hold_lifted_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold from {self.placed_at:%d %B %Y}"


class RetentionRun(BaseModel):
    """One run of the retention job for one local authority: the report holds counts per
    record type, never a name."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    applied = models.BooleanField(help_text="False: a dry run that changed nothing")
    as_of = models.DateField("the day the rules were applied for")
    report = models.JSONField(default=dict)
    started_by = models.CharField(max_length=60, default="manage.py retention")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["local_authority", "-created_at"], name="privacy_runs_idx")]

    def __str__(self) -> str:
        return f"{'Retention run' if self.applied else 'Dry run'} for {self.as_of}"


class AnonymisedPupil(models.Model):
    """That the retention job anonymised this pupil's file (so it is not done again)."""

    pupil = models.OneToOneField(
        "pupils.Pupil", on_delete=models.PROTECT, related_name="anonymised"
    )
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="anonymised")
    record_type = models.CharField(max_length=20, choices=RecordType.choices)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Anonymised {self.at:%d %B %Y}"
