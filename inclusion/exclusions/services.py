"""Writes of consultations and exclusions: atomic, audited with field names only. Notifications
hold no personal data: what happened and the school, never the pupil's name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from inclusion.accounts.models import Membership, Role, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.submit import RefusedError
from inclusion.exclusions import clocks
from inclusion.exclusions.models import (
    NOTICE_FIELDS,
    Consultation,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
)
from inclusion.exclusions.selectors import (
    CONSULTATION_VALID_DAYS,
    recent_consultation,
    routing_for_school,
    year_sessions,
)
from inclusion.notifications.services import notify
from inclusion.pupils.models import Pupil

MAX_REASONS = 3


class ExclusionError(RefusedError):
    """A business rule refused the record; the message is fit to show (no personal data)."""


# Consultations ----------------------------------------------------------------------------------


def _consultation_recipients(consultation: Consultation) -> list[Membership]:
    if consultation.routed_to:
        filters: dict[str, object] = {
            "role": Role.LA_OFFICER,
            "local_authority_id": consultation.school.local_authority_id,
        }
    elif consultation.partnership_id is not None:
        filters = {
            "role__in": (Role.COORDINATOR, Role.CHAIR),
            "partnership_id": consultation.partnership_id,
        }
    else:
        return []
    return list(Membership.objects.filter(is_active=True, **filters).select_related("user"))


@transaction.atomic
def consultation_raise(
    *, actor: User, membership: Membership, pupil: Pupil, considered_on: dt.date
) -> Consultation:
    """The school is considering a permanent exclusion: the partnership's chairs and
    co-ordinators are told at once, or the LA officers when the school's district is routed to
    another team."""
    school = pupil.school
    routing = routing_for_school(school)
    consultation = Consultation.objects.create(
        pupil=pupil,
        school=school,
        partnership_id=school.partnership_id,
        considered_on=considered_on,
        raised_by=actor,
        routed_to=routing.team_name if routing is not None else "",
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=consultation,
        pupil_id=pupil.pk,
        changes=["considered_on", "school", *(["routed_to"] if routing else [])],
    )
    notify(
        memberships=_consultation_recipients(consultation),
        message=f"{school.name} is considering a permanent exclusion: consultation needed",
        url=reverse("exclusions:consultation_detail", kwargs={"pk": consultation.pk}),
    )
    return consultation


@dataclass(frozen=True)
class ConsultationRecord:
    held_on: dt.date
    held_with: str
    advice: str
    alternatives: tuple[str, ...]
    alternatives_other: str
    outcome: str


@transaction.atomic
def consultation_record(
    *,
    actor: User,
    membership: Membership,
    consultation: Consultation,
    record: ConsultationRecord,
    today: dt.date,
) -> list[str]:
    """Record the consultation: when, with whom, the advice, the alternatives and the outcome."""
    if record.held_on > today:
        raise ExclusionError(
            "The date the consultation was held must be today or in the past", field="held_on"
        )
    if record.held_on < consultation.considered_on:
        raise ExclusionError(
            "The date the consultation was held must be on or after the day it was raised",
            field="held_on",
        )
    values = {
        "held_on": record.held_on,
        "held_with": record.held_with.strip(),
        "advice": record.advice.strip(),
        "alternatives": list(record.alternatives),
        "alternatives_other": record.alternatives_other.strip(),
        "outcome": record.outcome,
    }
    changed = [name for name, value in values.items() if getattr(consultation, name) != value]
    for name, value in values.items():
        setattr(consultation, name, value)
    consultation.recorded_by = actor
    consultation.save()
    if changed:
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=consultation,
            pupil_id=consultation.pupil_id,
            changes=changed,
        )
    return changed


# Exclusions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExclusionDetails:
    kind: str
    start_date: dt.date
    sessions: int
    reasons: Sequence[ExclusionReason]
    missed_public_exam: bool = False
    parent_representations: bool = False
    override_reason: str = ""


def needs_consultation(pupil: Pupil) -> bool:
    """A permanent exclusion of a pupil of a partnership school needs a consultation first."""
    return pupil.school.partnership_id is not None


def check_cap(*, pupil: Pupil, start_date: dt.date, sessions: int) -> int:
    """The pupil's suspension sessions this year before this one; refuse going over 45 days."""
    existing = year_sessions(pupil_id=pupil.pk, day=start_date)
    if clocks.would_exceed_cap(existing, sessions):
        left = clocks.days_label(clocks.sessions_left(existing))
        raise ExclusionError(
            f"This suspension would take the pupil over the limit of 45 school days of suspension "
            f"in a school year (at any school). They have {clocks.days_label(existing)} days "
            f"already this year, so at most {left} more days can be recorded",
            field="sessions",
        )
    return existing


def _length(details: ExclusionDetails) -> int:
    if details.kind == ExclusionKind.PERMANENT:
        return 0
    if details.kind == ExclusionKind.LUNCHTIME:
        return 1
    return details.sessions


@transaction.atomic
def exclusion_record(
    *, actor: User, membership: Membership, pupil: Pupil, details: ExclusionDetails
) -> Exclusion:
    """Record a suspension or permanent exclusion. A permanent exclusion of a pupil of a
    partnership school needs a consultation held in the last 30 days, or an override reason
    (audited). A suspension may not take the pupil over 45 school days this year."""
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()  # one record at a time
    if not details.reasons or len(details.reasons) > MAX_REASONS:
        raise ExclusionError("Select between 1 and 3 reasons", field="reasons")
    sessions = _length(details)
    consultation = None
    override = details.override_reason.strip()
    if details.kind == ExclusionKind.PERMANENT:
        consultation = recent_consultation(pupil=pupil, on=details.start_date)
        if consultation is None and needs_consultation(pupil) and not override:
            raise ExclusionError(
                "Record the consultation with the Partnership Chair first: none was held for this "
                f"pupil in the {CONSULTATION_VALID_DAYS} days before the exclusion starts. "
                "If you must go ahead without one, give the reason",
                field="override_reason",
            )
        if consultation is not None:
            override = ""
    else:
        override = ""
        check_cap(pupil=pupil, start_date=details.start_date, sessions=sessions)
    exclusion = Exclusion.objects.create(
        pupil=pupil,
        school=pupil.school,
        kind=details.kind,
        start_date=details.start_date,
        sessions=sessions,
        missed_public_exam=details.missed_public_exam,
        parent_representations=details.parent_representations,
        consultation=consultation,
        override_reason=override,
        recorded_by=actor,
    )
    exclusion.reasons.set(details.reasons)
    changes = ["kind", "start_date", "sessions", "reasons", "school"]
    if details.missed_public_exam:
        changes.append("missed_public_exam")
    if details.parent_representations:
        changes.append("parent_representations")
    changes.append("consultation" if consultation is not None else "")
    if override:
        changes.append("override_reason")
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=exclusion,
        pupil_id=pupil.pk,
        changes=[c for c in changes if c],
    )
    return exclusion


NOTICE_NAMES = tuple(name for name, _ in NOTICE_FIELDS)


NOTICE_LABELS = dict(NOTICE_FIELDS)


@transaction.atomic
def exclusion_notices_update(
    *,
    actor: User,
    membership: Membership,
    exclusion: Exclusion,
    notices: dict[str, dt.datetime | None],
    now: dt.datetime,
    social_worker_not_applicable: bool | None = None,
) -> list[str]:
    """Record when each person on the notifications checklist was told (never in the future),
    and whether the social worker's row does not apply because the pupil has none (``None``:
    leave it as it is)."""
    for name, value in notices.items():
        if name not in NOTICE_NAMES:
            raise ValueError(name)
        if value is not None and value > now:
            who = NOTICE_LABELS[name].lower()
            raise ExclusionError(
                f"The date and time the {who} was told must be now or in the past", field=name
            )
    told_social_worker = notices.get("social_worker_notified_at") is not None
    if social_worker_not_applicable and told_social_worker:
        raise ExclusionError(
            "Enter when the social worker was told, or select that the pupil has no social "
            "worker, not both",
            field="social_worker_not_applicable",
        )
    changed = []
    values: dict[str, object] = dict(notices)
    if social_worker_not_applicable is not None:
        values["social_worker_not_applicable"] = social_worker_not_applicable
    for name, new in values.items():
        if getattr(exclusion, name) != new:
            setattr(exclusion, name, new)
            changed.append(name)
    if changed:
        exclusion.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=exclusion,
            pupil_id=exclusion.pupil_id,
            changes=changed,
        )
    return changed


PROGRESS_FIELDS = (
    "provision_where",
    "provision_starts_on",
    "parent_representations",
    "missed_public_exam",
    "board_met_on",
    "decision_given_on",
    "decision_posted",
    "review_applied_on",
    "panel_decided_on",
    "reconsidered_on",
)


@dataclass(frozen=True)
class ExclusionProgress:
    provision_where: str = ""
    provision_starts_on: dt.date | None = None
    parent_representations: bool = False
    missed_public_exam: bool = False
    board_met_on: dt.date | None = None
    decision_given_on: dt.date | None = None
    decision_posted: bool = False
    review_applied_on: dt.date | None = None
    panel_decided_on: dt.date | None = None
    reconsidered_on: dt.date | None = None


def check_progress(exclusion: Exclusion, progress: ExclusionProgress, *, today: dt.date) -> None:
    """Dates must follow the exclusion and each other; what has happened cannot be in the future
    (the date provision starts may be)."""
    order = (
        ("board_met_on", "The date the board met", exclusion.start_date),
        ("decision_given_on", "The date of the written decision", progress.board_met_on),
        ("review_applied_on", "The date of the application", progress.decision_given_on),
        ("panel_decided_on", "The date of the panel's decision", progress.review_applied_on),
        ("reconsidered_on", "The date the board reconsidered", progress.panel_decided_on),
    )
    for name, label, after in order:
        value = getattr(progress, name)
        if value is None:
            continue
        if value > today:
            raise ExclusionError(f"{label} must be today or in the past", field=name)
        if value < exclusion.start_date:
            raise ExclusionError(f"{label} must be on or after the exclusion started", field=name)
        if after is not None and value < after:
            raise ExclusionError(f"{label} must be on or after the step before it", field=name)
    if progress.provision_starts_on is not None:
        if progress.provision_starts_on < exclusion.start_date:
            raise ExclusionError(
                "The date provision starts must be on or after the exclusion started",
                field="provision_starts_on",
            )
        if not progress.provision_where.strip():
            raise ExclusionError("Enter where the provision is", field="provision_where")


@transaction.atomic
def exclusion_progress_update(
    *,
    actor: User,
    membership: Membership,
    exclusion: Exclusion,
    progress: ExclusionProgress,
    today: dt.date,
) -> list[str]:
    """Sixth-day provision, representations, and the dates of the board, the written decision
    and the independent review (none of them after ``today``)."""
    check_progress(exclusion, progress, today=today)
    changed = []
    for name in PROGRESS_FIELDS:
        value = getattr(progress, name)
        if isinstance(value, str):
            value = value.strip()
        if getattr(exclusion, name) != value:
            setattr(exclusion, name, value)
            changed.append(name)
    if changed:
        exclusion.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=exclusion,
            pupil_id=exclusion.pupil_id,
            changes=changed,
        )
    return changed


def record_viewed(*, actor: User, membership: Membership, record: Exclusion | Consultation) -> None:
    """Reading a consultation or an exclusion is reading the pupil's record: audited."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=record,
        pupil_id=record.pupil_id,
    )
