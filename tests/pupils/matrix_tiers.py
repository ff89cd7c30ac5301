"""Permission-matrix entries for tiers: a co-ordinator names their partnership's tiers and sets
the tier of one of its pupils by hand (pupil_a is in the co-ordinator's partnership)."""

from __future__ import annotations

from tests.matrix import Entry, pupil_a, statuses

COORDINATOR_ONLY = statuses(404, coordinator=200)

ENTRIES: dict[str, Entry] = {
    "guidance:tiers": Entry(COORDINATOR_ONLY),
    "guidance:set_tier": Entry(COORDINATOR_ONLY, pupil_a),
}
