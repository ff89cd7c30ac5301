"""Permission-matrix entries for the money pages (issue 5, part 6)."""

from __future__ import annotations

from tests.matrix import Entry, statuses

# Co-ordinators and LA officers set average pupil costs and read placement spend.
MANAGERS = statuses(404, coordinator=200, la_officer=200)
# Every school reads its own recharge statement; co-ordinators and LA officers every school's.
READERS = statuses(404, school_a=200, school_b=200, coordinator=200, la_officer=200)
# The downloads need a school: school staff get their own; co-ordinators and LA officers, who
# have several, are sent back to the page to choose one.
DOWNLOADS = statuses(404, school_a=200, school_b=200, coordinator=302, la_officer=302)

ENTRIES: dict[str, Entry] = {
    "placements:costs": Entry(MANAGERS),
    "placements:recharges": Entry(READERS),
    "placements:recharges_csv": Entry(DOWNLOADS),
    "placements:recharges_pdf": Entry(DOWNLOADS),
    "placements:spend": Entry(MANAGERS),
}
