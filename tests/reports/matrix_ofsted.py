"""Permission-matrix entries for the Ofsted evidence pack."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses


def school_a(county: County) -> dict[str, Any]:
    return {"school_pk": county.school_a.pk}


# School A's staff, the partnership's co-ordinator and chair, and the LA officer see school A's
# pack; everyone else gets 404 (school B's staff included).
PACK = statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200)

ENTRIES: dict[str, Entry] = {
    # School staff are sent to their own school's pack.
    "reports:ofsted": Entry(
        statuses(404, school_a=302, school_b=302, coordinator=200, chair=200, la_officer=200)
    ),
    "reports:ofsted_pack": Entry(PACK, school_a),
    "reports:ofsted_pack_pdf": Entry(PACK, school_a),
    "reports:ofsted_pack_csv": Entry(PACK, school_a),
    "reports:ofsted_pack_xlsx": Entry(PACK, school_a),
    "reports:ofsted_lead": Entry(statuses(404, school_a=200), school_a),
}
