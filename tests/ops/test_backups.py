"""The pieces of :mod:`inclusion.ops.backups` that need no database."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from inclusion.ops import backups
from inclusion.ops.backups import BackupError


def test_a_missing_pg_tool_is_named_with_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(BackupError, match=r"pg_dump was not found.*postgresql-client"):
        backups.pg_tool("pg_dump")


def test_the_password_goes_in_the_environment_never_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "inclusion",
        "USER": "app",
        "PASSWORD": "fictional-secret",
        "HOST": "127.0.0.1",
        "PORT": 5432,
        "OPTIONS": {"sslmode": "require"},
    }
    monkeypatch.setattr(settings, "DATABASES", {"default": database})
    seen: dict[str, Any] = {}

    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen.update(command=command, env=kwargs["env"])
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", run)

    backups.run_pg(["/usr/bin/pg_dump", "--format=custom", "--no-password", "--file=x"])

    assert not any("fictional-secret" in part for part in seen["command"])
    assert seen["env"]["PGPASSWORD"] == "fictional-secret"
    assert seen["env"]["PGDATABASE"] == "inclusion"
    assert seen["env"]["PGHOST"] == "127.0.0.1"
    assert seen["env"]["PGPORT"] == "5432"
    assert seen["env"]["PGSSLMODE"] == "require"


def test_a_failing_pg_tool_reports_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 1, "", "connection refused\n")

    monkeypatch.setattr(subprocess, "run", run)

    with pytest.raises(BackupError, match=r"pg_restore failed \(exit 1\): connection refused"):
        backups.run_pg(["/usr/bin/pg_restore"])


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "notes.txt"
    stray.write_text("not a backup")

    with pytest.raises(BackupError, match=r"not a backup made by manage.py backup"):
        backups.check_backup(stray)


def test_a_checksum_file_for_another_file_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "inclusion-sqlite-1.sqlite3"
    data.write_bytes(b"SQLite format 3\x00")
    Path(f"{data}.sha256").write_text(f"{'0' * 64}  other.sqlite3\n")

    with pytest.raises(BackupError, match=r"not a SHA-256 line for inclusion-sqlite-1.sqlite3"):
        backups.verified(data)


def test_an_in_memory_database_cannot_be_backed_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "DATABASES", {"default": {"NAME": ":memory:"}})

    with pytest.raises(BackupError, match="in memory"):
        backups.sqlite_path()
