"""Permission-matrix entries for managed moves and off-site directions (issue 8, part 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.moves.factories import direction, move

# Amara (school_a) moves, or is directed, to Fernhill (school_b), both in the co-ordinator's
# partnership: her school records; Fernhill, the co-ordinator, the chair and LA officers read;
# the provider, the Virtual School (she is not looked after), governance and the admin: 404.
READERS = statuses(404, school_a=200, school_b=200, coordinator=200, chair=200, la_officer=200)
RECORDERS = statuses(404, school_a=200)


def amaras_move(county: County) -> dict[str, Any]:
    by = county.memberships["school_a"].user
    return {"pk": move(county.pupil_a, county.school_b, by=by, agreed_on=dt.date(2026, 6, 1)).pk}


def amaras_direction(county: County) -> dict[str, Any]:
    by = county.memberships["school_a"].user
    return {"pk": direction(county.pupil_a, by=by, setting_school=county.school_b).pk}


ENTRIES: dict[str, Entry] = {
    "moves:list": Entry(
        statuses(
            404,
            school_a=200,
            school_b=200,
            coordinator=200,
            chair=200,
            la_officer=200,
            virtual_school=200,
        )
    ),
    "moves:move_create": Entry(statuses(404, school_a=200, school_b=200)),
    "moves:direction_create": Entry(statuses(404, school_a=200, school_b=200)),
    "moves:move_detail": Entry(READERS, amaras_move),
    "moves:move_outcome": Entry(RECORDERS, amaras_move),
    "moves:direction_detail": Entry(READERS, amaras_direction),
    "moves:direction_review": Entry(RECORDERS, amaras_direction),
    "moves:direction_request": Entry(RECORDERS, amaras_direction),
    "moves:direction_outcome": Entry(RECORDERS, amaras_direction),
}
