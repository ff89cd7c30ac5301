"""Permission-matrix entries for the provider's view of placements (issue 5, part 5)."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.placements.factories_provider import provider_placement


def amara_at_the_provider(county: County) -> dict[str, Any]:
    return {"pk": provider_placement(county).pk}


# Provider staff list their own pupils and record notes; the pack is read by the provider and
# previewed by the pupil's school and the co-ordinator; those two read the notes.
ENTRIES: dict[str, Entry] = {
    "placements:provider_pupils": Entry(statuses(404, provider=200)),
    "placements:pack": Entry(
        statuses(404, provider=200, school_a=200, coordinator=200), amara_at_the_provider
    ),
    "placements:note_add": Entry(statuses(404, provider=200), amara_at_the_provider),
    "placements:notes": Entry(statuses(404, school_a=200, coordinator=200), amara_at_the_provider),
}
