"""Reads for the attendance alerts list: alerts of the placements the acting membership sees
(through ``placements.selectors.access``); an alert outside that scope is a 404 and never
appears in the list."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.attendance.models import AttendanceAlert
from inclusion.placements.selectors.access import placements_visible_to

# Acknowledged alerts stay on the list this long after they were acknowledged.
ACKNOWLEDGED_SHOWN_FOR_DAYS = 30

_RELATED = ("placement__pupil", "placement__site__provider", "acknowledged_by")


def alerts_visible_to(
    *, membership: Membership | None, today: dt.date | None = None
) -> QuerySet[AttendanceAlert]:
    """Alerts of the placements the membership sees, for those who act on alerts. The chaser
    to the provider ("not marked by the cut-off") is the provider's to act on: schools and
    co-ordinators get "still not marked after the chaser" instead."""
    if membership is None or not can(membership, "attendance.acknowledge_alert"):
        return AttendanceAlert.objects.none()
    placements = placements_visible_to(membership=membership, today=today)
    return AttendanceAlert.objects.filter(placement__in=placements.values("pk")).exclude(
        kind=AttendanceAlert.Kind.NOT_MARKED
    )


def alert_list(
    *, membership: Membership | None, now: dt.datetime | None = None
) -> QuerySet[AttendanceAlert]:
    """Open (unacknowledged) alerts first, newest first; then those acknowledged in the last
    30 days, most recently acknowledged first. Pupil, provider and acknowledger joined."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=ACKNOWLEDGED_SHOWN_FOR_DAYS)
    return (
        alerts_visible_to(membership=membership, today=timezone.localdate(now))
        .filter(Q(acknowledged_at__isnull=True) | Q(acknowledged_at__gte=since))
        .select_related(*_RELATED)
        .order_by(F("acknowledged_at").desc(nulls_first=True), "-date", "session", "id")
    )


def access_alert(*, membership: Membership | None, pk: uuid.UUID) -> AttendanceAlert:
    alert = alerts_visible_to(membership=membership).select_related(*_RELATED).filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert
