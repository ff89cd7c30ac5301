"""Whose actions are whose: "My actions" for the acting membership. An action outside it is a
404 (DESIGN.md §5).

A person sees the actions they own; school staff also those owned by their school;
co-ordinators also those owned by their partnership, and those owned by agencies (which do
not sign in) for their partnership's cases, so that someone follows them up.
"""

from __future__ import annotations

import uuid

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role
from inclusion.forums.models import Action

ACTION_RELATED = (
    "decision__agenda_item__referral",
    "decision__agenda_item__meeting",
    "owner_user",
    "owner_school",
    "owner_partnership",
    "owner_agency",
)


def _owned_by(membership: Membership) -> Q:
    owned = Q(owner_user_id=membership.user_id)
    if membership.role == Role.SCHOOL_STAFF:
        owned |= Q(owner_school_id=membership.school_id)
    if membership.role == Role.COORDINATOR:
        owned |= Q(owner_partnership_id=membership.partnership_id)
        owned |= Q(
            owner_agency__isnull=False,
            decision__agenda_item__meeting__partnership_id=membership.partnership_id,
        )
    return owned


def actions_for(*, membership: Membership | None) -> QuerySet[Action]:
    if membership is None or not can(membership, "forums.view_actions"):
        return Action.objects.none()
    return Action.objects.filter(_owned_by(membership))


def my_actions(*, membership: Membership | None) -> QuerySet[Action]:
    """Open actions first, soonest due first; then those done."""
    open_first = Case(
        When(completed_on__isnull=True, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        actions_for(membership=membership)
        .select_related(*ACTION_RELATED)
        .order_by(open_first, "due_on", "created_at")
    )


def access_action(*, membership: Membership | None, pk: uuid.UUID) -> Action:
    action = (
        actions_for(membership=membership).select_related(*ACTION_RELATED).filter(pk=pk).first()
    )
    if action is None:
        raise Http404
    return action
