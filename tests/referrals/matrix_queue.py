"""Permission-matrix entry for the triage queue: co-ordinators work it, LA officers read it."""

from __future__ import annotations

from tests.matrix import Entry, statuses

ENTRIES: dict[str, Entry] = {
    "referrals:queue": Entry(statuses(404, coordinator=200, la_officer=200)),
}
