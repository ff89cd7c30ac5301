"""What the case page reads beside the referral itself (already scoped by ``access_referral``)."""

from __future__ import annotations

from inclusion.referrals.models import Intervention, Referral, ReferralStatus


def case_history(*, referral: Referral) -> list[ReferralStatus]:
    """The referral's status history, oldest first, with who made each move."""
    return list(
        ReferralStatus.objects.filter(referral=referral)
        .select_related(
            "actor",
            "membership__school",
            "membership__partnership",
            "membership__provider",
            "membership__local_authority",
        )
        .order_by("at", "id")
    )


def case_interventions(*, referral: Referral) -> list[Intervention]:
    return list(Intervention.objects.filter(referral=referral).order_by("started_on", "created_at"))
