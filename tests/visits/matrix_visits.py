"""Permission-matrix entries for visits (issue 7, part 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.visits.factories import placement_of, visit

# Amara (school_a, in the co-ordinator's partnership): her school and the co-ordinator record
# visits; they, the chair and LA officers read them; Fernhill's staff (school_b), the provider,
# the Virtual School (she is not looked after), governance and the service admin: 404.
READERS = statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200)
RECORDERS = statuses(404, school_a=200, coordinator=200)


def amaras_placement(county: County) -> dict[str, Any]:
    return {"pk": placement_of(county).pk}


def amaras_visit(county: County) -> dict[str, Any]:
    placement = placement_of(county)
    return {
        "pk": visit(placement, dt.date(2026, 11, 20), by=county.memberships["school_a"].user).pk
    }


ENTRIES: dict[str, Entry] = {
    "visits:record": Entry(RECORDERS, amaras_placement),
    "visits:detail": Entry(READERS, amaras_visit),
    # Every school sees its own list (school_b's is empty); the co-ordinator the partnership's.
    "visits:due": Entry(statuses(404, school_a=200, school_b=200, coordinator=200)),
}
