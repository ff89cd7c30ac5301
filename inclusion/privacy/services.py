"""Writes for subject access and retention. Every one is atomic and audited in the same
transaction; the retention job audits counts and field names only, never a value."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.models import Membership, User
from inclusion.attendance.models import AttendanceMark
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.submit import RefusedError
from inclusion.organisations.models import LocalAuthority
from inclusion.privacy import selectors
from inclusion.privacy.models import (
    Action,
    AnonymisedPupil,
    LegalHold,
    RecordType,
    RetentionRun,
)
from inclusion.privacy.retention import PupilDue, marks_due_before, pupil_due
from inclusion.pupils.models import Pupil

EXPORT_TARGET = "privacy.subject_access_export"
ANONYMISED_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_first_name",
    "preferred_last_name",
    "search_name",
    "date_of_birth",
    "upn",
    "upn_is_temporary",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
)


def subject_access_exported(
    *, actor: User, membership: Membership, pupil: Pupil, file_format: str
) -> None:
    """Record that an officer downloaded everything held about ``pupil``."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target_type=EXPORT_TARGET,
        target_id=str(pupil.pk),
        pupil_id=pupil.pk,
        changes=[file_format],
    )


@transaction.atomic
def legal_hold_place(
    *, actor: User, membership: Membership, pupil: Pupil, reason: str
) -> LegalHold:
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    if selectors.open_hold(pupil=pupil) is not None:
        raise RefusedError("A legal hold is already in place for this pupil")
    hold = LegalHold.objects.create(pupil=pupil, reason=reason, placed_by=actor)
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=hold,
        pupil_id=pupil.pk,
        changes=["reason"],
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: User, membership: Membership, pupil: Pupil) -> LegalHold:
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    hold = selectors.open_hold(pupil=pupil)
    if hold is None:
        raise RefusedError("There is no legal hold to lift")
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor
    hold.save(update_fields=["lifted_at", "lifted_by", "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=hold,
        pupil_id=pupil.pk,
        changes=["lifted_at", "lifted_by"],
    )
    return hold


@dataclass
class Tally:
    action: str
    due: int = 0
    held: int = 0
    done: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "due": self.due, "held": self.held, "done": self.done}


@dataclass
class Plan:
    """What a run found due, before anything is done."""

    pupils: list[PupilDue] = field(default_factory=list)
    marks: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    tallies: dict[str, Tally] = field(default_factory=dict)


def retention_plan(*, local_authority: LocalAuthority, today: dt.date) -> Plan:
    rules = selectors.retention_rules()
    plan = Plan(tallies={kind: Tally(rule.action) for kind, rule in sorted(rules.items())})
    for facts in selectors.pupil_facts(local_authority=local_authority):
        due = pupil_due(facts, rules, today)
        if due is None:
            continue
        tally = plan.tallies[due.record_type]
        tally.due += 1
        tally.held += due.held
        if not due.held and due.action == Action.ANONYMISE:
            plan.pupils.append(due)
    attendance = rules.get(RecordType.ATTENDANCE)
    if attendance is not None:
        marks = selectors.marks_due(
            local_authority=local_authority,
            basis=attendance.basis,
            on_or_before=marks_due_before(attendance, today),
        )
        grouped: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        tally = plan.tallies[RecordType.ATTENDANCE]
        for mark_id, pupil_id, held in marks:
            tally.due += 1
            tally.held += held
            if not held:
                grouped[pupil_id].append(mark_id)
        if attendance.action == Action.DELETE:
            plan.marks = dict(grouped)
    return plan


def _still_free(pupil_id: uuid.UUID) -> Pupil | None:
    """The pupil, locked, unless a hold was placed since the plan was made."""
    pupil = Pupil.objects.select_for_update().filter(pk=pupil_id).first()
    if pupil is None or LegalHold.objects.filter(pupil=pupil, lifted_at__isnull=True).exists():
        return None
    return pupil


@transaction.atomic
def _anonymise(due: PupilDue, run: RetentionRun) -> bool:
    pupil = _still_free(due.pupil_id)
    if pupil is None or AnonymisedPupil.objects.filter(pupil=pupil).exists():
        return False
    pupil.legal_first_name, pupil.legal_last_name = "Anonymised", "pupil"
    pupil.preferred_first_name = pupil.preferred_last_name = pupil.search_name = ""
    pupil.date_of_birth = dt.date(pupil.date_of_birth.year, 1, 1)
    pupil.upn, pupil.upn_is_temporary = "", True
    pupil.address_line_1 = pupil.address_line_2 = pupil.town = pupil.postcode = ""
    pupil.save(update_fields=[*ANONYMISED_FIELDS, "updated_at"])
    contacts, _ = pupil.contacts.all().delete()
    AnonymisedPupil.objects.create(pupil=pupil, run=run, record_type=due.record_type)
    changed = [*ANONYMISED_FIELDS, *(["contacts"] if contacts else [])]
    audit_record(
        actor=None, verb=AuditEvent.Verb.UPDATE, target=pupil, pupil_id=pupil.pk, changes=changed
    )
    return True


@transaction.atomic
def _delete_marks(pupil_id: uuid.UUID, mark_ids: list[uuid.UUID]) -> int:
    if _still_free(pupil_id) is None:
        return 0
    deleted, _ = AttendanceMark.objects.filter(pk__in=mark_ids).delete()
    audit_record(
        actor=None,
        verb=AuditEvent.Verb.DELETE,
        target_type=AttendanceMark._meta.label_lower,
        pupil_id=pupil_id,
        changes=[f"count={deleted}"],
    )
    return deleted


def retention_run(
    *,
    local_authority: LocalAuthority,
    today: dt.date,
    apply: bool = False,
    started_by: str = "manage.py retention",
) -> RetentionRun:
    """Work out what the rules make due today for the authority's pupils and, when ``apply``,
    do it: each pupil atomically, held pupils never. The run's report has counts only."""
    plan = retention_plan(local_authority=local_authority, today=today)
    run = RetentionRun.objects.create(
        local_authority=local_authority, applied=apply, as_of=today, started_by=started_by
    )
    if apply:
        done: Counter[str] = Counter()
        for due in plan.pupils:
            done[due.record_type] += _anonymise(due, run)
        for pupil_id, mark_ids in plan.marks.items():
            done[RecordType.ATTENDANCE] += _delete_marks(pupil_id, mark_ids)
        for record_type, count in done.items():
            plan.tallies[record_type].done = count
        audit_record(actor=None, verb=AuditEvent.Verb.UPDATE, target=run, changes=sorted(done))
    run.report = {kind: tally.as_dict() for kind, tally in plan.tallies.items()}
    run.save(update_fields=["report", "updated_at"])
    return run
