"""Recording a forum's decision on a case: the outcome, the rationale, a new tier, the
services signposted to and up to three actions, in one transaction that also writes the
pupil's tier history, moves the referral to "decided" (which tells the school, by case
reference only) and audits every row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.forums.models import Action, AgendaItem, Decision, Outcome
from inclusion.forums.selectors.meetings import meetings_visible_to
from inclusion.forums.selectors.options import (
    action_owner_memberships,
    active_support_services,
    agencies_for,
)
from inclusion.forums.services.errors import ForumError, ForumNotAllowedError
from inclusion.forums.timing import is_held
from inclusion.guidance.models import SupportService
from inclusion.pupils.models import TierChange
from inclusion.referrals.models import Referral, Status
from inclusion.referrals.services.lifecycle import referral_transition

MAX_ACTIONS = 3
OWNER_KINDS = ("user", "school", "partnership", "agency")


@dataclass(frozen=True)
class Owner:
    """A person (``user``) or an organisation (``school``, ``partnership``, ``agency``)."""

    kind: str
    pk: uuid.UUID


@dataclass(frozen=True)
class ActionDetails:
    description: str
    owner: Owner
    due_on: dt.date


@dataclass(frozen=True)
class DecisionDetails:
    outcome: str
    rationale: str
    new_tier: int | None = None
    services: Sequence[SupportService] = ()
    actions: Sequence[ActionDetails] = field(default_factory=tuple)


def allowed_owners(referral: Referral) -> set[Owner]:
    """Who may own an action on ``referral``: a member of the referring school or of the
    partnership; the school, the partnership, or an agency of its local authority."""
    users = {m.user_id for m in action_owner_memberships(referral)}
    agencies = set(agencies_for(referral).values_list("pk", flat=True))
    return (
        {Owner("user", pk) for pk in users}
        | {Owner("school", referral.school_id), Owner("partnership", referral.partnership_id)}
        | {Owner("agency", pk) for pk in agencies}
    )


def _check(details: DecisionDetails, referral: Referral, today: dt.date) -> None:
    if details.outcome not in Outcome.values:
        raise ForumError("Select the outcome")
    if not details.rationale.strip():
        raise ForumError("Enter the rationale for the decision")
    if details.outcome == Outcome.TIER_CHANGE and details.new_tier not in (1, 2, 3, 4):
        raise ForumError("Select the new tier")
    active = set(active_support_services().values_list("pk", flat=True))
    if any(service.pk not in active for service in details.services):
        raise ForumError("Select services from the list")
    if details.outcome == Outcome.SIGNPOSTING and not details.services:
        raise ForumError("Select at least one service to signpost to")
    if len(details.actions) > MAX_ACTIONS:
        raise ForumError("A decision may set up to three actions")
    owners = allowed_owners(referral) if details.actions else set()
    for action in details.actions:
        if not action.description.strip():
            raise ForumError("Enter what each action is")
        if action.owner not in owners:
            raise ForumError("Select who owns each action from the list")
        if action.due_on < today:
            raise ForumError("The due date of each action must be today or in the future")


def _action(decision: Decision, details: ActionDetails) -> Action:
    owner = {f"owner_{details.owner.kind}_id": details.owner.pk}
    return Action(
        decision=decision, description=details.description, due_on=details.due_on, **owner
    )


def _locked_item(membership: Membership, item: AgendaItem) -> tuple[AgendaItem, Referral]:
    if not can(membership, "forums.decide"):
        raise ForumNotAllowedError
    current = (
        AgendaItem.objects.filter(
            pk=item.pk, meeting__in=meetings_visible_to(membership=membership)
        )
        .select_related("meeting")
        .first()
    )
    if current is None:
        raise ForumNotAllowedError
    referral = Referral.objects.select_for_update().get(pk=current.referral_id)
    if not is_held(current.meeting, timezone.now()):
        raise ForumError("Decisions are recorded from the day of the meeting")
    if Decision.objects.filter(agenda_item=current).exists():
        raise ForumError("A decision has already been recorded for this case")
    if referral.status != Status.ACCEPTED:
        raise ForumError(
            "This case is no longer accepted for a forum, so no decision can be recorded"
        )
    return current, referral


@transaction.atomic
def decision_record(
    *, actor: User, membership: Membership, item: AgendaItem, details: DecisionDetails
) -> Decision:
    current, referral = _locked_item(membership, item)
    today = timezone.localdate()
    _check(details, referral, today)
    tier_change = details.outcome == Outcome.TIER_CHANGE
    decision = Decision.objects.create(
        agenda_item=current,
        outcome=details.outcome,
        rationale=details.rationale.strip(),
        new_tier=details.new_tier if tier_change else None,
        decided_by=actor,
    )
    decision.services.set(details.services)
    Action.objects.bulk_create(_action(decision, action) for action in details.actions)
    changed = ["outcome", "rationale"]
    changed += ["new_tier"] if tier_change else []
    changed += ["services"] if details.services else []
    changed += ["actions"] if details.actions else []
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=decision,
        pupil_id=referral.pupil_id,
        changes=changed,
    )
    if tier_change and details.new_tier is not None:
        _tier_change(actor, membership, decision, details.new_tier, referral, today)
    referral_transition(
        referral=referral,
        to=Status.DECIDED,
        actor=actor,
        membership=membership,
        note=f"Decided at the Inclusion Forum on {govuk_date(current.meeting.starts_at)}",
    )
    return decision


def _tier_change(
    actor: User,
    membership: Membership,
    decision: Decision,
    tier: int,
    referral: Referral,
    today: dt.date,
) -> None:
    change = TierChange.objects.create(
        pupil_id=referral.pupil_id,
        tier=tier,
        effective_on=today,
        decision=decision,
        note="Set by an Inclusion Forum decision",
        set_by=actor,
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=change,
        pupil_id=referral.pupil_id,
        changes=["tier", "effective_on", "decision"],
    )
