"""Writes of the Ofsted evidence pack: naming the school's lead, and recording who looked at
or downloaded a pack (it holds every pupil in alternative provision)."""

from __future__ import annotations

from django.db import transaction

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.organisations.models import School


@transaction.atomic
def school_ap_lead_set(
    *, actor: User, membership: Membership | None, school: School, lead: User
) -> None:
    """Name ``lead`` as the school's lead for pupils in alternative provision."""
    if school.ap_lead_id == lead.pk:
        return
    school.ap_lead = lead
    school.save(update_fields=["ap_lead"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=school,
        changes=["ap_lead"],
    )


def pack_viewed(*, actor: User, membership: Membership | None, school: School, kind: str) -> None:
    """Audit a look at, or a download of, the school's pack (``kind``: page, pdf, csv, xlsx)."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=school,
        changes=[f"ofsted_pack.{kind}"],
    )
