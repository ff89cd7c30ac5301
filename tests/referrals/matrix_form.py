"""Permission-matrix entries for the school's side of the referral form.

The draft is started by the co-ordinator for pupil_a, so both the pupil's school and the
co-ordinator may see it (a co-ordinator sees only the drafts they started); everyone else
gets 404. The submit button is POST only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.referrals.models import Intervention, Referral, Status
from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.referrals.factories import make_referral

STARTERS = statuses(404, school_a=200, school_b=200, coordinator=200)
EDITORS = statuses(404, school_a=200, coordinator=200)


def _draft(county: County, status: str = Status.DRAFT) -> Referral:
    return make_referral(pupil=county.pupil_a, by=county.memberships["coordinator"], status=status)


def draft(county: County) -> dict[str, Any]:
    return {"pk": _draft(county).pk}


def draft_section(county: County) -> dict[str, Any]:
    return {"pk": _draft(county).pk, "section": "reason"}


def draft_intervention(county: County) -> dict[str, Any]:
    referral = _draft(county)
    intervention = Intervention.objects.create(
        referral=referral,
        what="Mentoring (fictional)",
        started_on=dt.date.today() - dt.timedelta(days=60),
        duration="6 weeks",
        impact="Fewer removals from class.",
    )
    return {"pk": referral.pk, "intervention_pk": intervention.pk}


def submitted(county: County) -> dict[str, Any]:
    return {"pk": _draft(county, Status.SUBMITTED).pk}


ENTRIES: dict[str, Entry] = {
    "referrals:start": Entry(STARTERS),
    "referrals:task_list": Entry(EDITORS, draft),
    "referrals:section": Entry(EDITORS, draft_section),
    "referrals:intervention_add": Entry(EDITORS, draft),
    "referrals:intervention_remove": Entry(EDITORS, draft_intervention),
    "referrals:check": Entry(EDITORS, draft),
    "referrals:submit": Entry(statuses(405), draft),
    "referrals:submitted": Entry(EDITORS, submitted),
    "referrals:withdraw": Entry(EDITORS, draft),
}
