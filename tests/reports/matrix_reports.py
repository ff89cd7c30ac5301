"""Permission-matrix entries for the governance reports (issue 7, part 3).

The county fixture's governance member sits on the partnership's board (a partnership
membership): they read their partnership's report, not the county view.
"""

from __future__ import annotations

from tests.matrix import Entry, statuses

PARTNERSHIP_READERS = {"coordinator": 200, "chair": 200, "la_officer": 200, "governance": 200}

ENTRIES: dict[str, Entry] = {
    "reports:partnership": Entry(statuses(404, **PARTNERSHIP_READERS)),
    "reports:partnership_xlsx": Entry(statuses(404, **PARTNERSHIP_READERS)),
    "reports:county": Entry(statuses(404, la_officer=200)),
    "reports:county_xlsx": Entry(statuses(404, la_officer=200)),
}
