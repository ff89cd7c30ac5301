"""Permission-matrix entries for the notifications inbox: everyone signed in has one, and a
notification opens only for the person (in the role) it was sent to."""

from __future__ import annotations

from typing import Any

from inclusion.notifications.services import notify
from tests.conftest import County
from tests.matrix import SIGNED_IN, Entry, statuses


def coordinators_notification(county: County) -> dict[str, Any]:
    made = notify(
        memberships=[county.memberships["coordinator"]], message="Referral R-TEST2345", url="/"
    )
    return {"pk": made[0].pk}


ENTRIES: dict[str, Entry] = {
    "notifications:inbox": Entry(SIGNED_IN),
    "notifications:open": Entry(statuses(404, coordinator=302), coordinators_notification),
    "notifications:read_all": Entry(statuses(405)),
}
