"""Local authorities, partnerships, schools and external agencies."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from inclusion.core.models import BaseModel

urn_validator = RegexValidator(r"^\d{6}$", "Enter a URN of 6 digits, like 120345")
laestab_validator = RegexValidator(
    r"^\d{7}$", "Enter a LAESTAB of 7 digits: the LA code then the establishment number"
)


class LocalAuthority(BaseModel):
    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        UNITARY = "unitary", "Unitary authority"
        DISTRICT = "district", "District council"

    name = models.CharField(max_length=120)
    dfe_code = models.CharField(
        "DfE LA code", max_length=3, unique=True, null=True, blank=True
    )  # districts have none
    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="districts"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Partnership(BaseModel):
    name = models.CharField(max_length=120, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="partnerships"
    )
    area = models.CharField(max_length=200, blank=True)
    # Shown on the public advice pages: the partnership's office, not a person's own details.
    public_contact_name = models.CharField(max_length=120, blank=True)
    public_email = models.EmailField(blank=True)
    public_phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(BaseModel):
    class Phase(models.TextChoices):
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        PRU = "pru", "Pupil referral unit"

    name = models.CharField(max_length=160)
    urn = models.CharField("URN", max_length=6, unique=True, validators=[urn_validator])
    laestab = models.CharField("LAESTAB", max_length=7, unique=True, validators=[laestab_validator])
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.SECONDARY)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="schools"
    )
    district = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_schools",
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="schools"
    )
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    is_open = models.BooleanField(default=True)
    # The member of staff who can say where every pupil at alternative provision is, at any time
    # (Ofsted's first question); chosen by the school's staff.
    ap_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="named lead for pupils in alternative provision",
    )
    # For the Fair Access panel's fairness table: the school's published capacity (all year
    # groups), and whether Ofsted has placed it in special measures.
    capacity = models.PositiveIntegerField(
        "capacity (pupils, all year groups)", null=True, blank=True
    )
    in_special_measures = models.BooleanField("in special measures", default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(BaseModel):
    class Kind(models.TextChoices):
        EARLY_HELP = "early_help", "Early Help"
        SOCIAL_CARE = "social_care", "Children's social care"
        CAMHS = "camhs", "CAMHS"
        EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychology service"
        YOUTH_JUSTICE = "youth_justice", "Youth justice service"
        SCHOOL_NURSE = "school_nurse", "School nursing"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="agencies"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name
