"""``manage.py import_gias FILE [--only-valid-rows]``: import the configured local authority's
secondary schools and registered alternative provision from the GIAS "edubasealldata" CSV.

With errors in the file nothing is written, unless ``--only-valid-rows`` is given. See
docs/gias-import.md.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from inclusion.providers.services.gias import ImportResult, configured_la_code, run_import

# Row errors printed before "and N more".
PRINTED_ERRORS = 200


class Command(BaseCommand):
    help = (
        "Import the configured local authority's secondary schools and registered alternative "
        "provision from the GIAS 'edubasealldata' CSV file (Windows-1252)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the edubasealldata CSV file")
        parser.add_argument(
            "--only-valid-rows",
            action="store_true",
            help="import the rows without errors even when other rows have errors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        self.stdout.write(f"Reading {path.name} for local authority {configured_la_code()}")
        result = run_import(
            path=path, only_valid_rows=options["only_valid_rows"], progress=self.progress
        )
        self.report(result)

    def progress(self, done: int, total: int) -> None:
        self.stdout.write(f"Checked {done:,} of {total:,} rows")

    def report(self, result: ImportResult) -> None:
        if result.file_errors:
            raise CommandError(" ".join(result.file_errors))
        for error in result.row_errors[:PRINTED_ERRORS]:
            self.stderr.write(str(error))
        if len(result.row_errors) > PRINTED_ERRORS:
            self.stderr.write(f"and {len(result.row_errors) - PRINTED_ERRORS:,} more errors")
        if not result.written:
            raise CommandError(
                f"{result.error_rows:,} rows have errors, so nothing was imported. Correct the "
                "file, or run the command again with --only-valid-rows to import the other rows."
            )
        self.stdout.write(self.style.SUCCESS(result.summary()))
