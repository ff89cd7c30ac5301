"""What a provider's compliance and QA status is on a date, derived from the columns services
keep current. The same rules are given twice — as Python for one provider and as a ``Q`` for a
list — and tests hold the two together."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.db.models import Q

from inclusion.providers.models import Provider, QaVisit

EXPIRING_WITHIN_DAYS = 30
QA_VISIT_VALID_DAYS = 365


class Compliance(StrEnum):
    LAPSED = "lapsed"
    EXPIRING = "expiring"
    INCOMPLETE = "incomplete"
    IN_DATE = "in_date"

    @property
    def label(self) -> str:
        return COMPLIANCE_LABELS[self]


COMPLIANCE_LABELS = {
    Compliance.LAPSED: "Compliance lapsed",
    Compliance.EXPIRING: "Evidence expiring soon",
    Compliance.INCOMPLETE: "Evidence incomplete",
    Compliance.IN_DATE: "Evidence in date",
}


class QaStatus(StrEnum):
    LAPSED = "lapsed"
    NOT_VISITED = "not_visited"
    OVERDUE = "overdue"
    MEETS = QaVisit.Rating.MEETS.value
    PARTLY = QaVisit.Rating.PARTLY.value
    NOT_MET = QaVisit.Rating.DOES_NOT_MEET.value

    @property
    def label(self) -> str:
        return QA_LABELS[self]


QA_LABELS = {
    QaStatus.LAPSED: "Compliance lapsed",
    QaStatus.NOT_VISITED: "Not yet visited",
    QaStatus.OVERDUE: "QA visit overdue",
    QaStatus.MEETS: "Meets the standards",
    QaStatus.PARTLY: "Partly meets the standards",
    QaStatus.NOT_MET: "Does not meet the standards",
}


def compliance_of(provider: Provider, today: dt.date) -> Compliance:
    expires = provider.evidence_expires_on
    if expires is not None and expires < today:
        return Compliance.LAPSED
    if provider.evidence_missing:
        return Compliance.INCOMPLETE
    if expires is not None and expires <= today + dt.timedelta(days=EXPIRING_WITHIN_DAYS):
        return Compliance.EXPIRING
    return Compliance.IN_DATE


def qa_status_of(provider: Provider, today: dt.date) -> QaStatus:
    if compliance_of(provider, today) is Compliance.LAPSED:
        return QaStatus.LAPSED
    if provider.last_qa_visit_on is None:
        return QaStatus.NOT_VISITED
    if provider.last_qa_visit_on < today - dt.timedelta(days=QA_VISIT_VALID_DAYS):
        return QaStatus.OVERDUE
    return QaStatus(provider.last_qa_rating)


def _lapsed(today: dt.date) -> Q:
    return Q(evidence_expires_on__lt=today)


def compliance_q(state: Compliance, today: dt.date) -> Q:
    """Providers in ``state`` on ``today``, as a filter."""
    soon = today + dt.timedelta(days=EXPIRING_WITHIN_DAYS)
    not_lapsed = ~_lapsed(today) | Q(evidence_expires_on__isnull=True)
    if state is Compliance.LAPSED:
        return _lapsed(today)
    if state is Compliance.INCOMPLETE:
        return not_lapsed & Q(evidence_missing__gt=0)
    expiring = Q(evidence_expires_on__gte=today, evidence_expires_on__lte=soon)
    if state is Compliance.EXPIRING:
        return expiring & Q(evidence_missing=0)
    return not_lapsed & Q(evidence_missing=0) & ~expiring


def qa_status_q(state: QaStatus, today: dt.date) -> Q:
    """Providers whose QA status on ``today`` is ``state``, as a filter."""
    if state is QaStatus.LAPSED:
        return _lapsed(today)
    live = ~_lapsed(today) | Q(evidence_expires_on__isnull=True)
    valid_from = today - dt.timedelta(days=QA_VISIT_VALID_DAYS)
    if state is QaStatus.NOT_VISITED:
        return live & Q(last_qa_visit_on__isnull=True)
    if state is QaStatus.OVERDUE:
        return live & Q(last_qa_visit_on__lt=valid_from)
    return live & Q(last_qa_visit_on__gte=valid_from, last_qa_rating=state.value)
