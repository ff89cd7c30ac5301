"""Permission-matrix entries for the placement pages (the core of Tier 4 placements).

Provider staff never reach these pages: they see the information pack. A partnership's
placement is changed by its co-ordinators, a school's own placement by the school too; the
entries that change a placement use one that school_a commissioned.
"""

from __future__ import annotations

from typing import Any

from inclusion.placements.models import Placement
from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.placements.factories_placements import (
    county_placement,
    placement_decision,
    school_placement,
)

# Everyone who works with pupils reads the list (scoped), except provider staff.
LIST_READERS = statuses(200, provider=404, governance=404, service_admin=404)
# pupil_a's placement: their school, its partnership's co-ordinator and chair, the LA.
PUPIL_A_READERS = statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200)
CHANGERS = statuses(404, school_a=200, coordinator=200)


def placement(county: County) -> dict[str, Any]:
    return {"pk": county_placement(county).pk}


def own_placement(county: County) -> dict[str, Any]:
    return {"pk": school_placement(county).pk}


def agreeing(county: County) -> dict[str, Any]:
    return {"pk": school_placement(county).pk, "to": Placement.Status.AGREED}


def decision(county: County) -> dict[str, Any]:
    return {"decision_pk": placement_decision(county).pk}


def looked_after(county: County) -> dict[str, Any]:
    made = county_placement(
        county,
        pupil=county.pupil_c_looked_after,
        by=county.memberships["la_officer"],
        status=Placement.Status.AGREED,
    )
    return {"pk": made.pk}


def pupil(county: County) -> dict[str, Any]:
    return {"pupil_pk": county.pupil_a.pk}


ENTRIES: dict[str, Entry] = {
    "placements:list": Entry(LIST_READERS),
    "placements:detail": Entry(PUPIL_A_READERS, placement),
    # Without ?pupil=<uuid> there is no pupil to commission for.
    "placements:create": Entry(statuses(404)),
    "placements:create_from_decision": Entry(statuses(404, coordinator=200), decision),
    "placements:edit": Entry(CHANGERS, own_placement),
    "placements:timetable": Entry(CHANGERS, own_placement),
    "placements:transition": Entry(CHANGERS, agreeing),
    "placements:override_compliance": Entry(statuses(404, la_officer=200), placement),
    "placements:virtual_school": Entry(statuses(404, virtual_school=200), looked_after),
    "placements:pupil": Entry(PUPIL_A_READERS, pupil),
    "placements:part_time": Entry(CHANGERS, pupil),
}
