"""Referrals in any state, for tests (fictional data only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from inclusion.accounts.models import Membership, User
from inclusion.pupils.models import Pupil
from inclusion.referrals.models import Consent, Purpose, Referral, ReferralStatus, Status
from inclusion.referrals.services.lifecycle import new_reference

# A complete referral's answers (what a school would have filled in every section).
COMPLETE: dict[str, Any] = {
    "purpose": Purpose.FORUM_NAMED,
    "reason": "Fictional: rising anxiety and missed lessons since the spring.",
    "needs_semh": "Fictional: anxious in busy places; leaves lessons.",
    "semh_details": ["anxiety", "withdrawn"],
    "attendance_percent": 84,
    "suspension_count": 1,
    "suspension_days": 1,
    "behaviour_summary": "Fictional: two removals from class this term.",
    "agencies": ["early_help"],
    "has_social_worker": False,
    "plan": "none",
    "parent_views": "Fictional: parent wants a smaller setting.",
    "consent": Consent.GIVEN,
    "consent_given_by": "Parent (fictional)",
    "pupil_voice": "Fictional: 'I want to do well in maths.'",
    "known_risks": "None known.",
    "referrer_name": "Alex Referrer",
    "referrer_role": "Inclusion lead",
    "referrer_email": "alex.referrer@example.org",
    "dsl_name": "Dana Lead",
    "dsl_email": "dana.lead@example.org",
}


def make_referral(
    *,
    pupil: Pupil,
    by: Membership,
    status: str = Status.SUBMITTED,
    submitted_days_ago: int = 3,
    **answers: Any,
) -> Referral:
    """A referral for ``pupil`` made by ``by``, already in ``status``, with a history row for
    each step a real one would have taken to get there."""
    school = pupil.school
    assert school.partnership is not None, "the pupil's school must be in a partnership"
    submitted = status != Status.DRAFT
    submitted_at = timezone.now() - dt.timedelta(days=submitted_days_ago)
    values = {**COMPLETE, **answers}
    referral = Referral.objects.create(
        reference=new_reference(),
        pupil=pupil,
        school=school,
        partnership=school.partnership,
        created_by=by.user,
        status=status,
        submitted_at=submitted_at if submitted else None,
        sen_provision=pupil.sen_provision,
        **values,
    )
    steps: list[str] = [Status.DRAFT]
    if submitted:
        steps.append(Status.SUBMITTED)
    if status in (Status.ACCEPTED, Status.DECIDED, Status.CLOSED):
        steps.append(Status.ACCEPTED)
    if status in (Status.DECIDED, Status.CLOSED):
        steps.append(Status.DECIDED)
    if status not in steps:
        steps.append(status)
    user: User = by.user
    ReferralStatus.objects.bulk_create(
        ReferralStatus(referral=referral, status=step, actor=user, membership=by) for step in steps
    )
    return referral
