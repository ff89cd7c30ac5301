"""When each periodic job was last queued, so that two schedulers (or one started twice) queue
a job once per interval: the claim is one conditional UPDATE."""

from __future__ import annotations

from django.db import models


class PeriodicRun(models.Model):
    name = models.CharField(max_length=100, primary_key=True)
    last_queued_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (last queued {self.last_queued_at:%Y-%m-%d %H:%M})"
