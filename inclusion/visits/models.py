"""Visits by school staff to their pupils at alternative providers, with the partnership's
checklist. (The provider's quality-assurance visits by the LA or the partnership live in
``providers``.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel

# The checklist: the field name and the question a visitor answers yes or no.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("pupil_seen", "The pupil was seen and spoken to"),
    ("register_agrees", "The attendance register was seen and agrees with this service"),
    ("safeguarding_known", "The safeguarding arrangements and the provider's DSL are known"),
    ("work_seen", "The pupil's work and curriculum were seen"),
    ("targets_discussed", "The pupil's targets were discussed with the provider"),
    ("health_and_safety", "Health and safety was observed"),
)


class Visit(BaseModel):
    """One visit to a pupil at their placement."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("date of the visit")
    visitor_name = models.CharField("who visited", max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pupil_seen = models.BooleanField(CHECKLIST[0][1])
    register_agrees = models.BooleanField(CHECKLIST[1][1])
    safeguarding_known = models.BooleanField(CHECKLIST[2][1])
    work_seen = models.BooleanField(CHECKLIST[3][1])
    targets_discussed = models.BooleanField(CHECKLIST[4][1])
    health_and_safety = models.BooleanField(CHECKLIST[5][1])
    notes = models.TextField(blank=True)
    # A concern, when there is one: it notifies the co-ordinator and counts against the provider
    # in its quality-assurance picture.
    concerns = models.TextField(blank=True)
    follow_up = models.TextField("follow-up actions", blank=True)

    class Meta:
        ordering = ["-visited_on", "-created_at"]
        indexes = [models.Index(fields=["placement", "visited_on"], name="visits_by_placement_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(visited_on__gte="2000-01-01"), name="visits_plausible_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on}"

    @property
    def has_concern(self) -> bool:
        return bool(self.concerns.strip())
