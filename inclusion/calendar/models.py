"""Term dates and closures per local authority: the data behind every count of school days.

A school day is a Monday to Friday inside a term that is not an English bank holiday and not in a
closure (half term, INSET day or another closure inside the term). The arithmetic lives in
:mod:`inclusion.calendar.days`; writes go through :mod:`inclusion.calendar.services`, which also
refuses overlapping terms and closures outside a term.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from inclusion.core.models import BaseModel


class Term(BaseModel):
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="terms"
    )
    academic_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the school year starts in: 2026 for 2026 to 2027."
    )
    name = models.CharField(max_length=60, help_text="For example, Autumn term.")
    starts_on = models.DateField("first day of term")
    ends_on = models.DateField("last day of term")

    class Meta:
        ordering = ["local_authority", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="calendar_term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(academic_year__gte=2000, academic_year__lte=2100),
                name="calendar_term_plausible_year",
            ),
            models.UniqueConstraint(
                fields=["local_authority", "starts_on"], name="calendar_term_one_start_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on:%Y}"


class Closure(BaseModel):
    """Days inside a term when schools are closed to pupils."""

    class Kind(models.TextChoices):
        HALF_TERM = "half_term", "Half term"
        INSET = "inset", "INSET day (staff training)"
        OTHER = "other", "Other closure"

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="closures"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=60, help_text="For example, October half term.")
    starts_on = models.DateField("first day of the closure")
    ends_on = models.DateField("last day of the closure")

    class Meta:
        ordering = ["local_authority", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="calendar_closure_ends_on_or_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on:%Y}"
