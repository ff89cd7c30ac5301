"""Writes to quality assurance visits: recording a visit on the shared template, and marking
one of its actions done. Every visit refreshes the provider's derived QA status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.providers.models import Provider, QaAction, QaJudgement, QaVisit
from inclusion.providers.qa_template import ITEMS
from inclusion.providers.selectors.access import may_manage
from inclusion.providers.services.status import refresh_provider_status

RECORDED = AuditEvent.Verb.QA_VISIT_RECORDED
ACTION_COMPLETED = AuditEvent.Verb.QA_ACTION_COMPLETED


class QaNotAllowedError(PermissionError):
    """Only co-ordinators and LA officers record QA visits and close their actions."""


class QaActionAlreadyCompletedError(Exception):
    """Someone else marked the action done first."""


@dataclass(frozen=True)
class JudgementDetails:
    item: str
    judgement: str
    evidence: str


@dataclass(frozen=True)
class ActionDetails:
    description: str
    owner: str
    due_on: dt.date


@dataclass(frozen=True)
class VisitDetails:
    visited_on: dt.date
    visitors: str
    overall_rating: str
    summary: str
    judgements: Sequence[JudgementDetails]
    actions: Sequence[ActionDetails]


@transaction.atomic
def qa_visit_record(
    *, actor: User, membership: Membership, provider: Provider, details: VisitDetails
) -> QaVisit:
    """Record a visit with a judgement for every item of the template."""
    if not may_manage(membership):
        raise QaNotAllowedError
    judged = {j.item for j in details.judgements}
    if judged != set(ITEMS) or len(judged) != len(details.judgements):
        raise ValueError("A QA visit needs exactly one judgement for every template item")
    visit = QaVisit.objects.create(
        provider=provider,
        visited_on=details.visited_on,
        visitors=details.visitors,
        overall_rating=details.overall_rating,
        summary=details.summary,
        recorded_by=actor,
    )
    QaJudgement.objects.bulk_create(
        QaJudgement(visit=visit, item=j.item, judgement=j.judgement, evidence=j.evidence)
        for j in details.judgements
    )
    QaAction.objects.bulk_create(
        QaAction(visit=visit, description=a.description, owner=a.owner, due_on=a.due_on)
        for a in details.actions
    )
    changed = ["visited_on", "visitors", "overall_rating", "judgements"]
    changed += ["summary"] if details.summary else []
    changed += ["actions"] if details.actions else []
    audit_record(actor=actor, membership=membership, verb=RECORDED, target=visit, changes=changed)
    refresh_provider_status(provider=provider)
    return visit


@transaction.atomic
def qa_action_complete(
    *, actor: User, membership: Membership, action: QaAction, completed_on: dt.date
) -> QaAction:
    if not may_manage(membership):
        raise QaNotAllowedError
    updated = QaAction.objects.filter(pk=action.pk, completed_on__isnull=True).update(
        completed_on=completed_on
    )
    if not updated:
        raise QaActionAlreadyCompletedError
    action.refresh_from_db()
    audit_record(
        actor=actor,
        membership=membership,
        verb=ACTION_COMPLETED,
        target=action,
        changes=["completed_on"],
    )
    return action
