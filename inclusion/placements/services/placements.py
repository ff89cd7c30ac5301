"""Writes of placements: setting one up (from a forum decision, or by the school itself), its
details and weekly timetable, moving it through its lifecycle (ADR 5) past the guards, the LA
officer's compliance override, the Virtual School step and agreeing a part-time timetable.

Every write is atomic and audited in the same transaction (field names only, never values).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.concurrency import EditCheck
from inclusion.forums.models import Decision, Outcome
from inclusion.placements import lifecycle
from inclusion.placements.hours import COUNTED_STATUSES
from inclusion.placements.models import Placement, PlacementSession, PlacementStatus
from inclusion.placements.selectors.placements import PLACEMENT_OUTCOMES, current_risk_assessment
from inclusion.placements.services import guards
from inclusion.providers.models import Provider, ProviderSite
from inclusion.pupils.models import Pupil

Status = Placement.Status


class TransitionNotAllowedError(PermissionError):
    """The move is not in the lifecycle table, or the membership may not make it."""


class GuardRefusedError(ValueError):
    """A guard refused the change; ``messages`` say why, fit to show."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


class PlacementNotChangeableError(ValueError):
    """The placement is past the stage at which this may change; the message says why."""


@dataclass(frozen=True)
class PlacementDetails:
    """What the person setting up a placement says about it."""

    site: ProviderSite
    category: str
    purpose: str
    objectives: str
    start_date: dt.date
    target_end_date: dt.date
    price: Decimal | None
    price_unit: str
    transport: str
    pack_fields: Sequence[str]
    commissioning_agreement: str = ""
    dual_registered: bool = False
    suspension_procedure: str = ""


DETAIL_FIELDS = (
    "site",
    "category",
    "purpose",
    "objectives",
    "start_date",
    "target_end_date",
    "price",
    "price_unit",
    "transport",
    "pack_fields",
    "commissioning_agreement",
    "dual_registered",
    "suspension_procedure",
)


# Providers that are schools with their own roll, where a pupil may be dual registered.
DUAL_ROLL = frozenset(
    {Provider.Registration.PRU_OR_AP_ACADEMY, Provider.Registration.INDEPENDENT_SCHOOL}
)


class DualRegistrationError(ValueError):
    """Dual registration was asked for at a provider that is not a school with a roll."""


def _apply(placement: Placement, details: PlacementDetails) -> list[str]:
    """Copy ``details`` onto ``placement``; the names of the fields that changed."""
    if details.dual_registered and details.site.provider.registration not in DUAL_ROLL:
        raise DualRegistrationError(details.site.provider.registration)
    changed = []
    if placement.site_id != details.site.pk:
        placement.site = details.site
        changed.append("site")
    for name in DETAIL_FIELDS[1:]:
        value = getattr(details, name)
        if name == "pack_fields":
            value = list(value)
        if getattr(placement, name) != value:
            setattr(placement, name, value)
            changed.append(name)
    return changed


def _audit(
    *,
    actor: User,
    membership: Membership,
    placement: Placement,
    changes: Sequence[str],
    verb: str = AuditEvent.Verb.UPDATE,
) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=verb,
        target=placement,
        pupil_id=placement.pupil_id,
        changes=changes,
    )


# Setting one up ----------------------------------------------------------------------------


def _create(
    *,
    actor: User,
    membership: Membership,
    pupil: Pupil,
    details: PlacementDetails,
    **fields: object,
) -> Placement:
    placement = Placement(pupil=pupil, status=Status.PROPOSED, created_by=actor, **fields)
    _apply(placement, details)
    placement.save()
    PlacementStatus.objects.create(
        placement=placement, status=Status.PROPOSED, actor=actor, membership=membership
    )
    _audit(
        actor=actor,
        membership=membership,
        placement=placement,
        changes=["status", *(name.removesuffix("_id") for name in fields), *DETAIL_FIELDS],
        verb=AuditEvent.Verb.CREATE,
    )
    return placement


@transaction.atomic
def placement_create_from_decision(
    *, actor: User, membership: Membership, decision: Decision, details: PlacementDetails
) -> Placement:
    """A placement commissioned by the partnership after a forum decision: Tier 4 Programme
    Management for that outcome, an AP placement otherwise."""
    if decision.outcome not in PLACEMENT_OUTCOMES:
        raise ValueError(f"A {decision.outcome} decision does not commission a placement")
    referral = decision.agenda_item.referral
    return _create(
        actor=actor,
        membership=membership,
        pupil=referral.pupil,
        details=details,
        commissioner=Placement.Commissioner.PARTNERSHIP,
        partnership_id=referral.partnership_id,
        school_id=referral.school_id,
        referral=referral,
        decision=decision,
        programme_management=decision.outcome == Outcome.PROGRAMME_MANAGEMENT,
    )


@transaction.atomic
def placement_create_for_school(
    *, actor: User, membership: Membership, pupil: Pupil, details: PlacementDetails
) -> Placement:
    """A placement the pupil's school commissions itself, under its own agreement."""
    if not details.commissioning_agreement.strip():
        raise ValueError("A school-commissioned placement needs the school's agreement")
    return _create(
        actor=actor,
        membership=membership,
        pupil=pupil,
        details=details,
        commissioner=Placement.Commissioner.SCHOOL,
        school_id=pupil.school_id,
    )


@transaction.atomic
def placement_update(
    *,
    actor: User,
    membership: Membership,
    placement: Placement,
    details: PlacementDetails,
    check: EditCheck[Placement] | None = None,
) -> list[str]:
    """Change a proposed placement's details; the names of the fields that changed. With a
    ``check``, details changed since the page was opened are refused (StaleEditError)."""
    current = Placement.objects.select_for_update(of=("self",)).get(pk=placement.pk)
    if current.status not in lifecycle.EDITABLE_STATUSES:
        raise PlacementNotChangeableError(
            f"The placement is {current.get_status_display().lower()}, so its details can no "
            "longer be changed"
        )
    if check is not None:
        check.verify(current)
    changed = _apply(current, details)
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
        _audit(actor=actor, membership=membership, placement=current, changes=changed)
    return changed


# The weekly timetable ------------------------------------------------------------------------


def _clash(
    sessions: Sequence[PlacementSession], weekday: int, starts_at: dt.time, ends_at: dt.time
) -> PlacementSession | None:
    for session in sessions:
        if (
            session.weekday == weekday
            and session.starts_at < ends_at
            and starts_at < session.ends_at
        ):
            return session
    return None


@transaction.atomic
def session_add(
    *,
    actor: User,
    membership: Membership,
    placement: Placement,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    override_reason: str = "",
    today: dt.date | None = None,
) -> PlacementSession:
    """Add a weekly session. Once the placement is agreed, more hours are checked against the
    registration test again, as agreeing it was."""
    today = today or timezone.localdate()
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("site__provider", "pupil")
        .get(pk=placement.pk)
    )
    if current.status not in lifecycle.TIMETABLE_STATUSES:
        raise PlacementNotChangeableError(
            "The placement has ended, so its timetable can no longer be changed"
        )
    if ends_at <= starts_at:
        raise GuardRefusedError(["The end time must be after the start time"])
    sessions = list(current.sessions.all())
    clash = _clash(sessions, weekday, starts_at, ends_at)
    if clash is not None:
        raise GuardRefusedError(
            [f"The session overlaps the {clash.get_weekday_display()} session already timetabled"]
        )
    session = PlacementSession(
        placement=current, weekday=weekday, starts_at=starts_at, ends_at=ends_at
    )
    changes = ["sessions"]
    if current.status in COUNTED_STATUSES:
        refused = guards.registration_guard(
            current,
            today,
            sessions=[*sessions, session],
            override_reason=override_reason,
            doing=guards.ADDING_A_SESSION,
        )
        if refused:
            raise GuardRefusedError([refused])
        changes += _record_registration_override(current, actor, override_reason, sessions, today)
    session.save()
    _audit(actor=actor, membership=membership, placement=current, changes=changes)
    return session


def _record_registration_override(
    placement: Placement,
    actor: User,
    reason: str,
    sessions: Sequence[PlacementSession],
    today: dt.date,
) -> list[str]:
    """Keep the reason given to go ahead despite the registration test ("warn" mode)."""
    reason = reason.strip()
    if not reason or guards.registration_warning(placement, sessions, today) is None:
        return []
    placement.registration_override_reason = reason
    placement.registration_override_by = actor
    fields = ["registration_override_reason", "registration_override_by"]
    placement.save(update_fields=[*fields, "updated_at"])
    return fields


@transaction.atomic
def session_remove(
    *, actor: User, membership: Membership, placement: Placement, session_id: uuid.UUID
) -> None:
    current = Placement.objects.select_for_update(of=("self",)).get(pk=placement.pk)
    if current.status not in lifecycle.TIMETABLE_STATUSES:
        raise PlacementNotChangeableError(
            "The placement has ended, so its timetable can no longer be changed"
        )
    deleted, _ = PlacementSession.objects.filter(placement=current, pk=session_id).delete()
    if deleted:
        _audit(actor=actor, membership=membership, placement=current, changes=["sessions"])


# The lifecycle -----------------------------------------------------------------------------


@transaction.atomic
def placement_transition(
    *,
    placement: Placement,
    to: str,
    actor: User,
    membership: Membership,
    note: str = "",
    reason: str = "",
    end_date: dt.date | None = None,
    override_reason: str = "",
    today: dt.date | None = None,
) -> PlacementStatus:
    """Move ``placement`` to ``to`` past the guards. The row is locked first, so two people
    acting at once cannot both move it from the same status.

    ``reason`` and ``end_date`` end an active placement; ``override_reason`` is the reason to
    agree despite the registration test when the guard only warns. Raises
    :class:`TransitionNotAllowedError` or :class:`GuardRefusedError`; nothing is written then.
    """
    today = today or timezone.localdate()
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("pupil__care_la", "site__provider")
        .get(pk=placement.pk)
    )
    rule = lifecycle.TRANSITIONS.get((current.status, to))
    if rule is None or not can(membership, rule, current):
        raise TransitionNotAllowedError(f"{current.status} → {to}")
    refused = guards.guards_before(
        current, to, today, override_reason=override_reason, reason=reason, end_date=end_date
    )
    if refused:
        raise GuardRefusedError(refused)
    changed = ["status", *_on_entering(current, to, actor, today, reason, end_date)]
    if to == Status.AGREED:
        changed += _record_registration_override(
            current, actor, override_reason, list(current.sessions.all()), today
        )
    row = PlacementStatus.objects.create(
        placement=current, status=to, actor=actor, membership=membership, note=note
    )
    current.status = to
    current.save(update_fields=[*changed, "updated_at"])
    placement.status = to
    for field in changed:
        setattr(placement, field, getattr(current, field))
    _audit(
        actor=actor,
        membership=membership,
        placement=current,
        changes=changed + (["note"] if note else []),
    )
    return row


def _on_entering(
    placement: Placement,
    to: str,
    actor: User,
    today: dt.date,
    reason: str,
    end_date: dt.date | None,
) -> list[str]:
    """Set what entering ``to`` records; the names of the fields set."""
    if to == Status.ACTIVE and placement.programme_management:
        placement.risk_assessment = current_risk_assessment(pupil_id=placement.pupil_id)
        return ["risk_assessment"]
    if to == Status.ENDED and placement.status == Status.ACTIVE:
        placement.end_reason, placement.end_date = reason, end_date
        return ["end_reason", "end_date"]
    if to == Status.ENDED:  # proposed or agreed, not going ahead: it ends before it began
        placement.end_date = max(today, placement.start_date)
        return ["end_date"]
    return []


# The LA officer's compliance override ------------------------------------------------------


@transaction.atomic
def compliance_override(
    *,
    actor: User,
    membership: Membership,
    placement: Placement,
    reason: str,
    today: dt.date | None = None,
) -> None:
    """Let a proposed placement at a provider whose compliance has lapsed be agreed."""
    today = today or timezone.localdate()
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("site__provider")
        .get(pk=placement.pk)
    )
    if not can(membership, "placements.override_compliance"):
        raise TransitionNotAllowedError("override compliance")
    if current.status != Status.PROPOSED:
        raise PlacementNotChangeableError(
            "The placement has already been agreed, so there is nothing to override"
        )
    if not guards.compliance_lapsed(current, today):
        raise PlacementNotChangeableError(
            f"{current.site.provider.name}'s compliance has not lapsed, so there is nothing "
            "to override"
        )
    if not reason.strip():
        raise ValueError("An override needs a reason")
    current.compliance_override_reason = reason.strip()
    current.compliance_override_by = actor
    fields = ["compliance_override_reason", "compliance_override_by"]
    current.save(update_fields=[*fields, "updated_at"])
    _audit(actor=actor, membership=membership, placement=current, changes=fields)


# The Virtual School step -------------------------------------------------------------------


def may_record_virtual_school(membership: Membership, pupil: Pupil) -> bool:
    """The home authority's own Virtual School approves placements of its children in care;
    a co-ordinator or a Virtual School officer records that another authority's was told."""
    needed = guards.virtual_school_step_needed(pupil)
    if needed == guards.APPROVED:
        return (
            membership.role == Role.VIRTUAL_SCHOOL
            and membership.local_authority_id == pupil.care_la_id
        )
    return bool(needed) and membership.role in (Role.VIRTUAL_SCHOOL, Role.COORDINATOR)


@transaction.atomic
def virtual_school_record(
    *, actor: User, membership: Membership, placement: Placement, note: str
) -> str:
    """Record the Virtual School step the pupil needs; the step recorded."""
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("pupil__care_la")
        .get(pk=placement.pk)
    )
    if current.status == Status.ENDED:
        raise PlacementNotChangeableError("The placement has ended")
    if current.virtual_school_step:
        raise PlacementNotChangeableError("The Virtual School step has already been recorded")
    if not may_record_virtual_school(membership, current.pupil):
        raise TransitionNotAllowedError("record the Virtual School step")
    current.virtual_school_step = guards.virtual_school_step_needed(current.pupil)
    current.virtual_school_note = note.strip()
    current.virtual_school_recorded_by = actor
    current.virtual_school_recorded_at = timezone.now()
    fields = [
        "virtual_school_step",
        "virtual_school_note",
        "virtual_school_recorded_by",
        "virtual_school_recorded_at",
    ]
    current.save(update_fields=[*fields, "updated_at"])
    _audit(actor=actor, membership=membership, placement=current, changes=fields)
    return current.virtual_school_step


# A part-time timetable -----------------------------------------------------------------------


@transaction.atomic
def part_time_agree(
    *,
    actor: User,
    membership: Membership,
    placements: Sequence[Placement],
    review_on: dt.date,
) -> None:
    """Record that the pupil's part-time timetable is agreed, to be reviewed on ``review_on``,
    on each of the agreed and active ``placements``."""
    counted = [p for p in placements if p.status in COUNTED_STATUSES]
    if not counted:
        raise PlacementNotChangeableError("There is no agreed or active placement to record it on")
    fields = ["part_time_review_on", "part_time_agreed_by"]
    for placement in counted:
        placement.part_time_review_on = review_on
        placement.part_time_agreed_by = actor
        placement.save(update_fields=[*fields, "updated_at"])
        _audit(actor=actor, membership=membership, placement=placement, changes=fields)
