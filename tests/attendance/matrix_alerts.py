"""Permission-matrix entries for the attendance alerts list and the "today" page."""

from __future__ import annotations

from typing import Any

from tests.attendance.factories_alerts import alert, placement_for
from tests.conftest import County
from tests.matrix import Entry, statuses


def alert_of_pupil_a(county: County) -> dict[str, Any]:
    return {"pk": alert(placement_for(county)).pk}


ENTRIES: dict[str, Entry] = {
    "attendance:alerts": Entry(statuses(404, school_a=200, school_b=200, coordinator=200)),
    # school_b's staff do not see pupil_a's placement: 404.
    "attendance:alert_acknowledge": Entry(
        statuses(404, school_a=200, coordinator=200), alert_of_pupil_a
    ),
    "attendance:today": Entry(statuses(404, coordinator=200, la_officer=200)),
}
