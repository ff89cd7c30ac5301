"""In-app notifications. Each is for one person acting in one role; the text carries a case
reference and a link, never a pupil's name or other personal data (it is also e-mailed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from inclusion.core.models import BaseModel


class Notification(BaseModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=200)
    url = models.CharField(max_length=200)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["membership", "read_at"], name="notifications_unread_idx")]

    def __str__(self) -> str:
        return self.message
