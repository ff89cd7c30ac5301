"""Permission-matrix entries for the list of every referral a role may see."""

from __future__ import annotations

from tests.matrix import Entry, statuses

ENTRIES: dict[str, Entry] = {
    "referrals:list": Entry(
        statuses(404, school_a=200, school_b=200, coordinator=200, chair=200, la_officer=200)
    ),
}
