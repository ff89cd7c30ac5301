"""``manage.py send_evidence_reminders [--date YYYY-MM-DD] [--service-url URL]``: e-mail providers
and LA officers about evidence expiring within 30 days, and about evidence that has expired.

Run it daily (cron or a scheduled task). Each reminder is sent once: running it again the same
day, or the next, sends nothing twice (reminders are recorded as audit events).
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inclusion.providers.services.evidence import evidence_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Enter --date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "E-mail reminders about compliance evidence expiring within 30 days or expired."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="the day to remind as of (YYYY-MM-DD); default today")
        parser.add_argument(
            "--service-url",
            default="",
            help="the service's address for links, e.g. https://inclusion.example.gov.uk "
            "(default: the SERVICE_URL setting)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else timezone.localdate()
        run = evidence_reminders(today=today, service_url=options["service_url"])
        self.stdout.write(
            f"Sent {run.reminders} reminder{'s' if run.reminders != 1 else ''} "
            f"in {run.emails} e-mail{'s' if run.emails != 1 else ''}"
        )
