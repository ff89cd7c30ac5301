"""Backups of the database and the uploaded files, and restoring them.

``manage.py backup`` writes one set of files sharing a name, ``inclusion-<engine>-<UTC time>``:

- ``<name>.sqlite3`` (SQLite's online backup API, safe while the service runs) or
  ``<name>.pgdump`` (``pg_dump --format=custom``);
- ``<name>.uploads.tar.gz``: the uploaded files (``MEDIA_ROOT``), taken after the database so
  that every file the database names is in it;
- ``<file>.sha256`` beside each of those, in ``sha256sum`` format (``sha256sum -c`` reads it);
- ``<name>.json``: the manifest (engine, when, each app's latest migration, sizes, checksums).

``manage.py restore`` checks every checksum and the manifest before it writes anything, and
refuses a backup of the other engine or one made by newer code. See docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
SUFFIXES = {SQLITE: ".sqlite3", POSTGRESQL: ".pgdump"}
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
UPLOADS_SUFFIX = ".uploads.tar.gz"
UPLOADS_ARCNAME = "uploads"
CHUNK = 1024 * 1024
PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the operator."""


@dataclass(frozen=True)
class Part:
    """One file of a backup, with its checksum."""

    path: Path
    size: int
    sha256: str

    def describe(self) -> dict[str, Any]:
        return {"file": self.path.name, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class Backup:
    """A backup whose checksums have been checked."""

    manifest: dict[str, Any]
    database: Part
    uploads: Part | None

    @property
    def engine(self) -> str:
        return str(self.manifest["engine"])


# --- the configured database ---------------------------------------------------------------


def configured_engine() -> str:
    engine = str(settings.DATABASES["default"]["ENGINE"])
    if engine.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in engine:
        return POSTGRESQL
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def sqlite_path(*, must_exist: bool = True) -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The database is in memory: there is no database file to back up.")
    path = Path(name)
    if must_exist and not path.is_file():
        raise BackupError(f"The database file {path} does not exist.")
    return path


def migration_state() -> dict[str, str]:
    """Each app's latest applied migration, from the ``django_migrations`` table."""
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connections["default"]).applied_migrations()):
        latest[app] = name
    return latest


# --- checksums -----------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.sha256")


def seal(path: Path) -> Part:
    """Write ``<path>.sha256`` beside ``path`` and make both readable by the owner only."""
    part = Part(path=path, size=path.stat().st_size, sha256=sha256_of(path))
    checksum_path(path).write_text(f"{part.sha256}  {path.name}\n")
    for written in (path, checksum_path(path)):
        written.chmod(0o600)
    return part


def expected_checksum(path: Path) -> str:
    sums = checksum_path(path)
    if not sums.is_file():
        raise BackupError(
            f"The checksum file {sums} is missing, so the backup cannot be checked. "
            "Nothing was restored."
        )
    fields = sums.read_text().split()
    if len(fields) != 2 or len(fields[0]) != 64 or fields[1].lstrip("*") != path.name:
        raise BackupError(f"The checksum file {sums} is not a SHA-256 line for {path.name}.")
    return fields[0].lower()


def verified(path: Path) -> Part:
    """The file as a part of a backup, once its checksum matches; else a BackupError."""
    if not path.is_file():
        raise BackupError(f"The backup file {path} does not exist.")
    expected = expected_checksum(path)
    part = Part(path=path, size=path.stat().st_size, sha256=sha256_of(path))
    if part.sha256 != expected:
        raise BackupError(
            f"{path.name} does not match its checksum in {checksum_path(path).name}: the file "
            "is damaged or has been changed. Nothing was restored."
        )
    return part


# --- PostgreSQL client tools ---------------------------------------------------------------


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on the PATH. Install the PostgreSQL client tools, of the "
            "server's version or later (on Debian: apt-get install postgresql-client)."
        )
    return found


def pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database: the password never goes on a command
    line, where other users of the machine could read it."""
    database: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, variable in PG_ENVIRONMENT.items():
        if database.get(key):
            env[variable] = str(database[key])
    for option, variable in PG_OPTIONS.items():
        if database.get("OPTIONS", {}).get(option):
            env[variable] = str(database["OPTIONS"][option])
    env["PGDATABASE"] = str(database["NAME"])
    return env


def run_pg(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed tool with arguments built here, no shell
        command, env=pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}")


# --- making a backup -----------------------------------------------------------------------


def backup_name(engine: str, now: dt.datetime) -> str:
    return f"inclusion-{engine}-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the service goes on reading and writing."""
    with (
        closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def archive_uploads(target: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=UPLOADS_ARCNAME)
        else:
            folder = tarfile.TarInfo(UPLOADS_ARCNAME)
            folder.type, folder.mode = tarfile.DIRTYPE, 0o700
            archive.addfile(folder)


def create_backup(
    *, directory: Path, uploads: bool = True, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Back up the configured database (and the uploads) into ``directory``: the manifest."""
    engine = configured_engine()
    created = now or dt.datetime.now(dt.UTC)
    name = backup_name(engine, created)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = directory / f"{name}{SUFFIXES[engine]}"
    if database.exists() or (directory / f"{name}.json").exists():
        raise BackupError(f"A backup named {name} already exists in {directory}.")
    written = [database, checksum_path(database)]
    try:
        if engine == SQLITE:
            copy_sqlite(sqlite_path(), database)
        else:
            run_pg([pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={database}"])
        manifest = describe(engine, created, seal(database))
        if uploads:
            archive = directory / f"{name}{UPLOADS_SUFFIX}"
            written += [archive, checksum_path(archive)]
            archive_uploads(archive)
            manifest["uploads"] = seal(archive).describe()
        write_manifest(directory / f"{name}.json", manifest)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return manifest


def describe(engine: str, created: dt.datetime, database: Part) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "engine": engine,
        "created": created.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "database_name": Path(str(settings.DATABASES["default"]["NAME"])).name,
        "migrations": migration_state(),
        "database": database.describe(),
        "uploads": None,
    }


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    path.chmod(0o600)


# --- checking a backup ---------------------------------------------------------------------


def manifest_path(path: Path) -> Path:
    """The manifest of the backup that ``path`` (its database file or its manifest) belongs to."""
    if path.suffix == ".json":
        return path
    for suffix in SUFFIXES.values():
        if path.name.endswith(suffix):
            return path.with_name(f"{path.name.removesuffix(suffix)}.json")
    raise BackupError(
        f"{path.name} is not a backup made by manage.py backup: give its .sqlite3, .pgdump "
        "or .json file."
    )


def read_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise BackupError(f"The backup's manifest {path} is missing. Nothing was restored.")
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"The manifest {path} is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("engine") not in ENGINE_NAMES:
        raise BackupError(f"The manifest {path} does not describe a backup of this service.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The manifest {path} is of format {manifest.get('format')!r}.")
    return manifest


def check_part(directory: Path, described: dict[str, Any]) -> Part:
    part = verified(directory / Path(str(described["file"])).name)
    if part.sha256 != described["sha256"]:
        raise BackupError(
            f"{part.path.name} does not match the checksum in the manifest. Nothing was restored."
        )
    return part


def check_backup(path: Path) -> Backup:
    """Every file of the backup, checked against its checksum; nothing is written."""
    if not path.is_file():
        raise BackupError(f"The backup file {path} does not exist. Nothing was restored.")
    manifest_file = manifest_path(path)
    manifest = read_manifest(manifest_file)
    database = check_part(manifest_file.parent, manifest["database"])
    with database.path.open("rb") as stream:
        engine = manifest["engine"]
        if stream.read(len(MAGIC[engine])) != MAGIC[engine]:
            raise BackupError(f"{database.path.name} is not a {ENGINE_NAMES[engine]} backup.")
    uploads = manifest.get("uploads")
    return Backup(
        manifest=manifest,
        database=database,
        uploads=check_part(manifest_file.parent, uploads) if uploads else None,
    )


def check_restorable(backup: Backup) -> None:
    """Refuse a backup of the other engine, or one made by code newer than this."""
    engine = configured_engine()
    if backup.engine != engine:
        raise BackupError(
            f"This is a backup of a {ENGINE_NAMES[backup.engine]} database, but the configured "
            f"database is {ENGINE_NAMES[engine]}. Restore it into a {ENGINE_NAMES[backup.engine]} "
            "database (set DATABASE_URL). Nothing was restored."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}"
        for app, name in backup.manifest.get("migrations", {}).items()
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the service (migrations unknown here: "
            f"{', '.join(unknown)}). Deploy that version first. Nothing was restored."
        )


# --- restoring -----------------------------------------------------------------------------


def restore_sqlite(backup: Path) -> None:
    with closing(sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)) as source:
        if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"{backup.name} fails SQLite's check. Nothing was restored.")
        target = sqlite_path(must_exist=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(target, timeout=30)) as live:
            source.backup(live)


def restore_postgresql(backup: Path) -> None:
    run_pg(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--no-password",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(backup),
        ]
    )


@contextmanager
def unpacked_uploads(archive: Path) -> Iterator[Path]:
    """The archive unpacked beside ``MEDIA_ROOT``; removed unless moved into place."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = media_root.parent / f".{media_root.name}.restoring-{secrets.token_hex(4)}"
    staging.mkdir(mode=0o700)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        unpacked = staging / UPLOADS_ARCNAME
        if not unpacked.is_dir():
            raise BackupError(f"{archive.name} holds no {UPLOADS_ARCNAME}/ folder.")
        yield unpacked
    except tarfile.TarError as error:
        raise BackupError(f"{archive.name} cannot be unpacked: {error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def put_uploads_in_place(unpacked: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    replaced = media_root.parent / f".{media_root.name}.replaced-{secrets.token_hex(4)}"
    if media_root.exists():
        media_root.rename(replaced)
    unpacked.rename(media_root)
    if replaced.is_dir():
        shutil.rmtree(replaced, ignore_errors=True)
    else:
        replaced.unlink(missing_ok=True)


def restore_backup(backup: Backup, *, uploads: bool = True) -> None:
    """Replace the configured database (and the uploads) with the checked backup."""
    check_restorable(backup)
    connections.close_all()
    restore = restore_sqlite if backup.engine == SQLITE else restore_postgresql
    if backup.uploads is None or not uploads:
        restore(backup.database.path)
        return
    with unpacked_uploads(backup.uploads.path) as unpacked:  # a bad archive stops it here
        restore(backup.database.path)
        put_uploads_in_place(unpacked)
