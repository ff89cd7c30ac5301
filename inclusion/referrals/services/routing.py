"""Storing where a referred pupil lives: worked out from the home postcode on submission, or
confirmed by hand by a co-ordinator or LA officer (audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.referrals.models import Referral, Status
from inclusion.referrals.routing import RoutingResult, resolve_postcode

ROUTING_FIELDS = ("routing", "home_la", "home_la_gss", "home_la_name")


class RoutingNotAllowedError(PermissionError):
    """The membership may not confirm routing, or the referral has not been submitted."""


def _apply(referral: Referral, result: RoutingResult) -> list[str]:
    referral.routing = result.routing
    referral.home_la = result.authority
    referral.home_la_gss = result.gss
    referral.home_la_name = result.name[:120]
    return list(ROUTING_FIELDS)


def route_on_submission(*, referral: Referral) -> list[str]:
    """Set the routing from the pupil's home postcode (called by ``referral_transition`` inside
    its transaction; it saves). A routing confirmed by hand is kept. Returns the fields set."""
    if referral.routing_confirmed_at is not None:
        return []
    return _apply(referral, resolve_postcode(referral.pupil.postcode))


@transaction.atomic
def referral_confirm_routing(
    *, referral: Referral, result: RoutingResult, actor: User, membership: Membership
) -> Referral:
    """Record the home local authority a co-ordinator or LA officer has confirmed."""
    if not can(membership, "referrals.confirm_routing"):
        raise RoutingNotAllowedError("confirm routing")
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status == Status.DRAFT:
        raise RoutingNotAllowedError("a draft is routed when it is submitted")
    changed = _apply(current, result)
    current.routing_confirmed_by = actor
    current.routing_confirmed_at = timezone.now()
    changed += ["routing_confirmed_by", "routing_confirmed_at"]
    current.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=current,
        pupil_id=current.pupil_id,
        changes=changed,
    )
    return current
