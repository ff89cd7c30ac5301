"""Permission-matrix entries for the provider register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses

PROVIDER_ONLY = statuses(404, provider=200)


def this_week(county: County) -> dict[str, Any]:
    today = dt.date.today()
    return {"monday": (today - dt.timedelta(days=today.weekday())).isoformat()}


ENTRIES: dict[str, Entry] = {
    "attendance:register": Entry(PROVIDER_ONLY),
    "attendance:register_week": Entry(PROVIDER_ONLY, this_week),
}
