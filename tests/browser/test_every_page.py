"""Every page of the service, opened in a browser by a persona who may see it, passes the
axe-core scan (serious and critical violations fail) with no script errors or failed files.

The pages and who may see them come from the permission matrix (tests/core), so a new page is
scanned here as soon as it is in the matrix. Documents that are not web pages (PDF, CSV,
iCalendar, JSON and evidence files) and the Django admin are left out.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.browser.site import Site
from tests.conftest import County
from tests.core.test_permission_matrix import MATRIX, _url
from tests.matrix import ADMIN

# Who opens each page: the first of these the matrix lets see it.
PREFERENCE = (
    "coordinator",
    "la_officer",
    "school_a",
    "provider",
    "virtual_school",
    "chair",
    "governance",
    "service_admin",
)
NOT_WEB_PAGES = ("pdf", "csv", "xlsx", "json", "ical", "feed", "evidence_file", "core:raw")


def pages_by_persona() -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = defaultdict(list)
    for name, entry in sorted(MATRIX.items()):
        if name == ADMIN or any(part in name for part in NOT_WEB_PAGES):
            continue
        persona = next((p for p in PREFERENCE if entry.expected.get(p) == 200), None)
        if persona is not None:
            chosen[persona].append(name)
    return dict(chosen)


PAGES = pages_by_persona()


def test_every_web_page_is_in_the_scan():
    scanned = {name for names in PAGES.values() for name in names}
    assert len(scanned) > 100, len(scanned)


@pytest.mark.parametrize("persona", sorted(PAGES))
def test_every_page_passes_the_scan(site: Site, county: County, persona: str) -> None:
    site.sign_in_as(persona)
    for name in PAGES[persona]:
        entry = MATRIX[name]
        site.visit(_url(name, entry, county))
