"""The referral lifecycle as a table (ADR 5): from each status, the statuses it may move to and
the rule a membership must pass to make the move. Anything not in the table is refused."""

from __future__ import annotations

from inclusion.referrals.models import Status

TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "referrals.submit_referral",
    (Status.DRAFT, Status.WITHDRAWN): "referrals.submit_referral",
    (Status.RETURNED, Status.SUBMITTED): "referrals.submit_referral",
    (Status.RETURNED, Status.WITHDRAWN): "referrals.submit_referral",
    (Status.SUBMITTED, Status.WITHDRAWN): "referrals.submit_referral",
    (Status.SUBMITTED, Status.RETURNED): "referrals.triage_referral",
    (Status.SUBMITTED, Status.ACCEPTED): "referrals.triage_referral",
    (Status.SUBMITTED, Status.CLOSED): "referrals.triage_referral",
    (Status.ACCEPTED, Status.RETURNED): "referrals.triage_referral",
    (Status.ACCEPTED, Status.DECIDED): "referrals.decide_referral",
    (Status.ACCEPTED, Status.WITHDRAWN): "referrals.submit_referral",
    (Status.DECIDED, Status.CLOSED): "referrals.triage_referral",
}

OPEN_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED, Status.DECIDED)
# Statuses in which the school may still change what it wrote.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


def allowed_moves(status: str) -> list[tuple[str, str]]:
    """(target status, rule) pairs allowed from ``status``."""
    return [(to, rule) for (frm, to), rule in TRANSITIONS.items() if frm == status]
