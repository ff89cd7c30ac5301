"""Reading a case: every read of a referral is a read of a pupil's record, so it is audited."""

from __future__ import annotations

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.referrals.models import Referral


def referral_viewed(*, actor: User, membership: Membership, referral: Referral) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=referral,
        pupil_id=referral.pupil_id,
    )
