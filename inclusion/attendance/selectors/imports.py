"""Reads for uploading marks: which of the placements a file names the acting provider may see,
and the attendance codes there are.

A placement outside the acting membership's scope is simply not returned, so the file's row
says "not found" whether or not the placement exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from inclusion.accounts.models import Membership
from inclusion.attendance.models import AttendanceCode
from inclusion.placements.models import Placement
from inclusion.placements.selectors.access import placements_visible_to, sees_pack_only


def import_placements(
    *, membership: Membership, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Placement]:
    """The placements among ``ids`` the acting provider may see (of any status), by key, with
    their pupils; one query."""
    wanted = list(ids)
    if not wanted or not sees_pack_only(membership):
        return {}
    found = (
        placements_visible_to(membership=membership)
        .filter(pk__in=wanted)
        .select_related("pupil", "pupil__school")
    )
    return {placement.pk: placement for placement in found}


def attendance_code_names() -> frozenset[str]:
    """Every attendance code, whether or not a provider may use it."""
    return frozenset(AttendanceCode.objects.values_list("code", flat=True))
