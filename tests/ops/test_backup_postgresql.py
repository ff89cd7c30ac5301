"""``manage.py backup`` and ``restore`` on PostgreSQL, in a database of their own.

Runs when ``DATABASE_URL`` is a PostgreSQL URL. The round trip creates
``backup_roundtrip_<random>`` on the same server, and drops it after: the test database that
pytest-django made is never restored over.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest

from tests.ops.runner import Site, fake_backup

URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not URL.startswith(("postgres://", "postgresql://")),
    reason="DATABASE_URL is not PostgreSQL: the PostgreSQL round trip needs a server",
)


def server_connection() -> Any:
    import psycopg

    config = dj_database_url.parse(URL)
    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )


@pytest.fixture(scope="module")
def pg_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    name = f"backup_roundtrip_{secrets.token_hex(4)}"
    with server_connection() as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        base = URL.rsplit("/", 1)[0]
        site = Site(f"{base}/{name}", tmp_path_factory.mktemp("pg") / "uploads")
        site.migrate()
        site.data("create")
        yield site
    finally:
        with server_connection() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_restores_rows_values_and_uploaded_files(pg_site: Site, tmp_path: Path) -> None:
    before = pg_site.snapshot()
    assert before["rows"]["pupils.Pupil"] == 5
    backup = pg_site.backup(tmp_path / "backups")
    assert backup.read_bytes().startswith(b"PGDMP")

    pg_site.data("change")
    assert pg_site.snapshot() != before

    result = pg_site.manage("restore", str(backup), "--yes")

    assert result.returncode == 0, result.stderr
    assert pg_site.snapshot() == before


def test_a_changed_dump_is_refused(pg_site: Site, tmp_path: Path) -> None:
    backup = pg_site.backup(tmp_path / "backups")
    backup.write_bytes(backup.read_bytes()[:-1])
    before = pg_site.snapshot()

    result = pg_site.manage("restore", str(backup), "--yes")

    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr
    assert pg_site.snapshot() == before


def test_a_sqlite_backup_is_refused_on_postgresql(pg_site: Site, tmp_path: Path) -> None:
    before = pg_site.snapshot()

    result = pg_site.manage("restore", str(fake_backup(tmp_path, "sqlite")), "--yes")

    assert result.returncode != 0
    assert "backup of a SQLite database, but the configured database is PostgreSQL" in (
        result.stderr
    )
    assert pg_site.snapshot() == before
