"""Run ``manage.py`` and the round-trip data set in a separate process, against a database of
the test's own (never the test database pytest-django made)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
TIMEOUT = 300


@dataclass(frozen=True)
class Site:
    """One installation of the service: a database and a folder of uploaded files."""

    database_url: str
    uploads: Path

    def env(self) -> dict[str, str]:
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "inclusion.settings")
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": self.database_url,
            "UPLOADS_DIR": str(self.uploads),
        }

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("manage.py", *args)

    def must(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def migrate(self) -> None:
        self.must("manage.py", "migrate", "--skip-checks", "--noinput", "--verbosity", "0")

    def data(self, action: str) -> None:
        self.must("-m", "tests.ops.dataset", action)

    def snapshot(self) -> dict[str, Any]:
        return dict(json.loads(self.must("-m", "tests.ops.dataset", "snapshot")))

    def backup(self, directory: Path, *args: str) -> Path:
        """Back up into ``directory``; the path of the database file written."""
        self.must("manage.py", "backup", "--output-dir", str(directory), *args)
        (manifest,) = directory.glob("*.json")
        return directory / str(json.loads(manifest.read_text())["database"]["file"])


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): sha256_of(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fake_backup(directory: Path, engine: str) -> Path:
    """A sealed backup of ``engine`` whose database file has only the right magic bytes: enough
    for every check that comes before anything is written."""
    from inclusion.ops.backups import FORMAT, MAGIC, SUFFIXES, seal

    directory.mkdir(parents=True, exist_ok=True)
    name = f"inclusion-{engine}-20260301T090000Z"
    database = directory / f"{name}{SUFFIXES[engine]}"
    database.write_bytes(MAGIC[engine] + b"\x00" * 64)
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created": "2026-03-01T09:00:00+00:00",
        "database_name": "inclusion",
        "migrations": {"pupils": "0001_initial"},
        "database": seal(database).describe(),
        "uploads": None,
    }
    (directory / f"{name}.json").write_text(json.dumps(manifest))
    return database
