"""Permission-matrix entries for uploading marks from a spreadsheet: provider staff only."""

from __future__ import annotations

from tests.matrix import Entry, statuses

PROVIDER_ONLY = statuses(404, provider=200)

ENTRIES: dict[str, Entry] = {
    "attendance:import": Entry(PROVIDER_ONLY),
    "attendance:import_template_csv": Entry(PROVIDER_ONLY),
}
