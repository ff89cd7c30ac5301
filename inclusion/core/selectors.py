"""Reads for the home page, scoped to the acting membership."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Q

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.forums.models import ForumMeeting
from inclusion.forums.selectors.actions import actions_for
from inclusion.forums.selectors.meetings import forthcoming_meetings
from inclusion.notifications.selectors import unread_count
from inclusion.providers.selectors.evidence import EvidenceAlerts, evidence_alerts_for
from inclusion.pupils.selectors import pupils_visible_to
from inclusion.referrals.models import Status
from inclusion.referrals.selectors.access import referrals_visible_to
from inclusion.visits.selectors import overdue_count as visits_overdue_count


@dataclass(frozen=True)
class CaseworkSummary:
    """Referrals, forums and actions waiting on the acting role."""

    sees_referrals: bool
    can_start_referral: bool
    can_triage: bool
    drafts: int
    returned: int
    waiting: int  # submitted, not yet triaged
    accepted: int
    sees_forums: bool
    next_meeting: ForumMeeting | None
    open_actions: int
    overdue_actions: int
    unread: int


def casework_summary(*, membership: Membership, today: dt.date) -> CaseworkSummary:
    counts = referrals_visible_to(membership=membership).aggregate(
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        waiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
    )
    actions = actions_for(membership=membership).aggregate(
        open=Count("pk", filter=Q(completed_on__isnull=True)),
        overdue=Count("pk", filter=Q(completed_on__isnull=True, due_on__lt=today)),
    )
    sees_forums = can(membership, "forums.view_forums")
    meetings = forthcoming_meetings(membership=membership, today=today)
    return CaseworkSummary(
        sees_referrals=can(membership, "referrals.view_referral"),
        can_start_referral=can(membership, "referrals.create_referral"),
        can_triage=can(membership, "referrals.view_queue"),
        drafts=counts["drafts"],
        returned=counts["returned"],
        waiting=counts["waiting"],
        accepted=counts["accepted"],
        sees_forums=sees_forums,
        next_meeting=meetings.filter(is_cancelled=False).first() if sees_forums else None,
        open_actions=actions["open"],
        overdue_actions=actions["overdue"],
        unread=unread_count(membership=membership),
    )


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
    casework: CaseworkSummary
    sees_provider_pupils: bool
    edits_guidance: bool
    edits_tiers: bool
    sees_calendar: bool
    manages_plans: bool
    sees_placements: bool
    manages_costs: bool
    sees_recharges: bool
    sees_spend: bool
    marks_register: bool
    sees_school_codes: bool
    sees_alerts: bool
    sees_today: bool
    sees_support_plans: bool
    sees_ofsted_pack: bool
    # Visits to pupils at providers: the visits due list, and how many are overdue.
    sees_visits_due: bool = False
    visits_overdue: int = 0
    # Governance reports: a partnership's termly report, and the county view across them.
    sees_partnership_report: bool = False
    sees_county_report: bool = False
    # Fair Access cases: the co-ordinator, the chair, LA officers, schools allocated a child.
    sees_fair_access: bool = False
    # Managed moves and off-site directions of the school, partnership or county.
    sees_moves: bool = False
    # Suspensions and permanent exclusions: the upcoming statutory deadlines.
    sees_exclusion_deadlines: bool = False


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
        casework=casework_summary(membership=membership, today=today),
        sees_provider_pupils=can(membership, "placements.view_provider_pupils"),
        edits_guidance=can(membership, "guidance.edit_guidance"),
        edits_tiers=can(membership, "guidance.edit_tiers"),
        sees_calendar=can(membership, "calendar.view_calendar"),
        manages_plans=can(membership, "placements.manage_plan"),
        sees_placements=can(membership, "placements.view_placement_list"),
        manages_costs=can(membership, "placements.manage_costs"),
        sees_recharges=can(membership, "placements.view_recharges"),
        sees_spend=can(membership, "placements.view_spend"),
        marks_register=can(membership, "attendance.mark_register"),
        sees_school_codes=can(membership, "attendance.school_codes"),
        sees_alerts=can(membership, "attendance.acknowledge_alert"),
        sees_today=can(membership, "attendance.view_today"),
        sees_support_plans=can(membership, "offers.view_plan"),
        sees_ofsted_pack=can(membership, "reports.view_ofsted_pack"),
        sees_visits_due=can(membership, "visits.view_due"),
        visits_overdue=visits_overdue_count(membership=membership, today=today),
        sees_partnership_report=can(membership, "reports.view_partnership_report"),
        sees_county_report=can(membership, "reports.view_county_report"),
        sees_fair_access=can(membership, "fairaccess.view_cases"),
        sees_moves=can(membership, "moves.view_moves"),
        sees_exclusion_deadlines=can(membership, "exclusions.view_deadlines"),
    )
