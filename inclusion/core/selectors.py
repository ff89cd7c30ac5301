"""Reads for the home page, scoped to the acting membership."""

from __future__ import annotations

from dataclasses import dataclass

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.pupils.selectors import pupils_visible_to


@dataclass(frozen=True)
class HomeSummary:
    pupil_count: int | None
    can_view_audit: bool
    can_create_pupil: bool


def home_summary(*, membership: Membership) -> HomeSummary:
    sees_pupils = can(membership, "pupils.view_pupil")
    return HomeSummary(
        pupil_count=pupils_visible_to(membership=membership).count() if sees_pupils else None,
        can_view_audit=can(membership, "audit.view_audit"),
        can_create_pupil=can(membership, "pupils.create_pupil"),
    )
