"""The choices a forum's forms offer: who may own an action, which agencies and schools may
attend, which support services may be signposted to, and what the partnership calls its tiers."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from inclusion.accounts.models import Membership, Role
from inclusion.forums.models import Attendance, ForumMeeting
from inclusion.guidance.models import SupportService
from inclusion.organisations.models import Agency, School
from inclusion.pupils.tiers import tier_names as partnership_tier_names
from inclusion.referrals.models import Referral


def action_owner_memberships(referral: Referral) -> QuerySet[Membership]:
    """Active members of the referring school and of the partnership (co-ordinators and chairs):
    the people who may own an action."""
    return (
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(
            Q(role=Role.SCHOOL_STAFF, school_id=referral.school_id)
            | Q(role__in=(Role.COORDINATOR, Role.CHAIR), partnership_id=referral.partnership_id)
        )
        .select_related("user", "school", "partnership")
        .order_by("user__full_name", "user__email")
    )


def agencies_for(meeting_or_referral: ForumMeeting | Referral) -> QuerySet[Agency]:
    """The agencies of the partnership's local authority."""
    return Agency.objects.filter(
        local_authority__partnerships__id=meeting_or_referral.partnership_id
    ).order_by("name")


def partnership_schools(meeting: ForumMeeting) -> QuerySet[School]:
    return School.objects.filter(partnership_id=meeting.partnership_id, is_open=True).order_by(
        "name"
    )


def active_support_services() -> QuerySet[SupportService]:
    return SupportService.objects.filter(is_active=True).order_by("name")


def tier_names(partnership_id: uuid.UUID) -> dict[int, str]:
    """Tiers 1 to 4 as the partnership names them (defaults where it has not)."""
    return {t.tier: t.name for t in partnership_tier_names(partnership_id=partnership_id)}


def attendance_of(meeting: ForumMeeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("school", "agency")
        .order_by("created_at", "id")
    )
