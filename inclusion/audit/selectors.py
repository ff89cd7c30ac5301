"""Reads of the audit trail (LA officers only; rules enforce who)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from inclusion.accounts.models import Membership
from inclusion.audit.models import AuditEvent
from inclusion.pupils.selectors import pupils_visible_to


@dataclass(frozen=True)
class AuditFilters:
    upn: str = ""
    email: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_events_for(*, membership: Membership, filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "membership")
    if filters.upn:
        pupil_ids = pupils_visible_to(membership=membership).filter(upn=filters.upn).values("pk")
        events = events.filter(pupil_id__in=pupil_ids)
    if filters.email:
        events = events.filter(actor__email__iexact=filters.email.strip())
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    return events.order_by("-at", "-id")
