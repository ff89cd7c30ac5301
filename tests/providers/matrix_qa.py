"""Permission-matrix entries for the directory's QA pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.providers.models import QaAction
from tests.conftest import County
from tests.factories import qa_visit
from tests.matrix import Entry, statuses

# Every school reads QA reports; co-ordinators and LA officers record them.
READERS = statuses(200, governance=404, service_admin=404)
MANAGERS = statuses(404, coordinator=200, la_officer=200)


def provider(county: County) -> dict[str, Any]:
    return {"pk": county.provider.pk}


def visit(county: County) -> dict[str, Any]:
    made = qa_visit(provider=county.provider, recorded_by=county.memberships["coordinator"].user)
    return {"pk": made.pk}


def open_action(county: County) -> dict[str, Any]:
    made = qa_visit(provider=county.provider, recorded_by=county.memberships["coordinator"].user)
    action = QaAction.objects.create(
        visit=made,
        description="Renew the fire risk assessment",
        owner="Site manager",
        due_on=dt.date.today() + dt.timedelta(days=30),
    )
    return {"pk": action.pk}


ENTRIES: dict[str, Entry] = {
    "providers:qa_list": Entry(READERS, provider),
    "providers:qa_detail": Entry(READERS, visit),
    "providers:qa_record": Entry(MANAGERS, provider),
    "providers:qa_action_complete": Entry(MANAGERS, open_action),
}
