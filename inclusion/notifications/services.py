"""Notify people in the app and by e-mail. The message is the whole of what is said: a case
reference and what happened, with a link to the service. Never put personal data in it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string

from inclusion.accounts.models import Membership, Role
from inclusion.notifications.models import Notification

SUBJECT_PREFIX = "Inclusion Partnerships: "


def notify(*, memberships: Iterable[Membership], message: str, url: str) -> list[Notification]:
    """A notification for each active membership, and an e-mail to each person once the
    transaction commits."""
    chosen = [m for m in memberships if m.is_active]
    rows = Notification.objects.bulk_create(
        Notification(recipient_id=m.user_id, membership=m, message=message, url=url) for m in chosen
    )
    emails = sorted({m.user.email for m in chosen if m.user.email})
    if emails:
        transaction.on_commit(lambda: _send(emails, message, url))
    return rows


def _send(emails: list[str], message: str, url: str) -> None:
    link = settings.SERVICE_URL.rstrip("/") + url
    body = render_to_string(
        "notifications/email/notification.txt", {"message": message, "link": link}
    )
    with get_connection() as connection:
        for email in emails:
            EmailMessage(
                subject=SUBJECT_PREFIX + message, body=body, to=[email], connection=connection
            ).send()


def _members(**filters: object) -> list[Membership]:
    return list(Membership.objects.filter(is_active=True, **filters).select_related("user"))


def notify_partnership(*, partnership_id: uuid.UUID, message: str, url: str) -> None:
    """The partnership's co-ordinators."""
    notify(
        memberships=_members(role=Role.COORDINATOR, partnership_id=partnership_id),
        message=message,
        url=url,
    )


def notify_school(*, school_id: uuid.UUID, message: str, url: str) -> None:
    """The school's staff who use the service."""
    notify(
        memberships=_members(role=Role.SCHOOL_STAFF, school_id=school_id),
        message=message,
        url=url,
    )


def safeguarding_leads_and_coordinators(
    *, school_ids: Iterable[uuid.UUID], partnership_ids: Iterable[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[Membership]], dict[uuid.UUID, list[Membership]]]:
    """In one query: each school's designated safeguarding leads (all its staff who use the
    service when none is marked as its DSL), and each partnership's co-ordinators."""
    schools, partnerships = set(school_ids), set(partnership_ids)
    found = (
        Membership.objects.filter(is_active=True)
        .filter(
            Q(role=Role.SCHOOL_STAFF, school_id__in=schools)
            | Q(role=Role.COORDINATOR, partnership_id__in=partnerships)
        )
        .select_related("user")
        .order_by("pk")
    )
    staff: dict[uuid.UUID, list[Membership]] = defaultdict(list)
    coordinators: dict[uuid.UUID, list[Membership]] = defaultdict(list)
    for membership in found:
        if membership.role == Role.COORDINATOR and membership.partnership_id is not None:
            coordinators[membership.partnership_id].append(membership)
        elif membership.school_id is not None:
            staff[membership.school_id].append(membership)
    leads = {
        school: [m for m in members if m.is_safeguarding_lead] or members
        for school, members in staff.items()
    }
    return leads, dict(coordinators)


def notify_provider(*, provider_id: uuid.UUID, message: str, url: str) -> None:
    """The provider's staff who use the service."""
    notify(
        memberships=_members(role=Role.PROVIDER_STAFF, provider_id=provider_id),
        message=message,
        url=url,
    )


def mark_read(*, membership: Membership, notification_ids: Iterable[uuid.UUID]) -> int:
    from django.utils import timezone

    return Notification.objects.filter(
        membership=membership, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=timezone.now())
