"""``manage.py retention``: apply the retention rules.

A dry run (the default) reports, per local authority and record type, how many records are due,
how many are on legal hold, and what would be done; ``--apply`` does it. Counts only, never a
name. Each run is kept as a ``RetentionRun`` row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from inclusion.organisations.models import LocalAuthority
from inclusion.privacy.models import Action, RecordType, RetentionRun
from inclusion.privacy.selectors import authorities_with_pupils
from inclusion.privacy.services import retention_run


def report_lines(run: RetentionRun) -> list[str]:
    lines = []
    for record_type, counts in sorted(run.report.items()):
        name = dict(RecordType.choices).get(record_type, record_type)
        action = dict(Action.choices).get(counts["action"], counts["action"])
        line = f"  {name}: {counts['due']} due ({action}), {counts['held']} on legal hold"
        if run.applied:
            line += f", {counts['done']} done"
        lines.append(line)
    return lines


class Command(BaseCommand):
    help = "Apply the retention rules: a dry run by default, --apply to anonymise and delete."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Only report (the default)")
        mode.add_argument("--apply", action="store_true", help="Anonymise and delete")
        parser.add_argument("--la", help="Only this local authority (its DfE code)")
        parser.add_argument("--today", help="Apply the rules as on this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._today(options["today"])
        authorities = authorities_with_pupils()
        if options["la"]:
            if not LocalAuthority.objects.filter(dfe_code=options["la"]).exists():
                raise CommandError(f"There is no local authority with DfE code {options['la']}")
            authorities = authorities.filter(dfe_code=options["la"])
        kind = "Retention run" if options["apply"] else "Dry run (nothing changed)"
        for authority in authorities:
            run = retention_run(local_authority=authority, today=today, apply=options["apply"])
            self.stdout.write(f"{kind} for {authority.name} ({authority.dfe_code}) as on {today}:")
            for line in report_lines(run):
                self.stdout.write(line)

    @staticmethod
    def _today(value: str | None) -> dt.date:
        if not value:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CommandError("Enter --today as a date like 2026-03-27") from None
