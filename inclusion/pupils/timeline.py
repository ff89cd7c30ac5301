"""A pupil's graduated response as one timeline, newest first: the referrals made for them, the
Inclusion Forum's decisions on those referrals, and every change of tier.

Only what the viewer may see: referrals come through the referrals selector scoped to the acting
membership (a Virtual School officer who sees the pupil sees no referral), decisions only on
those referrals. The pupil itself was already read through ``pupils.selectors.access_pupil``.
Four queries, however long the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Membership
from inclusion.forums.models import Decision, Outcome
from inclusion.pupils.models import Pupil, TierChange
from inclusion.pupils.tiers import TierName, current_tier_change, tier_name, tier_names
from inclusion.referrals.models import Purpose, Referral, Status
from inclusion.referrals.selectors.access import referrals_visible_to

STATUS_TAGS = {
    Status.SUBMITTED: "govuk-tag--blue",
    Status.RETURNED: "govuk-tag--yellow",
    Status.ACCEPTED: "govuk-tag--turquoise",
    Status.DECIDED: "govuk-tag--green",
    Status.CLOSED: "govuk-tag--grey",
    Status.WITHDRAWN: "govuk-tag--grey",
}


@dataclass(frozen=True)
class TimelineEvent:
    kind: str  # "referral", "decision" or "tier"
    on: dt.date
    order: dt.datetime  # breaks ties between events of the same day
    title: str
    detail: str = ""
    reference: str = ""
    url: str = ""
    tag: str = ""
    tag_class: str = ""


@dataclass(frozen=True)
class CurrentTier:
    tier: TierName
    since: dt.date


@dataclass(frozen=True)
class Timeline:
    current: CurrentTier | None
    events: list[TimelineEvent]


def _referral_event(referral: Referral) -> TimelineEvent:
    # Drafts never reach the timeline, so every referral here has been submitted.
    submitted = timezone.localtime(referral.submitted_at or referral.created_at)
    return TimelineEvent(
        kind="referral",
        on=submitted.date(),
        order=submitted,
        title="Referral submitted",
        detail=Purpose(referral.purpose).label if referral.purpose else "",
        reference=referral.reference,
        url=reverse("referrals:detail", kwargs={"pk": referral.pk}),
        tag=Status(referral.status).label,
        tag_class=STATUS_TAGS.get(Status(referral.status), ""),
    )


def _decision_event(decision: Decision, names: Sequence[TierName]) -> TimelineEvent:
    referral = decision.agenda_item.referral
    detail = Outcome(decision.outcome).label
    if decision.new_tier is not None:
        detail = f"{detail}: {tier_name(names, decision.new_tier).label}"
    return TimelineEvent(
        kind="decision",
        on=timezone.localtime(decision.agenda_item.meeting.starts_at).date(),
        order=decision.created_at,
        title="Inclusion Forum decision",
        detail=detail,
        reference=referral.reference,
        url=reverse("referrals:detail", kwargs={"pk": referral.pk}),
    )


def _tier_event(change: TierChange, names: Sequence[TierName]) -> TimelineEvent:
    how = "By an Inclusion Forum decision" if change.decision_id else f"Set by {change.set_by}"
    return TimelineEvent(
        kind="tier",
        on=change.effective_on,
        order=change.at,
        title=f"Moved to {tier_name(names, change.tier).label}",
        detail=f"{how}: {change.note}" if change.note else how,
    )


def pupil_timeline(*, membership: Membership, pupil: Pupil, today: dt.date) -> Timeline:
    names = tier_names(partnership_id=pupil.school.partnership_id)
    referrals = (
        referrals_visible_to(membership=membership).filter(pupil=pupil).exclude(status=Status.DRAFT)
    )
    decisions = Decision.objects.filter(agenda_item__referral__in=referrals).select_related(
        "agenda_item__meeting", "agenda_item__referral"
    )
    changes = list(TierChange.objects.filter(pupil=pupil).select_related("set_by"))
    events = [
        *(_referral_event(referral) for referral in referrals),
        *(_decision_event(decision, names) for decision in decisions),
        *(_tier_event(change, names) for change in changes),
    ]
    events.sort(key=lambda event: (event.on, event.order), reverse=True)
    current = current_tier_change(changes=changes, today=today)
    return Timeline(
        current=CurrentTier(tier_name(names, current.tier), current.effective_on)
        if current
        else None,
        events=events,
    )
