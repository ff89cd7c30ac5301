"""Notifications are read only by the person they are for, in the role they were sent to."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from inclusion.accounts.models import Membership
from inclusion.notifications.models import Notification


def notifications_for(*, membership: Membership | None) -> QuerySet[Notification]:
    """The acting membership's notifications, newest first."""
    if membership is None:
        return Notification.objects.none()
    return Notification.objects.filter(
        membership=membership, recipient_id=membership.user_id
    ).order_by("-created_at", "-id")


def unread_ids(*, membership: Membership | None) -> list[uuid.UUID]:
    return list(
        notifications_for(membership=membership)
        .filter(read_at__isnull=True)
        .values_list("pk", flat=True)
    )


def unread_count(*, membership: Membership | None) -> int:
    return notifications_for(membership=membership).filter(read_at__isnull=True).count()


def access_notification(*, membership: Membership | None, pk: uuid.UUID) -> Notification:
    """The notification if it is the membership's own; otherwise 404."""
    notification = notifications_for(membership=membership).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification
