"""Writes of Fair Access cases: every one atomic and audited (field names only, never values).

Notifications the service sends say only a case reference and what happened: never the child's
name or any other personal detail. The draft e-mails of each step (``emails.py``) are for the
user to copy; the service never sends them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import models, transaction
from django.urls import reverse

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.fairaccess.models import (
    TRANSITIONS,
    CaseStatusChange,
    ClosureReason,
    EmailTemplate,
    FairAccessCase,
    InYearAttempt,
    PanelMeeting,
    Status,
)
from inclusion.notifications.services import notify_partnership, notify_school
from inclusion.organisations import postcodes
from inclusion.organisations.models import LocalAuthority, Partnership, School


class FairAccessError(ValueError):
    """A change the case's state does not allow; the message is fit to show."""


@dataclass(frozen=True)
class CaseDetails:
    legal_first_name: str
    legal_last_name: str
    date_of_birth: dt.date
    nc_year: int
    home_postcode: str
    looked_after: bool
    care_la: LocalAuthority | None
    category: str
    category_evidence: str
    protocol_decided_on: dt.date


@dataclass(frozen=True)
class AttemptDetails:
    school_name: str
    applied_on: dt.date
    outcome: str
    notes: str = ""


@dataclass(frozen=True)
class ClosureDetails:
    closed_on: dt.date
    reason: str  # a ClosureReason
    other: str  # the reason in words, when ``reason`` is OTHER
    notes: str


def _values(details: CaseDetails | AttemptDetails) -> dict[str, Any]:
    """A details dataclass as keyword arguments (shallow: model instances stay as they are)."""
    return {f.name: getattr(details, f.name) for f in fields(details)}


def _reference(case: FairAccessCase) -> str:
    return f"FA-{case.pk.hex[:8].upper()}"


def _case_url(case: FairAccessCase) -> str:
    return reverse("fairaccess:detail", kwargs={"pk": case.pk})


def _move(case: FairAccessCase, to: str, actor: User) -> None:
    if to not in TRANSITIONS[case.status]:
        raise FairAccessError(
            f"A case that is {case.get_status_display().lower()} cannot be moved to "
            f"{Status(to).label.lower()}"
        )
    if case.status != to:
        CaseStatusChange.objects.create(case=case, status=to, changed_by=actor)
    case.status = to


def _audit(
    actor: User, membership: Membership, verb: str, target: models.Model, changes: list[str]
) -> None:
    audit_record(actor=actor, membership=membership, verb=verb, target=target, changes=changes)


@transaction.atomic
def case_open(
    *, actor: User, membership: Membership, partnership: Partnership, details: CaseDetails
) -> FairAccessCase:
    """Open a case for the partnership's Fair Access panel; the partnership's co-ordinators are
    told (the case reference only)."""
    values = _values(details)
    for name in ("legal_first_name", "legal_last_name", "category_evidence"):
        values[name] = values[name].strip()
    facts = postcodes.lookup(details.home_postcode)
    case = FairAccessCase(
        partnership=partnership,
        opened_by=actor,
        home_easting=facts.easting if facts else None,
        home_northing=facts.northing if facts else None,
        **values,
    )
    case.reference = _reference(case)
    case.save()
    CaseStatusChange.objects.create(case=case, status=Status.OPEN, changed_by=actor)
    changed = [name for name, value in values.items() if value not in ("", None, False)]
    _audit(actor, membership, AuditEvent.Verb.CREATE, case, ["partnership", *changed])
    notify_partnership(
        partnership_id=partnership.pk,
        message=f"Fair Access case {case.reference} has been opened",
        url=_case_url(case),
    )
    return case


@transaction.atomic
def attempt_add(
    *, actor: User, membership: Membership, case: FairAccessCase, details: AttemptDetails
) -> InYearAttempt:
    """Record an in-year application made before the case."""
    if case.status == Status.CLOSED:
        raise FairAccessError("The case is closed")
    values = _values(details)
    values["school_name"] = details.school_name.strip()
    values["notes"] = details.notes.strip()
    attempt = InYearAttempt.objects.create(case=case, **values)
    changed = [name for name, value in values.items() if value not in ("", None)]
    _audit(actor, membership, AuditEvent.Verb.CREATE, attempt, changed)
    return attempt


@transaction.atomic
def case_list_for_panel(
    *, actor: User, membership: Membership, case: FairAccessCase, meets_on: dt.date
) -> PanelMeeting:
    """Put the case on the agenda of the partnership's panel meeting on ``meets_on`` (the
    meeting is made if the partnership has none that day). A case not yet decided may be moved
    to another meeting."""
    if meets_on < case.protocol_decided_on:
        raise FairAccessError(
            "The date of the panel meeting must be on or after the decision to use the protocol"
        )
    panel, created = PanelMeeting.objects.get_or_create(
        partnership=case.partnership, meets_on=meets_on, defaults={"created_by": actor}
    )
    if created:
        _audit(actor, membership, AuditEvent.Verb.CREATE, panel, ["meets_on", "partnership"])
    _move(case, Status.AT_PANEL, actor)
    case.panel = panel
    case.save(update_fields=["panel", "status", "updated_at"])
    _audit(actor, membership, AuditEvent.Verb.UPDATE, case, ["panel", "status"])
    return panel


@transaction.atomic
def case_allocate(
    *,
    actor: User,
    membership: Membership,
    case: FairAccessCase,
    school: School,
    allocated_on: dt.date,
    notes: str = "",
) -> FairAccessCase:
    """Record the panel's decision: the allocated school. The school's staff and the
    partnership's co-ordinators are told (the case reference only)."""
    if school.partnership_id != case.partnership_id:
        raise FairAccessError("Select a school of the partnership")
    if case.panel is None:
        raise FairAccessError("Put the case on a panel meeting's agenda first")
    if allocated_on < case.protocol_decided_on:
        raise FairAccessError(
            "The date of the decision must be on or after the decision to use the protocol"
        )
    _move(case, Status.ALLOCATED, actor)
    case.allocated_school = school
    case.allocated_on = allocated_on
    case.decision_notes = notes.strip()
    case.save(
        update_fields=[
            "allocated_school",
            "allocated_on",
            "decision_notes",
            "status",
            "updated_at",
        ]
    )
    changes = ["allocated_on", "allocated_school", "status"]
    if case.decision_notes:
        changes.append("decision_notes")
    _audit(actor, membership, AuditEvent.Verb.UPDATE, case, changes)
    message = f"Fair Access case {case.reference}: a place has been allocated at your school"
    notify_school(school_id=school.pk, message=message, url=_case_url(case))
    notify_partnership(
        partnership_id=case.partnership_id,
        message=f"Fair Access case {case.reference}: the panel has allocated a school",
        url=_case_url(case),
    )
    return case


@transaction.atomic
def case_offer(
    *,
    actor: User,
    membership: Membership,
    case: FairAccessCase,
    offered_on: dt.date,
    starts_on: dt.date | None,
) -> FairAccessCase:
    """Record the offer date and, once known, the start date."""
    if case.allocated_on is None:
        raise FairAccessError("Record the panel's decision first")
    if offered_on < case.allocated_on:
        raise FairAccessError("The offer date must be on or after the date of the decision")
    if starts_on is not None and starts_on < offered_on:
        raise FairAccessError("The start date must be on or after the offer date")
    _move(case, Status.STARTED if starts_on else Status.OFFERED, actor)
    changes = [
        name
        for name, old, new in (
            ("offered_on", case.offered_on, offered_on),
            ("starts_on", case.starts_on, starts_on),
        )
        if old != new
    ]
    case.offered_on, case.starts_on = offered_on, starts_on
    case.save(update_fields=["offered_on", "starts_on", "status", "updated_at"])
    _audit(actor, membership, AuditEvent.Verb.UPDATE, case, [*changes, "status"])
    return case


@transaction.atomic
def case_close(
    *, actor: User, membership: Membership, case: FairAccessCase, details: ClosureDetails
) -> FairAccessCase:
    """Close a case that has not started, without a place through the protocol (the family
    moved away, a place was found through the ordinary in-year route, ...). A closed case is
    read-only, off the clock and not counted in the fairness table. The partnership's
    co-ordinators and, if a school had been allocated, its staff are told (the reference only)."""
    if Status.CLOSED not in TRANSITIONS[case.status]:
        raise FairAccessError(
            f"A case that is {case.get_status_display().lower()} cannot be closed"
        )
    if details.reason not in ClosureReason.values:
        raise FairAccessError("Select why the case is being closed")
    other = details.other.strip() if details.reason == ClosureReason.OTHER else ""
    if details.reason == ClosureReason.OTHER and not other:
        raise FairAccessError("Enter the other reason for closing the case")
    notes = details.notes.strip()
    if not notes:
        raise FairAccessError("Enter a note on why the case is being closed")
    if details.closed_on < case.protocol_decided_on:
        raise FairAccessError(
            "The date the case was closed must be on or after the decision to use the protocol"
        )
    _move(case, Status.CLOSED, actor)
    case.closed_on = details.closed_on
    case.closure_reason = details.reason
    case.closure_other = other
    case.closure_notes = notes
    case.save(
        update_fields=[
            "closed_on",
            "closure_reason",
            "closure_other",
            "closure_notes",
            "status",
            "updated_at",
        ]
    )
    changes = ["closed_on", "closure_notes", "closure_reason", "status"]
    if other:
        changes.append("closure_other")
    _audit(actor, membership, AuditEvent.Verb.UPDATE, case, sorted(changes))
    message = f"Fair Access case {case.reference} has been closed"
    if case.allocated_school_id is not None:
        notify_school(school_id=case.allocated_school_id, message=message, url=_case_url(case))
    notify_partnership(partnership_id=case.partnership_id, message=message, url=_case_url(case))
    return case


def case_viewed(*, actor: User, membership: Membership, case: FairAccessCase) -> None:
    """Reading a case is reading a child's record: audited."""
    _audit(actor, membership, AuditEvent.Verb.VIEW, case, [])


@transaction.atomic
def template_save(
    *,
    actor: User,
    membership: Membership,
    partnership: Partnership,
    step: str,
    subject: str,
    body: str,
) -> EmailTemplate:
    """Save the partnership's own wording of a step's draft e-mail."""
    template, created = EmailTemplate.objects.update_or_create(
        partnership=partnership,
        step=step,
        defaults={"subject": subject.strip(), "body": body.strip(), "updated_by": actor},
    )
    verb = AuditEvent.Verb.CREATE if created else AuditEvent.Verb.UPDATE
    _audit(actor, membership, verb, template, ["body", "subject"])
    return template
