"""Background tasks of subject access and retention, run by ``manage.py worker``."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from inclusion.privacy.selectors import authorities_with_pupils
from inclusion.privacy.services import retention_run


@task()
def retention_dry_run() -> dict[str, int]:
    """The weekly dry run: reports what is due (counts only); it never changes a record."""
    today = timezone.localdate()
    runs = [
        retention_run(local_authority=authority, today=today, started_by="weekly dry run")
        for authority in authorities_with_pupils()
    ]
    return {"runs": len(runs)}
