"""Writes of the school's side of the Referral and Commissioning Form: saving one section of a
draft at a time, adding and removing interventions, submitting (or resubmitting with the
answer to the co-ordinator's question) and withdrawing.

Every write locks the referral, checks it may still be changed (``EDITABLE_STATUSES``) and is
audited with the names of the fields it changed, never their values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.concurrency import EditCheck
from inclusion.referrals.lifecycle import EDITABLE_STATUSES
from inclusion.referrals.models import (
    Consent,
    Intervention,
    Purpose,
    Referral,
    ReferralStatus,
    Status,
)
from inclusion.referrals.services.lifecycle import referral_transition

# The fields each section of the form writes (the graduated response is its interventions).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "reason": ("purpose", "reason", "recharge_agreed", "commissioning_signatory"),
    "needs": (
        "needs_communication",
        "needs_cognition",
        "needs_semh",
        "needs_sensory_physical",
        "semh_details",
        "sen_provision",
        "need_types",
    ),
    "attendance": (
        "attendance_percent",
        "suspension_count",
        "suspension_days",
        "behaviour_summary",
    ),
    "agencies": ("agencies", "agencies_other", "has_social_worker", "plan"),
    "consent": ("consent", "consent_given_by", "consent_on", "parent_views"),
    "voice": ("pupil_voice", "known_risks"),
    "contacts": (
        "referrer_name",
        "referrer_role",
        "referrer_email",
        "referrer_phone",
        "dsl_name",
        "dsl_email",
        "dsl_phone",
    ),
}
NEED_AREAS = ("needs_communication", "needs_cognition", "needs_semh", "needs_sensory_physical")


class NotEditableError(PermissionError):
    """The referral has been submitted (or withdrawn, or decided): the school may no longer
    change it."""


class NamedWithoutConsentError(ValueError):
    """A named Inclusion Forum discussion needs a parent or carer's consent (DESIGN.md §5)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


class IncompleteError(ValueError):
    """Required answers are missing, so the referral cannot be submitted."""


class AnswerRequiredError(ValueError):
    """A returned referral is resubmitted only with an answer to the co-ordinator's question."""


@dataclass(frozen=True)
class Missing:
    """A required answer that is missing, and the section it belongs to."""

    section: str
    text: str


@dataclass(frozen=True)
class InterventionDetails:
    what: str
    started_on: dt.date
    duration: str
    impact: str


def named_without_consent(referral: Referral) -> bool:
    return referral.purpose == Purpose.FORUM_NAMED and referral.consent != Consent.GIVEN


def has_needs(referral: Referral) -> bool:
    return any(getattr(referral, name).strip() for name in NEED_AREAS) or bool(
        referral.semh_details
    )


def missing_answers(referral: Referral) -> list[Missing]:
    """The answers a referral needs before it can be submitted, in the order of the form."""
    checks = [
        (not referral.purpose, "reason", "Select the purpose of the referral"),
        (not referral.reason.strip(), "reason", "Enter the reason for the referral"),
        (_recharge_missing(referral), "reason", "Record the school's agreement to the recharge"),
        (not has_needs(referral), "needs", "Describe at least one area of need"),
        (not referral.consent, "consent", "Select whether a parent or carer has given consent"),
        (not referral.referrer_name.strip(), "contacts", "Enter your name"),
        (not referral.referrer_email, "contacts", "Enter your email address"),
        (not referral.dsl_name.strip(), "contacts", "Enter the name of the school's DSL"),
    ]
    return [Missing(section, text) for failed, section, text in checks if failed]


def _recharge_missing(referral: Referral) -> bool:
    return referral.purpose == Purpose.PROGRAMME_MANAGEMENT and not (
        referral.recharge_agreed and referral.commissioning_signatory.strip()
    )


def _lock_editable(referral: Referral) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status not in EDITABLE_STATUSES:
        raise NotEditableError(current.status)
    return current


def _audit(
    *,
    actor: User,
    membership: Membership,
    verb: str,
    target: Any,
    referral: Referral,
    changes: list[str],
) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=verb,
        target=target,
        pupil_id=referral.pupil_id,
        changes=changes,
    )


@transaction.atomic
def referral_section_save(
    *,
    referral: Referral,
    actor: User,
    membership: Membership,
    section: str,
    values: Mapping[str, Any],
    check: EditCheck[Referral] | None = None,
) -> list[str]:
    """Save one section's answers to a draft (or returned) referral; returns the names of the
    fields that changed. Only that section's fields are written. With a ``check``, a section
    changed since the page was opened is refused (StaleEditError)."""
    allowed = SECTION_FIELDS[section]
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"not fields of {section}: {sorted(unknown)}")
    current = _lock_editable(referral)
    if check is not None:
        check.verify(current)
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, values[name])
    if named_without_consent(current):
        raise NamedWithoutConsentError("purpose" if section == "reason" else "consent")
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
        _audit(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=current,
            referral=current,
            changes=changed,
        )
    for name in changed:
        setattr(referral, name, values[name])
    return changed


@transaction.atomic
def intervention_add(
    *, referral: Referral, actor: User, membership: Membership, details: InterventionDetails
) -> Intervention:
    current = _lock_editable(referral)
    intervention = Intervention.objects.create(
        referral=current,
        what=details.what,
        started_on=details.started_on,
        duration=details.duration,
        impact=details.impact,
    )
    _audit(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=intervention,
        referral=current,
        changes=["what", "started_on", "duration", "impact"],
    )
    return intervention


@transaction.atomic
def intervention_remove(*, intervention: Intervention, actor: User, membership: Membership) -> None:
    current = _lock_editable(intervention.referral)
    _audit(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.DELETE,
        target=intervention,
        referral=current,
        changes=[],
    )
    intervention.delete()


@transaction.atomic
def referral_submit(
    *, referral: Referral, actor: User, membership: Membership, answer: str = ""
) -> ReferralStatus:
    """Submit a complete draft, or resubmit a returned referral with the school's answer to
    the co-ordinator's question as the note of the move."""
    current = _lock_editable(referral)
    if missing_answers(current):
        raise IncompleteError
    if current.status == Status.RETURNED and not answer.strip():
        raise AnswerRequiredError
    return referral_transition(
        referral=referral,
        to=Status.SUBMITTED,
        actor=actor,
        membership=membership,
        note=answer.strip(),
    )


@transaction.atomic
def referral_withdraw(*, referral: Referral, actor: User, membership: Membership) -> None:
    _lock_editable(referral)
    referral_transition(referral=referral, to=Status.WITHDRAWN, actor=actor, membership=membership)


def referral_viewed(*, referral: Referral, actor: User, membership: Membership) -> None:
    """Reading a referral is reading the pupil's record: audited (DESIGN.md §5)."""
    _audit(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=referral,
        referral=referral,
        changes=[],
    )
