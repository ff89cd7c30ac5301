"""Pupils at risk, on the roll of a school, and what the service knows about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class ConsentToShare(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_ASKED = "not_asked", "Not yet asked"


class Pupil(BaseModel):
    upn = models.CharField("UPN", max_length=13)
    upn_is_temporary = models.BooleanField(default=False)
    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    preferred_first_name = models.CharField(max_length=100, blank=True)
    preferred_last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    nc_year = models.PositiveSmallIntegerField("National Curriculum year")
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="pupils"
    )
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8)
    sen_provision = models.CharField("SEN provision", max_length=1, default="N")
    looked_after = models.BooleanField(default=False)
    care_la = models.ForeignKey(
        "organisations.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="looked_after_pupils",
        verbose_name="looking-after local authority",
    )
    consent_to_share = models.CharField(
        max_length=10, choices=ConsentToShare.choices, default=ConsentToShare.NOT_ASKED
    )
    # Lower-cased "first last preferred-first preferred-last" for a fast name search.
    search_name = models.CharField(max_length=420, db_index=True, editable=False)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["upn"],
                condition=Q(upn_is_temporary=False),
                name="pupils_pupil_permanent_upn_unique",
            ),
            models.CheckConstraint(
                condition=Q(looked_after=False, care_la__isnull=True)
                | Q(looked_after=True, care_la__isnull=False),
                name="pupils_pupil_care_la_iff_looked_after",
            ),
            models.CheckConstraint(
                condition=Q(sen_provision__in=["E", "K", "N"]),
                name="pupils_pupil_sen_provision_valid",
            ),
            models.CheckConstraint(
                condition=Q(nc_year__gte=1, nc_year__lte=14), name="pupils_pupil_nc_year_range"
            ),
        ]
        indexes = [
            models.Index(
                fields=["school", "legal_last_name", "legal_first_name"],
                name="pupils_school_name_idx",
            ),
            models.Index(fields=["upn"], name="pupils_upn_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_first_name or self.legal_first_name
        last = self.preferred_last_name or self.legal_last_name
        return f"{first} {last}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    @property
    def has_ehc_plan(self) -> bool:
        return self.sen_provision == "E"


class PupilNeed(BaseModel):
    """A ranked SEN need type (rank 1 is the primary need)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="needs")
    need_type = models.CharField(max_length=4)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "rank"], name="pupils_need_rank_unique"),
            models.UniqueConstraint(fields=["pupil", "need_type"], name="pupils_need_type_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.need_type}"


class Contact(BaseModel):
    """A parent or carer."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=60)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    parental_responsibility = models.BooleanField(default=True)
    priority = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class TierDefinition(BaseModel):
    """What a tier of the graduated response is called in one partnership."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.CASCADE, related_name="tiers"
    )
    tier = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["partnership", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "tier"], name="pupils_tier_once"),
            models.CheckConstraint(
                condition=models.Q(tier__gte=1, tier__lte=4), name="pupils_tier_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Tier {self.tier}: {self.name}"


class TierChange(models.Model):
    """A pupil's tier from a date, and the forum decision (if any) that set it. Append-only:
    the current tier is the latest row."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="tier_changes")
    tier = models.PositiveSmallIntegerField()
    effective_on = models.DateField()
    decision = models.ForeignKey(
        "forums.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pupil", "effective_on", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tier__gte=1, tier__lte=4), name="pupils_tier_change_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Tier {self.tier} from {self.effective_on}"
