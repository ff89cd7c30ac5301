"""Alternative providers (a simple record; the directory enriches it)."""

from __future__ import annotations

from django.db import models

from inclusion.core.models import BaseModel


class Provider(BaseModel):
    class Registration(models.TextChoices):
        INDEPENDENT_SCHOOL = "independent_school", "Registered independent school"
        FURTHER_EDUCATION = "further_education", "Further education or college"
        PRU_OR_AP_ACADEMY = "pru_ap_academy", "Pupil referral unit or AP academy"
        UNREGISTERED = "unregistered", "Unregistered provider"
        ONLINE = "online", "Online provider"

    name = models.CharField(max_length=160)
    registration = models.CharField(max_length=20, choices=Registration.choices)
    urn = models.CharField("URN", max_length=6, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="providers"
    )
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
