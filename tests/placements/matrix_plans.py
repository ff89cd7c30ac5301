"""Permission-matrix entries for education plans and reviews (issue 5, part 4)."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.placements.factories_plans import planned, reviewed

# Amara's plan (school_a, in the co-ordinator's partnership): her school, the partnership's
# co-ordinator and chair, and LA officers read it; the provider never does; Fernhill's staff
# (school_b) and the Virtual School (she is not looked after) are out of scope.
READERS = statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200)
MANAGERS = statuses(404, school_a=200, coordinator=200)


def amaras_placement(county: County) -> dict[str, Any]:
    return {"pk": planned(county).placement_id}


def amaras_target(county: County) -> dict[str, Any]:
    return {"pk": planned(county, targets=1).targets.get().pk}


def amaras_review(county: County) -> dict[str, Any]:
    plan = planned(county)
    return {"pk": reviewed(plan, by=county.memberships["school_a"].user).pk}


ENTRIES: dict[str, Entry] = {
    "placements:plan": Entry(READERS, amaras_placement),
    "placements:plan_edit": Entry(MANAGERS, amaras_placement),
    "placements:target_add": Entry(MANAGERS, amaras_placement),
    "placements:target_edit": Entry(MANAGERS, amaras_target),
    "placements:target_remove": Entry(MANAGERS, amaras_target),
    "placements:review_add": Entry(MANAGERS, amaras_placement),
    "placements:review_detail": Entry(READERS, amaras_review),
    # Every school sees its own list (school_b's is empty); the co-ordinator the partnership's.
    "placements:reviews_due": Entry(statuses(404, school_a=200, school_b=200, coordinator=200)),
}
