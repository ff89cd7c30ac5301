"""The graduated response's tiers: what each partnership calls them (with sensible defaults when
it has named none), a pupil's current tier, and the two writes — naming a partnership's tiers,
and a co-ordinator setting a pupil's tier by hand. Both writes are atomic and audited.

A forum decision that changes a tier writes its own ``TierChange`` (with the decision); this
module only reads those.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from inclusion.accounts.models import Membership, Role, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.organisations.models import Partnership
from inclusion.pupils.models import Pupil, TierChange, TierDefinition

TIERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class TierName:
    tier: int
    name: str
    description: str = ""

    @property
    def label(self) -> str:
        return f"Tier {self.tier}: {self.name}"


DEFAULT_TIERS: tuple[TierName, ...] = (
    TierName(
        1,
        "Universal support in school",
        "The school's everyday offer for every pupil: good teaching, clear routines, pastoral care "
        "and early conversations with parents and carers.",
    ),
    TierName(
        2,
        "Targeted support in school",
        "Extra help the school plans and reviews for the pupil, such as mentoring, a short "
        "intervention, a support plan or advice from a specialist service.",
    ),
    TierName(
        3,
        "Partnership support",
        "Support arranged through the partnership after discussion at the Inclusion Forum, "
        "alongside what the school already provides.",
    ),
    TierName(
        4,
        "Programme Management",
        "The pupil stays on the school roll and is educated out of school at one or more "
        "alternative providers, after a Standard Risk Assessment.",
    ),
)


class TierNotAllowedError(PermissionError):
    """Only a co-ordinator names their partnership's tiers or sets the tier of its pupils."""


def tier_names(*, partnership_id: uuid.UUID | None) -> list[TierName]:
    """Tiers 1 to 4 as the partnership names them; a tier it has not named keeps the default."""
    names = {tier.tier: tier for tier in DEFAULT_TIERS}
    if partnership_id is not None:
        for row in TierDefinition.objects.filter(partnership_id=partnership_id):
            names[row.tier] = TierName(row.tier, row.name, row.description)
    return [names[tier] for tier in TIERS]


def pupil_tier_names(*, pupil: Pupil) -> list[TierName]:
    """The tiers as the partnership of the pupil's school names them."""
    return tier_names(partnership_id=pupil.school.partnership_id)


def tier_name(names: Sequence[TierName], tier: int) -> TierName:
    return next((t for t in names if t.tier == tier), TierName(tier, f"Tier {tier}"))


def current_tier_change(*, changes: Sequence[TierChange], today: dt.date) -> TierChange | None:
    """The latest change in effect today (``changes`` in the model's order, oldest first)."""
    in_effect = [change for change in changes if change.effective_on <= today]
    return in_effect[-1] if in_effect else None


def _check_coordinator_of(membership: Membership, partnership_id: uuid.UUID | None) -> None:
    if partnership_id is None or membership.role != Role.COORDINATOR:
        raise TierNotAllowedError
    if membership.partnership_id != partnership_id:
        raise TierNotAllowedError


@transaction.atomic
def tier_names_save(*, actor: User, membership: Membership, names: Sequence[TierName]) -> list[str]:
    """Name the acting co-ordinator's partnership's tiers; returns the fields that changed."""
    partnership: Partnership | None = membership.partnership
    if partnership is None:
        raise TierNotAllowedError
    _check_coordinator_of(membership, partnership.pk)
    if sorted(t.tier for t in names) != list(TIERS):
        raise ValueError("Name each of tiers 1 to 4 exactly once")
    before = {t.tier: t for t in tier_names(partnership_id=partnership.pk)}
    existing = {row.tier: row for row in TierDefinition.objects.filter(partnership=partnership)}
    changed: list[str] = []
    for new in names:
        old = before[new.tier]
        fields = [f for f in ("name", "description") if getattr(old, f) != getattr(new, f)]
        row = existing.get(new.tier)
        if row is None:
            TierDefinition.objects.create(
                partnership=partnership, tier=new.tier, name=new.name, description=new.description
            )
        elif fields:
            row.name, row.description = new.name, new.description
            row.save(update_fields=["name", "description", "updated_at"])
        changed += [f"tier_{new.tier}_{f}" for f in fields]
    if changed:
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=partnership,
            changes=changed,
        )
    return changed


@transaction.atomic
def pupil_tier_set(
    *,
    actor: User,
    membership: Membership,
    pupil: Pupil,
    tier: int,
    effective_on: dt.date,
    note: str,
) -> TierChange:
    """A co-ordinator sets the tier of a pupil of their partnership by hand (no decision)."""
    _check_coordinator_of(membership, pupil.school.partnership_id)
    if tier not in TIERS:
        raise ValueError("A tier is 1, 2, 3 or 4")
    change = TierChange.objects.create(
        pupil=pupil, tier=tier, effective_on=effective_on, note=note, set_by=actor
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=change,
        pupil_id=pupil.pk,
        changes=["effective_on", "note", "tier"],
    )
    return change
