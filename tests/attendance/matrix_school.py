"""Permission-matrix entries for what the school enters and a pupil's attendance."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.matrix import Entry, pupil_a, statuses

ENTER_CODES = statuses(404, school_a=200, school_b=200, coordinator=200)


def pupil_of_school_a(county: County) -> dict[str, Any]:
    return {"pupil_pk": pupil_a(county)["pk"]}


ENTRIES: dict[str, Entry] = {
    "attendance:school_codes": Entry(ENTER_CODES),
    "attendance:school_codes_csv": Entry(ENTER_CODES),
    # pupil_a is school_a's, in the co-ordinator's partnership and Leicestershire; not looked
    # after, so not the Virtual School's.
    "attendance:pupil": Entry(
        statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200),
        pupil_of_school_a,
    ),
}
