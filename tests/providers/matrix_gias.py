"""Permission-matrix entries for the GIAS import pages: LA officers only."""

from __future__ import annotations

from typing import Any

from inclusion.providers.models import GiasImport
from tests.conftest import County
from tests.matrix import Entry, statuses

IMPORTERS = statuses(404, la_officer=200)


def gias_import(county: County) -> dict[str, Any]:
    job = GiasImport.objects.create(
        uploaded_by=county.memberships["la_officer"].user,
        file="gias/2026/03/matrix.csv",
        file_name="edubasealldata20260302.csv",
        status=GiasImport.Status.DONE,
    )
    return {"pk": job.pk}


ENTRIES: dict[str, Entry] = {
    "providers:gias_upload": Entry(IMPORTERS),
    "providers:gias_job": Entry(IMPORTERS, gias_import),
    # POST only: the officer's GET is refused; everyone else does not see it at all.
    "providers:gias_decide": Entry(statuses(404, la_officer=405), gias_import),
}
