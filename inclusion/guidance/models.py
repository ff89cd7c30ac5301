"""Public advice: guidance pages that co-ordinators edit (Markdown, sanitised when shown, every
version kept) and the maintained list of external support services forums signpost to."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from inclusion.core.models import BaseModel


class GuidancePage(BaseModel):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=200, blank=True)
    body = models.TextField(help_text="Markdown")
    position = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class GuidancePageVersion(models.Model):
    """A page as it was saved: append-only change history."""

    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["page", "-edited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.edited_at:%Y-%m-%d %H:%M})"


class SupportService(BaseModel):
    class Category(models.TextChoices):
        MENTAL_HEALTH = "mental_health", "Emotional wellbeing and mental health"
        FAMILY = "family", "Family support and Early Help"
        SEND = "send", "Special educational needs and disabilities"
        YOUTH = "youth", "Youth services and positive activities"
        SUBSTANCE = "substance", "Drugs and alcohol"
        EXPLOITATION = "exploitation", "Exploitation and safety"
        ATTENDANCE = "attendance", "Attendance"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160)
    category = models.CharField(max_length=16, choices=Category.choices)
    description = models.TextField()
    url = models.URLField(max_length=300, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name
