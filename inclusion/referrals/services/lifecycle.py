"""Creating a referral and moving it through its lifecycle (ADR 5): one service makes every
move, checks the table and the rule, writes the history row, the current status and an audit
event in one transaction, and notifies the people who need to know after it commits."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.notifications.services import notify_partnership, notify_school
from inclusion.pupils.models import Pupil
from inclusion.referrals.lifecycle import TRANSITIONS
from inclusion.referrals.models import Referral, ReferralStatus, Status
from inclusion.referrals.services.routing import route_on_submission

# Letters and digits that cannot be confused when read aloud or on paper.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class TransitionNotAllowedError(PermissionError):
    """The move is not in the lifecycle table, or the membership may not make it."""


class NoPartnershipError(ValueError):
    """The pupil's school is not in a partnership, so there is no one to refer to."""


def new_reference() -> str:
    """A case reference such as ``R-7KQ2M9XH``: random, so it says nothing about the pupil
    or how many referrals there are."""
    while True:
        code = "R-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Referral.objects.filter(reference=code).exists():
            return code


@transaction.atomic
def referral_create(*, actor: User, membership: Membership, pupil: Pupil) -> Referral:
    """Start a draft referral for ``pupil`` (whom the membership may see), to the partnership
    of the pupil's school, with the pupil's SEN provision and need types copied in."""
    school = pupil.school
    if school.partnership_id is None:
        raise NoPartnershipError
    referral = Referral.objects.create(
        reference=new_reference(),
        pupil=pupil,
        school=school,
        partnership_id=school.partnership_id,
        created_by=actor,
        sen_provision=pupil.sen_provision,
        need_types=[need.need_type for need in pupil.needs.all()],
    )
    ReferralStatus.objects.create(
        referral=referral, status=Status.DRAFT, actor=actor, membership=membership
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=referral,
        pupil_id=pupil.pk,
    )
    return referral


MESSAGES: dict[str, str] = {
    Status.SUBMITTED: "Referral {ref} has been submitted to the partnership",
    Status.RETURNED: "Referral {ref} has been returned with a question for the school",
    Status.ACCEPTED: "Referral {ref} has been accepted for an Inclusion Forum",
    Status.DECIDED: "A decision has been recorded for referral {ref}",
    Status.CLOSED: "Referral {ref} has been closed",
    Status.WITHDRAWN: "Referral {ref} has been withdrawn",
}


@transaction.atomic
def referral_transition(
    *,
    referral: Referral,
    to: str,
    actor: User,
    membership: Membership,
    note: str = "",
) -> ReferralStatus:
    """Move ``referral`` to ``to``. The row is locked first, so two people acting at once
    cannot both move it from the same status."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    rule = TRANSITIONS.get((current.status, to))
    if rule is None or not can(membership, rule):
        raise TransitionNotAllowedError(f"{current.status} → {to}")
    row = ReferralStatus.objects.create(
        referral=current, status=to, actor=actor, membership=membership, note=note
    )
    changed = ["status"]
    current.status = to
    if to == Status.SUBMITTED and current.submitted_at is None:
        current.submitted_at = timezone.now()
        changed.append("submitted_at")
    routed = route_on_submission(referral=current) if to == Status.SUBMITTED else []
    changed += routed
    current.save(update_fields=[*changed, "updated_at"])
    referral.status, referral.submitted_at = current.status, current.submitted_at
    for field in routed:
        setattr(referral, field, getattr(current, field))
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=current,
        pupil_id=current.pupil_id,
        changes=changed + (["note"] if note else []),
    )
    _notify(current, to)
    return row


def _notify(referral: Referral, to: str) -> None:
    """In the app and by e-mail: the reference and a link, never the pupil's details."""
    message = MESSAGES.get(to, "")
    if not message or (to == Status.WITHDRAWN and referral.submitted_at is None):
        return  # a draft withdrawn was never the partnership's business
    text = message.format(ref=referral.reference)
    url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    if to in (Status.SUBMITTED, Status.WITHDRAWN):
        notify_partnership(partnership_id=referral.partnership_id, message=text, url=url)
    else:
        notify_school(school_id=referral.school_id, message=text, url=url)
