"""Reads for the home page, scoped to the acting membership."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.providers.selectors.evidence import EvidenceAlerts, evidence_alerts_for
from inclusion.pupils.selectors import pupils_visible_to


@dataclass(frozen=True)
class HomeSummary:
    pupil_count: int | None
    can_view_audit: bool
    can_create_pupil: bool
    sees_directory: bool
    can_create_provider: bool
    can_run_registration_test: bool
    can_import_gias: bool
    own_provider_id: uuid.UUID | None
    evidence: EvidenceAlerts


def home_summary(*, membership: Membership, today: dt.date) -> HomeSummary:
    sees_pupils = can(membership, "pupils.view_pupil")
    own_provider = membership.provider_id if membership.role == Role.PROVIDER_STAFF else None
    return HomeSummary(
        pupil_count=pupils_visible_to(membership=membership).count() if sees_pupils else None,
        can_view_audit=can(membership, "audit.view_audit"),
        can_create_pupil=can(membership, "pupils.create_pupil"),
        sees_directory=can(membership, "providers.view_directory"),
        can_create_provider=can(membership, "providers.create_provider"),
        can_run_registration_test=can(membership, "providers.view_registration_test"),
        can_import_gias=can(membership, "providers.import_gias"),
        own_provider_id=own_provider,
        evidence=evidence_alerts_for(membership=membership, today=today),
    )
