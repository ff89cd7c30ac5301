"""Permission-matrix entries for the Standard Risk Assessment pages.

Each entry uses a fresh pupil at school A, so one entry's assessment never changes what
another entry's page shows (for example, a draft makes "start" redirect to it).
"""

from __future__ import annotations

from typing import Any

from inclusion.pupils.models import Pupil
from tests.conftest import County
from tests.factories import PupilFactory
from tests.matrix import Entry, statuses
from tests.placements.factories_risk import risk_assessment

# Whoever may see the pupil reads the assessment; school staff and co-ordinators write it;
# the co-ordinator signs it off. School B, the Virtual School (not a looked-after pupil),
# provider staff and others get 404.
READERS = statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200)
WRITERS = statuses(404, school_a=200, coordinator=200)
SIGNERS = statuses(404, coordinator=200)


def _pupil(county: County) -> Pupil:
    return PupilFactory.create(school=county.school_a)


def pupil(county: County) -> dict[str, Any]:
    return {"pupil_pk": _pupil(county).pk}


def _version(county: County, state: str) -> dict[str, Any]:
    made = risk_assessment(
        pupil=_pupil(county), by=county.memberships["school_a"].user, state=state
    )
    return {"pk": made.pk}


def draft(county: County) -> dict[str, Any]:
    return _version(county, "draft")


def completed(county: County) -> dict[str, Any]:
    return _version(county, "completed")


def signed(county: County) -> dict[str, Any]:
    return _version(county, "signed")


ENTRIES: dict[str, Entry] = {
    "placements:risk_list": Entry(READERS, pupil),
    "placements:risk_create": Entry(WRITERS, pupil),
    "placements:risk_detail": Entry(READERS, signed),
    "placements:risk_edit": Entry(WRITERS, draft),
    "placements:risk_complete": Entry(WRITERS, draft),
    "placements:risk_sign_off": Entry(SIGNERS, completed),
    "placements:risk_review": Entry(WRITERS, signed),
}
