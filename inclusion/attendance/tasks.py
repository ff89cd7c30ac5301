"""Background tasks of attendance, run by ``manage.py worker`` (see ``inclusion.jobs``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from inclusion.attendance.services.chasers import chase_registers as chase


@task()
def chase_registers(at: str | None = None) -> dict[str, int]:
    """Chase registers not marked by the cut-off; ``at`` (ISO date-time) pins the clock."""
    now = timezone.localtime(dt.datetime.fromisoformat(at)) if at else timezone.localtime()
    done = chase(now=now)
    return {"chasers": done.chasers, "school_alerts": done.school_alerts}
