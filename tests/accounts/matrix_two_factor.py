"""The two-factor pages: every persona here has proved a second factor already."""

from __future__ import annotations

from tests.matrix import Entry, statuses

ENTRIES = {
    # Already verified: on to the home page.
    "accounts:two_factor": Entry(statuses(302)),
    "accounts:two_factor_recovery": Entry(statuses(302)),
    # A verified user may replace their app, and make new recovery codes.
    "accounts:two_factor_set_up": Entry(statuses(200)),
    "accounts:recovery_codes": Entry(statuses(200)),
}
