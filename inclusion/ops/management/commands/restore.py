"""``manage.py restore FILE``: replace the database (and uploaded files) with a backup.

Every checksum is checked before anything is written; a backup of the other engine, or from a
newer version of the service, is refused. See docs/operations.md.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from inclusion.ops.backups import (
    ENGINE_NAMES,
    Backup,
    BackupError,
    check_backup,
    check_restorable,
    restore_backup,
)


class Command(BaseCommand):
    help = "Restore a backup made by manage.py backup over the configured database."
    requires_system_checks: list[str] = []  # a restore must work even if the code has warnings

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("backup", type=Path, help="The backup's .sqlite3, .pgdump or .json.")
        parser.add_argument("--yes", action="store_true", help="Restore without asking.")
        parser.add_argument(
            "--no-uploads",
            action="store_true",
            help="Restore the database only; leave the uploaded files as they are.",
        )

    def handle(self, *args: Any, backup: Path, yes: bool, no_uploads: bool, **options: Any) -> None:
        try:
            checked = check_backup(backup)
            check_restorable(checked)
            self.confirm(checked, yes=yes)
            restore_backup(checked, uploads=not no_uploads)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {ENGINE_NAMES[checked.engine]} database from "
            f"{checked.database.path.name} (backed up {checked.manifest['created']})."
        )
        if checked.uploads and not no_uploads:
            self.stdout.write(f"Restored the uploaded files from {checked.uploads.path.name}.")
        self.stdout.write("Now run manage.py migrate, then start the service again.")

    def confirm(self, backup: Backup, *, yes: bool) -> None:
        if yes:
            return
        what = "the database and the uploaded files" if backup.uploads else "the database"
        if not sys.stdin.isatty():
            raise CommandError(
                f"Restoring replaces {what} with the backup of {backup.manifest['created']}. "
                "Add --yes to confirm. Nothing was restored."
            )
        answer = input(
            f"This replaces {what} with the backup of {backup.manifest['created']}. "
            "Type 'yes' to go on: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
