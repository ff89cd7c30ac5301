"""Background tasks of the provider directory, run by ``manage.py worker``."""

from __future__ import annotations

import uuid

from django.utils import timezone
from django_tasks import task

from inclusion.providers.services.evidence import evidence_reminders as remind
from inclusion.providers.services.gias import process_job


@task()
def evidence_reminders() -> dict[str, int]:
    """The daily compliance-evidence reminders (each reminder is sent once)."""
    run = remind(today=timezone.localdate(), service_url="")
    return {"reminders": run.reminders, "emails": run.emails}


@task()
def gias_import(job_id: str) -> None:
    """Import an uploaded GIAS file (the job row records the outcome)."""
    process_job(uuid.UUID(job_id))
