"""Permission-matrix entries for the advice pages: public reading, and editing guidance and
support services (co-ordinators and LA officers)."""

from __future__ import annotations

from typing import Any

from inclusion.guidance.models import GuidancePage, SupportService
from tests.conftest import County
from tests.matrix import PUBLIC, Entry, statuses

EDITORS = statuses(404, coordinator=200, la_officer=200)


def partnership(county: County) -> dict[str, Any]:
    return {"pk": county.partnership.pk}


def published(county: County) -> dict[str, Any]:
    return {"slug": "inclusion-forums"}


def page(county: County) -> dict[str, Any]:
    return {"pk": GuidancePage.objects.get(slug="fair-access").pk}


def version(county: County) -> dict[str, Any]:
    found = GuidancePage.objects.get(slug="fair-access")
    return {"pk": found.pk, "version_id": found.versions.get().pk}


def service(county: County) -> dict[str, Any]:
    return {"pk": SupportService.objects.order_by("name").first().pk}  # type: ignore[union-attr]


ENTRIES: dict[str, Entry] = {
    "guidance:index": Entry(PUBLIC),
    "guidance:services": Entry(PUBLIC),
    "guidance:partnership": Entry(PUBLIC, partnership),
    "guidance:page": Entry(PUBLIC, published),
    "guidance:manage": Entry(EDITORS),
    "guidance:create": Entry(EDITORS),
    "guidance:edit": Entry(EDITORS, page),
    "guidance:history": Entry(EDITORS, page),
    "guidance:version": Entry(EDITORS, version),
    "guidance:service_list": Entry(EDITORS),
    "guidance:service_create": Entry(EDITORS),
    "guidance:service_edit": Entry(EDITORS, service),
    "guidance:service_deactivate": Entry(EDITORS, service),
    "guidance:service_reactivate": Entry(EDITORS, service),
}
