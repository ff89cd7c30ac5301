"""Permission-matrix entries for Attendance Offer support plans (issue 6, part 8)."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.matrix import Entry, statuses
from tests.offers.factories import intervention, make_plan, offer_referral

# Amara's plan (school_a, in the co-ordinator's partnership): her school and the partnership's
# co-ordinator write; the chair and LA officers read; Fernhill's staff (school_b), the Virtual
# School (she is not looked after), the provider and governance get 404.
READERS = statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200)
WRITERS = statuses(404, school_a=200, coordinator=200)
# Every role that reads plans has a list (empty where nothing is in scope).
LIST = statuses(
    404,
    school_a=200,
    school_b=200,
    coordinator=200,
    chair=200,
    virtual_school=200,
    la_officer=200,
)


def amaras_referral(county: County) -> dict[str, Any]:
    return {"pk": offer_referral(county).pk}


def amaras_plan(county: County) -> dict[str, Any]:
    return {"pk": make_plan(county).pk}


def amaras_intervention(county: County) -> dict[str, Any]:
    return {"pk": intervention(make_plan(county)).pk}


ENTRIES: dict[str, Entry] = {
    "offers:list": Entry(LIST),
    "offers:create": Entry(WRITERS, amaras_referral),
    "offers:detail": Entry(READERS, amaras_plan),
    "offers:edit": Entry(WRITERS, amaras_plan),
    "offers:intervention_add": Entry(WRITERS, amaras_plan),
    "offers:intervention_edit": Entry(WRITERS, amaras_intervention),
    "offers:check_in_add": Entry(WRITERS, amaras_plan),
    "offers:close": Entry(WRITERS, amaras_plan),
}
