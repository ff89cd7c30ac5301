"""Permission-matrix entries for the registration-test page and the public directory feed."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses

# Co-ordinators and LA officers see the registration test; everyone else gets a 404.
MANAGERS = statuses(404, coordinator=200, la_officer=200)
# The Open Referral UK feed is public: no sign-in, the same for everyone.
PUBLIC_FEED = statuses(200, anonymous=200)


def provider(county: County) -> dict[str, Any]:
    return {"pk": county.provider.pk}


ENTRIES: dict[str, Entry] = {
    "providers:registration_test": Entry(MANAGERS),
    "providers:feed_services": Entry(PUBLIC_FEED),
    "providers:feed_service": Entry(PUBLIC_FEED, provider),
}
