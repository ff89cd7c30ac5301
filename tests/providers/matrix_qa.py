"""Permission-matrix entries for the directory's qa pages."""

from __future__ import annotations

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
