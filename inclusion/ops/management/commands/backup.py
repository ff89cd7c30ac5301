"""``manage.py backup``: back up the database and the uploaded files, with checksums.

See :mod:`inclusion.ops.backups` and docs/operations.md.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inclusion.ops.backups import ENGINE_NAMES, BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the uploaded files, with "
        "SHA-256 checksums and a manifest."
    )
    requires_system_checks: list[str] = []  # a backup must work even if the code has warnings

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Where to write the backup (default: var/backups).",
        )
        parser.add_argument(
            "--no-uploads", action="store_true", help="Leave the uploaded files out."
        )

    def handle(self, *args: Any, output_dir: Path, no_uploads: bool, **options: Any) -> None:
        try:
            manifest = create_backup(directory=output_dir, uploads=not no_uploads)
        except BackupError as error:
            raise CommandError(str(error)) from None
        database = manifest["database"]
        self.stdout.write(
            f"Backed up the {ENGINE_NAMES[manifest['engine']]} database to "
            f"{output_dir / database['file']} ({database['size']:,} bytes, "
            f"SHA-256 {database['sha256']})."
        )
        if manifest["uploads"]:
            uploads = manifest["uploads"]
            self.stdout.write(
                f"Uploaded files: {output_dir / uploads['file']} ({uploads['size']:,} bytes)."
            )
        name = Path(database["file"]).stem
        self.stdout.write(f"Manifest: {output_dir / name}.json")
