"""Permission-matrix entries for the school calendar: everyone who works with pupils reads their
authority's calendar; the authority's officers keep it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.calendar.models import Closure, Term
from tests.conftest import County
from tests.matrix import Entry, statuses

READERS = statuses(200, governance=404, service_admin=404)
REDIRECTS = statuses(302, governance=404, service_admin=404)
OFFICERS = statuses(404, la_officer=200)
YEAR = 2026


def year(county: County) -> dict[str, Any]:
    return {"year": YEAR}


def term(county: County) -> dict[str, Any]:
    found = Term.objects.get(local_authority=county.la, starts_on=dt.date(2026, 9, 1))
    return {"pk": found.pk}


def closure(county: County) -> dict[str, Any]:
    found = Closure.objects.get(local_authority=county.la, starts_on=dt.date(2026, 10, 26))
    return {"pk": found.pk}


ENTRIES: dict[str, Entry] = {
    "calendar:index": Entry(REDIRECTS),
    "calendar:year": Entry(READERS, year),
    "calendar:term_create": Entry(OFFICERS, year),
    "calendar:term_edit": Entry(OFFICERS, term),
    "calendar:term_delete": Entry(OFFICERS, term),
    "calendar:closure_create": Entry(OFFICERS, year),
    "calendar:closure_edit": Entry(OFFICERS, closure),
    "calendar:closure_delete": Entry(OFFICERS, closure),
}
