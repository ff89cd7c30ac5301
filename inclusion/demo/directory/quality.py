"""Compliance evidence and QA visits for the demo providers, relative to the day of the build."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable

from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.demo import generate as g
from inclusion.demo.directory import pools
from inclusion.demo.directory.pools import Build
from inclusion.providers.models import (
    REQUIRED_EVIDENCE,
    ComplianceEvidence,
    EvidenceKind,
    Provider,
    ProviderContact,
    QaAction,
    QaJudgement,
    QaVisit,
)
from inclusion.providers.qa_template import AREAS as QA_AREAS

Judgement = QaJudgement.Judgement
Rating = QaVisit.Rating


def load_people(b: Build) -> None:
    """The demo's co-ordinators and LA officers, and each provider's first staff member."""
    demo = User.objects.filter(email__endswith=f"@{g.DEMO_DOMAIN}")
    roles = (Role.COORDINATOR, Role.LA_OFFICER)
    officers = demo.filter(memberships__role__in=roles, memberships__is_active=True)
    b.officers = list(officers.distinct().order_by("email"))
    staff = Membership.objects.filter(
        role=Role.PROVIDER_STAFF, provider__in=[x.pk for x in b.providers], user__in=demo
    ).select_related("user")
    for membership in sorted(staff, key=lambda m: m.user.email):
        if membership.provider_id is not None:
            b.staff.setdefault(membership.provider_id, membership.user)


# --- evidence ------------------------------------------------------------------------------


def _confirmed(
    b: Build, provider: Provider, kind: str, expires: dt.date | None, verifier: User
) -> ComplianceEvidence:
    if expires is None:  # registration evidence: checked at the last inspection
        checked = provider.last_inspection_date or b.days_ago(30, 300)
    else:
        checked = expires - dt.timedelta(days=pools.valid_days(kind))
    verified_on = min(checked + dt.timedelta(days=b.rng.randint(0, 5)), b.today)
    verified_at = dt.datetime.combine(verified_on, dt.time(b.rng.randint(9, 16)))
    return ComplianceEvidence(
        provider=provider,
        kind=kind,
        checked_on=checked,
        expires_on=expires,
        notes=pools.EVIDENCE_NOTES[EvidenceKind(kind)],
        status=ComplianceEvidence.Status.CONFIRMED,
        submitted_by=verifier,
        verified_by=verifier,
        verified_at=timezone.make_aware(verified_at),
    )


def _awaiting(b: Build, provider: Provider, kind: str) -> ComplianceEvidence:
    """A renewal the provider's staff sent in, not yet confirmed (so it does not count)."""
    checked = b.days_ago(1, 10)
    return ComplianceEvidence(
        provider=provider,
        kind=kind,
        checked_on=checked,
        expires_on=checked + dt.timedelta(days=pools.valid_days(kind)),
        notes=pools.AWAITING_NOTE,
        status=ComplianceEvidence.Status.AWAITING_CONFIRMATION,
        submitted_by=b.staff.get(provider.pk) or b.rng.choice(b.officers),
    )


def _expiry(b: Build, kind: str, state: str, odd_kind: str) -> dt.date:
    """In date; or, for the odd kind of a provider expiring or lapsed, soon or gone."""
    if kind == odd_kind and state == "expiring":
        return b.days_ahead(2, 28)
    if kind == odd_kind and state == "lapsed":
        return b.days_ago(1, 45)
    return b.days_ahead(40, pools.valid_days(kind) - 20)


def _provider_evidence(b: Build, provider: Provider, state: str) -> list[ComplianceEvidence]:
    odd_kind, verifier = b.rng.choice(REQUIRED_EVIDENCE), b.rng.choice(b.officers)
    rows = [
        _confirmed(b, provider, kind, _expiry(b, kind, state, odd_kind), verifier)
        for kind in REQUIRED_EVIDENCE
        if not (state == "incomplete" and kind == odd_kind)
    ]
    if provider.is_registered_school:
        rows.append(_confirmed(b, provider, EvidenceKind.REGISTRATION, None, verifier))
    if state == "awaiting":
        rows.append(_awaiting(b, provider, odd_kind))
    return rows


def create_evidence(b: Build, states: dict[uuid.UUID, str]) -> None:
    """Every required kind, confirmed; one kind expiring, lapsed, missing or renewed and
    awaiting confirmation for the providers in those states."""
    rows = [row for x in b.providers for row in _provider_evidence(b, x, states[x.pk])]
    ComplianceEvidence.objects.bulk_create(rows, batch_size=g.BATCH_SIZE)


# --- QA visits -----------------------------------------------------------------------------


def qa_item_codes() -> list[str]:
    """Every item of the shared QA template, area by area."""
    return [item.code for area in QA_AREAS for item in area.items]


def overall_rating(judgements: Iterable[str]) -> str:
    """Two items not met: does not meet; one, or more than two partly met: partly meets."""
    counts = Counter(judgements)
    if counts[Judgement.NOT_MET] >= 2:
        return Rating.DOES_NOT_MEET
    if counts[Judgement.NOT_MET] or counts[Judgement.PARTLY_MET] > 2:
        return Rating.PARTLY
    return Rating.MEETS


def _visit_dates(b: Build) -> list[dt.date]:
    """1 to 3 visits in the last two years, the latest mostly within the last year."""
    days_ago = [b.rng.randint(7, 400)]
    for _ in range(b.rng.randint(0, 2)):
        if days_ago[-1] + 150 < 700:
            days_ago.append(b.rng.randint(days_ago[-1] + 150, 700))
    return [b.today - dt.timedelta(days=days) for days in days_ago]


def _visit(
    b: Build, provider: Provider, on: dt.date, recorder: User, items: list[str]
) -> tuple[QaVisit, list[QaJudgement]]:
    """A visit on the shared template: a judgement on every item and a consistent rating."""
    odds = pools.JUDGEMENT_ODDS[b.pick(pools.VISIT_PROFILES)]
    marks = [(item, b.pick(odds)) for item in items]
    rating = overall_rating(mark for _, mark in marks)
    with_school = " and a school inclusion lead" if b.rng.random() < 0.4 else ""
    visit = QaVisit(
        provider=provider,
        visited_on=on,
        visitors=recorder.full_name + with_school,
        overall_rating=rating,
        summary=pools.VISIT_SUMMARIES[Rating(rating)],
        recorded_by=recorder,
    )
    notes = pools.JUDGEMENT_NOTES
    judgements = [
        QaJudgement(visit=visit, item=item, judgement=mark, evidence=b.rng.choice(notes[mark]))
        for item, mark in marks
    ]
    return visit, judgements


def _actions(b: Build, visit: QaVisit, owner: str) -> list[QaAction]:
    """None or one after a good visit, one or two otherwise; most past their date done."""
    rng = b.rng
    count = rng.choice((0, 0, 1)) if visit.overall_rating == Rating.MEETS else rng.randint(1, 2)
    actions = []
    for description in rng.sample(pools.ACTIONS, count):
        due = visit.visited_on + dt.timedelta(days=rng.randint(21, 90))
        done = due < b.today and rng.random() < 0.8
        completed = max(visit.visited_on, due - dt.timedelta(days=rng.randint(0, 14)))
        action = QaAction(visit=visit, description=description, owner=owner, due_on=due)
        action.completed_on = completed if done else None
        actions.append(action)
    return actions


def create_qa_visits(
    b: Build, visited: set[uuid.UUID], main_contacts: dict[uuid.UUID, ProviderContact]
) -> None:
    items = qa_item_codes()
    visits, judgements, actions = [], [], []
    for provider in (x for x in b.providers if x.pk in visited):
        recorder = b.rng.choice(b.officers)
        for on in _visit_dates(b):
            visit, marks = _visit(b, provider, on, recorder, items)
            visits.append(visit)
            judgements += marks
            owner = b.rng.choice((main_contacts[provider.pk].name, recorder.full_name))
            actions += _actions(b, visit, owner)
    QaVisit.objects.bulk_create(visits, batch_size=g.BATCH_SIZE)
    QaJudgement.objects.bulk_create(judgements, batch_size=g.BATCH_SIZE)
    QaAction.objects.bulk_create(actions, batch_size=g.BATCH_SIZE)
