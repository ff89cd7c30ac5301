"""Writes of visits: recording a visit (audited, field names only), and reading one (audited, as
a read of the pupil's record). A visit that raises a concern notifies the partnership's
co-ordinators, with no personal data in the message."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.notifications.services import notify_partnership
from inclusion.placements.models import Placement
from inclusion.visits.models import Visit
from inclusion.visits.selectors import RECORDABLE


class VisitDateError(ValueError):
    """The date of a visit is in the future, or outside the placement."""


@dataclass(frozen=True)
class VisitDetails:
    visited_on: dt.date
    visitor_name: str
    pupil_seen: bool
    register_agrees: bool
    safeguarding_known: bool
    work_seen: bool
    targets_discussed: bool
    health_and_safety: bool
    notes: str = ""
    concerns: str = ""
    follow_up: str = ""


def check_visit_date(placement: Placement, visited_on: dt.date, today: dt.date) -> None:
    """Refuse a date in the future, before the placement started or after it ended."""
    if visited_on > today:
        raise VisitDateError("The date of the visit must be today or in the past")
    if visited_on < placement.start_date:
        raise VisitDateError(
            "The date of the visit must be on or after the day the placement started"
        )
    if placement.end_date is not None and visited_on > placement.end_date:
        raise VisitDateError(
            "The date of the visit must be on or before the day the placement ended"
        )


def concern_message(placement: Placement) -> str:
    """What the co-ordinators are told: the provider, never the pupil."""
    return f"A concern was raised on a visit to a placement at {placement.site.provider.name}"


@transaction.atomic
def visit_record(
    *,
    actor: User,
    membership: Membership,
    placement: Placement,
    details: VisitDetails,
    today: dt.date | None = None,
) -> Visit:
    """Record a visit to a pupil at their placement. A concern notifies the co-ordinators of the
    pupil's school's partnership (in the app, and by e-mail once the transaction commits)."""
    if placement.status not in RECORDABLE:
        raise VisitDateError("A visit can be recorded only once the placement has started")
    check_visit_date(placement, details.visited_on, today or timezone.localdate())
    fields = asdict(details)
    for name in ("visitor_name", "notes", "concerns", "follow_up"):
        fields[name] = fields[name].strip()
    visit = Visit.objects.create(placement=placement, recorded_by=actor, **fields)
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=visit,
        pupil_id=placement.pupil_id,
        changes=[name for name, value in fields.items() if value not in ("", None)],
    )
    if visit.has_concern:
        _notify_concern(placement, visit)
    return visit


def _notify_concern(placement: Placement, visit: Visit) -> None:
    partnership_id = placement.pupil.school.partnership_id or placement.partnership_id
    if partnership_id is None:
        return
    notify_partnership(
        partnership_id=partnership_id,
        message=concern_message(placement),
        url=reverse("visits:detail", kwargs={"pk": visit.pk}),
    )


def visit_viewed(*, actor: User, membership: Membership, visit: Visit) -> None:
    """Reading a visit is reading the pupil's record: audited."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=visit,
        pupil_id=visit.placement.pupil_id,
    )
