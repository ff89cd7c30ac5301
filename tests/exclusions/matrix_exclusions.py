"""Permission-matrix entries for the exclusions pages (pupil_a of school_a, partnership A)."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.exclusions.factories import consultation, exclusion
from tests.matrix import Entry, statuses


def _pupil(county: County) -> dict[str, Any]:
    return {"pupil_pk": county.pupil_a.pk}


def _consultation(county: County) -> dict[str, Any]:
    return {"pk": consultation(county.pupil_a).pk}


def _exclusion(county: County) -> dict[str, Any]:
    return {"pk": exclusion(county.pupil_a).pk}


READERS = {"school_a": 200, "coordinator": 200, "chair": 200, "la_officer": 200}

ENTRIES: dict[str, Entry] = {
    "exclusions:deadlines": Entry(statuses(404, school_b=200, **READERS)),
    "exclusions:pupil": Entry(statuses(404, **READERS), _pupil),
    "exclusions:consultation_start": Entry(statuses(404, school_a=200), _pupil),
    "exclusions:exclusion_create": Entry(statuses(404, school_a=200), _pupil),
    "exclusions:consultation_detail": Entry(statuses(404, **READERS), _consultation),
    "exclusions:consultation_record": Entry(statuses(404, **READERS), _consultation),
    "exclusions:exclusion_detail": Entry(statuses(404, **READERS), _exclusion),
    "exclusions:exclusion_notices": Entry(statuses(404, school_a=200, la_officer=200), _exclusion),
    "exclusions:exclusion_progress": Entry(statuses(404, school_a=200, la_officer=200), _exclusion),
}
