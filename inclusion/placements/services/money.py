"""Writes for the money pages: setting a partnership's average pupil cost for a school year, and
recording that someone read a school's recharge statement (it names pupils). Audited with field
names only, never amounts or names.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.organisations.models import Partnership, School
from inclusion.placements.models import AveragePupilCost

STATEMENT = "placements.recharge_statement"


@transaction.atomic
def average_pupil_cost_set(
    *,
    actor: User,
    membership: Membership,
    partnership: Partnership,
    academic_year: int,
    amount: Decimal,
) -> tuple[AveragePupilCost, bool]:
    """Set ``partnership``'s average pupil cost for ``academic_year`` (one a year): the row and
    whether it changed anything. Setting the amount it already has writes nothing.

    Two people setting the same year at once cannot make two rows: the database refuses the
    second, which then changes the first.
    """
    cost = _locked(partnership, academic_year)
    if cost is None:
        try:
            with transaction.atomic():
                cost = AveragePupilCost.objects.create(
                    partnership=partnership,
                    academic_year=academic_year,
                    amount=amount,
                    updated_by=actor,
                )
        except IntegrityError:
            cost = AveragePupilCost.objects.select_for_update().get(
                partnership=partnership, academic_year=academic_year
            )
        else:
            _audit(actor, membership, cost, AuditEvent.Verb.CREATE, CREATED)
            return cost, True
    if cost.amount == amount:
        return cost, False
    cost.amount, cost.updated_by = amount, actor
    cost.save(update_fields=["amount", "updated_by", "updated_at"])
    _audit(actor, membership, cost, AuditEvent.Verb.UPDATE, ["amount", "updated_by"])
    return cost, True


CREATED = ["academic_year", "amount", "partnership", "updated_by"]


def _locked(partnership: Partnership, academic_year: int) -> AveragePupilCost | None:
    return (
        AveragePupilCost.objects.select_for_update()
        .filter(partnership=partnership, academic_year=academic_year)
        .first()
    )


def _audit(
    actor: User, membership: Membership, cost: AveragePupilCost, verb: str, changes: list[str]
) -> None:
    audit_record(actor=actor, membership=membership, verb=verb, target=cost, changes=changes)


def recharge_statement_viewed(*, actor: User, membership: Membership, school: School) -> None:
    """A recharge statement (page, CSV or PDF) lists pupils by name: record who read which."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target_type=STATEMENT,
        target_id=str(school.pk),
        changes=[],
    )
