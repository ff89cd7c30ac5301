"""Periodic background jobs: what runs, how often, and the claim that queues each once.

The worker (``manage.py worker``) calls :func:`queue_due` about once a minute. A job is queued
when its interval has passed since it was last queued; the claim is a conditional UPDATE (or an
INSERT that only one process can win), so any number of workers queue it once. Jobs must be
idempotent themselves as well: each one works out from the data what is still to be done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from inclusion.jobs.models import PeriodicRun


@dataclass(frozen=True)
class Periodic:
    """A task (by dotted path to a ``django_tasks`` task) queued every ``every``."""

    name: str
    task: str
    every: dt.timedelta


SCHEDULE: tuple[Periodic, ...] = (
    Periodic(
        "attendance.chasers",
        "inclusion.attendance.tasks.chase_registers",
        dt.timedelta(minutes=5),
    ),
    Periodic(
        "providers.evidence_reminders",
        "inclusion.providers.tasks.evidence_reminders",
        dt.timedelta(days=1),
    ),
    Periodic(
        "privacy.retention_dry_run",
        "inclusion.privacy.tasks.retention_dry_run",
        dt.timedelta(days=7),
    ),
)


def claim(job: Periodic, now: dt.datetime) -> bool:
    """Whether this caller won the right to queue ``job`` now."""
    due_before = now - job.every
    won = PeriodicRun.objects.filter(name=job.name, last_queued_at__lte=due_before).update(
        last_queued_at=now
    )
    if won:
        return True
    if PeriodicRun.objects.filter(name=job.name).exists():
        return False
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, last_queued_at=now)
    except IntegrityError:  # another worker created it first
        return False
    return True


def queue_due(
    now: dt.datetime | None = None,
    schedule: Sequence[Periodic] = SCHEDULE,
    enqueue: Callable[[str], object] | None = None,
) -> list[str]:
    """Queue every periodic job that is due; the names of those queued."""
    now = now or timezone.now()
    enqueue = enqueue or _enqueue
    queued = []
    for job in schedule:
        if claim(job, now):
            enqueue(job.task)
            queued.append(job.name)
    return queued


def _enqueue(path: str) -> object:
    return import_string(path).enqueue()
