"""``manage.py backup`` and ``restore`` on SQLite, run as commands against a file database."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.ops.runner import Site, fake_backup, sha256_of, tree_digest


def sqlite_site(folder: Path) -> Site:
    return Site(f"sqlite:///{folder / 'db.sqlite3'}", folder / "uploads")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database file, copied by each test (migrating takes a while)."""
    folder = tmp_path_factory.mktemp("migrated")
    sqlite_site(folder).migrate()
    return folder / "db.sqlite3"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, migrated: Path) -> tuple[Site, Path]:
    """A site with data and its backup, for the refusals to copy."""
    folder = tmp_path_factory.mktemp("made")
    shutil.copy(migrated, folder / "db.sqlite3")
    site = sqlite_site(folder)
    site.data("create")
    return site, site.backup(folder / "backups")


@pytest.fixture
def site(tmp_path: Path, migrated: Path) -> Site:
    shutil.copy(migrated, tmp_path / "db.sqlite3")
    return sqlite_site(tmp_path)


@pytest.fixture
def copy(tmp_path: Path, made: tuple[Site, Path]) -> tuple[Site, Path]:
    """A copy of the made site (database and uploads) and of its backup, to spoil."""
    source, backup = made
    site = sqlite_site(tmp_path / "site")
    site.uploads.parent.mkdir()
    shutil.copy(source.database_url.removeprefix("sqlite:///"), tmp_path / "site" / "db.sqlite3")
    shutil.copytree(source.uploads, site.uploads)
    shutil.copytree(backup.parent, tmp_path / "backups")
    return site, tmp_path / "backups" / backup.name


def database_file(site: Site) -> Path:
    return Path(site.database_url.removeprefix("sqlite:///"))


def test_round_trip_restores_rows_values_and_uploaded_files(site: Site, tmp_path: Path) -> None:
    site.data("create")
    before = site.snapshot()
    assert before["rows"]["pupils.Pupil"] == 5
    assert len(before["uploads"]) == 1
    backup = site.backup(tmp_path / "backups")

    site.data("change")
    changed = site.snapshot()
    assert changed["rows"]["pupils.Pupil"] == 4
    assert "Added After The Backup" in changed["schools"]
    assert changed["uploads"].keys() == {"added-after-the-backup.txt"}

    result = site.manage("restore", str(backup), "--yes")

    assert result.returncode == 0, result.stderr
    assert "Restored the SQLite database" in result.stdout
    assert site.snapshot() == before


def test_backup_writes_checksums_and_a_manifest(site: Site, tmp_path: Path) -> None:
    site.data("create")
    backup = site.backup(tmp_path / "backups")

    manifest = json.loads(backup.with_suffix(".json").read_text())
    assert manifest["engine"] == "sqlite"
    assert manifest["database"] == {
        "file": backup.name,
        "size": backup.stat().st_size,
        "sha256": sha256_of(backup),
    }
    assert manifest["migrations"]["pupils"].startswith("00")
    assert Path(f"{backup}.sha256").read_text() == f"{sha256_of(backup)}  {backup.name}\n"
    uploads = backup.parent / manifest["uploads"]["file"]
    assert Path(f"{uploads}.sha256").read_text() == f"{sha256_of(uploads)}  {uploads.name}\n"
    for path in backup.parent.iterdir():
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"


def test_backup_is_taken_while_another_connection_writes(site: Site, tmp_path: Path) -> None:
    site.data("create")
    with closing(sqlite3.connect(database_file(site), isolation_level=None)) as app:
        app.execute("BEGIN IMMEDIATE")
        app.execute("UPDATE pupils_pupil SET legal_last_name = 'Uncommitted'")
        backup = site.backup(tmp_path / "backups")  # does not wait for the writer
        app.execute("ROLLBACK")
    with closing(sqlite3.connect(backup)) as copy:
        names = {row[0] for row in copy.execute("SELECT legal_last_name FROM pupils_pupil")}
    assert "Uncommitted" not in names
    assert len(names) == 5


def test_backup_without_uploads_leaves_the_files_alone_on_restore(
    site: Site, tmp_path: Path
) -> None:
    site.data("create")
    backup = site.backup(tmp_path / "backups", "--no-uploads")
    site.data("change")
    files = tree_digest(site.uploads)

    result = site.manage("restore", str(backup), "--yes")

    assert result.returncode == 0, result.stderr
    assert tree_digest(site.uploads) == files
    assert not list(backup.parent.glob("*.tar.gz"))


def refused(site: Site, backup: Path, *args: str) -> str:
    """Try a restore that must be refused and write nothing; the message."""
    database, files = sha256_of(database_file(site)), tree_digest(site.uploads)
    result = site.manage("restore", str(backup), *args)
    assert result.returncode != 0
    assert sha256_of(database_file(site)) == database
    assert tree_digest(site.uploads) == files
    return result.stderr


def test_a_changed_backup_is_refused(copy: tuple[Site, Path]) -> None:
    site, backup = copy
    with backup.open("r+b") as stream:
        stream.seek(-1, 2)
        last = stream.read(1)
        stream.seek(-1, 2)
        stream.write(bytes([last[0] ^ 0xFF]))

    message = refused(site, backup, "--yes")

    assert "does not match its checksum" in message
    assert "Nothing was restored" in message


def test_a_missing_checksum_file_is_refused(copy: tuple[Site, Path]) -> None:
    site, backup = copy
    Path(f"{backup}.sha256").unlink()

    assert "checksum file" in refused(site, backup, "--yes")


def test_a_changed_uploads_archive_is_refused(copy: tuple[Site, Path]) -> None:
    site, backup = copy
    (archive,) = backup.parent.glob("*.uploads.tar.gz")
    archive.write_bytes(archive.read_bytes() + b"extra")

    assert f"{archive.name} does not match its checksum" in refused(site, backup, "--yes")


def test_a_missing_backup_file_is_refused(copy: tuple[Site, Path]) -> None:
    site, backup = copy

    assert "does not exist" in refused(site, backup.with_name("nothing.sqlite3"), "--yes")


def test_a_postgresql_backup_is_refused_on_sqlite(copy: tuple[Site, Path], tmp_path: Path) -> None:
    site, _ = copy
    backup = fake_backup(tmp_path / "pg", "postgresql")

    message = refused(site, backup, "--yes")

    assert "backup of a PostgreSQL database, but the configured database is SQLite" in message


def test_a_backup_from_newer_code_is_refused(copy: tuple[Site, Path]) -> None:
    site, backup = copy
    manifest = backup.with_suffix(".json")
    described = json.loads(manifest.read_text())
    described["migrations"]["pupils"] = "9999_from_the_future"
    manifest.write_text(json.dumps(described))

    assert "pupils.9999_from_the_future" in refused(site, backup, "--yes")


def test_restore_asks_for_confirmation(copy: tuple[Site, Path]) -> None:
    site, backup = copy

    assert "Add --yes to confirm" in refused(site, backup)
