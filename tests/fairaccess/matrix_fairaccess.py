"""Permission-matrix entries for the Fair Access pages.

The case used is the partnership's (Hinckley and Bosworth), allocated to school_a where the page
needs an allocated case: school_a's staff see its summary; school_b's do not (404). The Virtual
School sees only looked-after children's cases (this one is not: 404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import County
from tests.fairaccess.factories import allocated, at_panel, fa_case
from tests.matrix import Entry, statuses

MANAGERS = {"coordinator": 200, "la_officer": 200}
READERS = {**MANAGERS, "chair": 200}


def open_case(county: County) -> dict[str, Any]:
    return {"pk": fa_case(county).pk}


def panel_case(county: County) -> dict[str, Any]:
    return {"pk": at_panel(county, fa_case(county), dt.date(2026, 2, 12)).pk}


def allocated_case(county: County) -> dict[str, Any]:
    return {"pk": allocated(county, county.school_a).pk}


def draft_of_case(county: County) -> dict[str, Any]:
    return {"pk": fa_case(county).pk, "step": "intake"}


def panel_meeting(county: County) -> dict[str, Any]:
    case = at_panel(county, fa_case(county), dt.date(2026, 2, 12))
    assert case.panel is not None
    return {"pk": case.panel.pk}


ENTRIES: dict[str, Entry] = {
    "fairaccess:list": Entry(statuses(200, provider=404, governance=404, service_admin=404)),
    "fairaccess:open": Entry(statuses(404, **MANAGERS)),
    "fairaccess:detail": Entry(statuses(404, school_a=200, **READERS), allocated_case),
    "fairaccess:attempt_add": Entry(statuses(404, **MANAGERS), open_case),
    "fairaccess:panel": Entry(statuses(404, **MANAGERS), open_case),
    "fairaccess:decide": Entry(statuses(404, **MANAGERS), panel_case),
    "fairaccess:offer": Entry(statuses(404, **MANAGERS), allocated_case),
    "fairaccess:close": Entry(statuses(404, **MANAGERS), allocated_case),
    "fairaccess:draft": Entry(statuses(404, **READERS), draft_of_case),
    "fairaccess:panels": Entry(statuses(404, **READERS)),
    "fairaccess:panel_detail": Entry(statuses(404, **READERS), panel_meeting),
    "fairaccess:templates": Entry(statuses(404, coordinator=200)),
    "fairaccess:template_edit": Entry(
        statuses(404, coordinator=200), lambda county: {"step": "intake"}
    ),
}
