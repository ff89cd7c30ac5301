"""Permission-matrix entries for a referral's case page, triage and routing pages."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.referrals.factories import make_referral

READERS = statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200)
TRIAGERS = statuses(404, coordinator=200)
ROUTING = statuses(404, coordinator=200, la_officer=200)


def submitted(county: County) -> dict[str, Any]:
    referral = make_referral(pupil=county.pupil_a, by=county.memberships["school_a"])
    return {"pk": referral.pk}


ENTRIES: dict[str, Entry] = {
    "referrals:detail": Entry(READERS, submitted),
    "referrals:return": Entry(TRIAGERS, submitted),
    "referrals:accept": Entry(TRIAGERS, submitted),
    "referrals:close": Entry(TRIAGERS, submitted),
    "referrals:confirm_routing": Entry(ROUTING, submitted),
}
