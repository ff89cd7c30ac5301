"""Permission-matrix entries for subject access, legal holds and the retention runs: LA
officers only (Amara's school is in their authority); every other role 404."""

from __future__ import annotations

from tests.matrix import Entry, pupil_a, statuses

OFFICERS = statuses(404, la_officer=200)

ENTRIES: dict[str, Entry] = {
    "privacy:subject_access": Entry(OFFICERS, pupil_a),
    "privacy:subject_access_json": Entry(OFFICERS, pupil_a),
    "privacy:subject_access_pdf": Entry(OFFICERS, pupil_a),
    "privacy:legal_hold_place": Entry(OFFICERS, pupil_a),
    "privacy:legal_hold_lift": Entry(OFFICERS, pupil_a),
    "privacy:retention": Entry(OFFICERS),
}
