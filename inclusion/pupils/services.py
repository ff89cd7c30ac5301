"""Every write to a pupil record goes through here: atomic, and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

from django.db import IntegrityError, transaction

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.core.concurrency import EditCheck
from inclusion.organisations.models import LocalAuthority, School
from inclusion.pupils.models import Contact, Pupil, PupilNeed


class UpnTakenError(Exception):
    """Another pupil already holds this permanent UPN."""


@dataclass(frozen=True)
class PupilDetails:
    upn: str
    upn_is_temporary: bool
    legal_first_name: str
    legal_last_name: str
    preferred_first_name: str
    preferred_last_name: str
    date_of_birth: dt.date
    sex: str
    nc_year: int
    school: School
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    sen_provision: str
    need_types: tuple[str, ...]
    looked_after: bool
    care_la: LocalAuthority | None
    consent_to_share: str


_NOT_MODEL_FIELDS = {"need_types"}


def search_name_for(pupil: Pupil) -> str:
    names = (
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.preferred_first_name,
        pupil.preferred_last_name,
    )
    return " ".join(name.lower() for name in names if name)


def _apply(pupil: Pupil, details: PupilDetails) -> list[str]:
    changed = []
    for field in fields(details):
        if field.name in _NOT_MODEL_FIELDS:
            continue
        value = getattr(details, field.name)
        if getattr(pupil, field.name, None) != value:
            setattr(pupil, field.name, value)
            changed.append(field.name)
    pupil.search_name = search_name_for(pupil)
    return changed


def _set_needs(pupil: Pupil, need_types: tuple[str, ...]) -> bool:
    current = tuple(need.need_type for need in pupil.needs.order_by("rank"))
    if current == need_types:
        return False
    pupil.needs.all().delete()
    PupilNeed.objects.bulk_create(
        PupilNeed(pupil=pupil, need_type=code, rank=rank)
        for rank, code in enumerate(need_types, start=1)
    )
    return True


def _save(pupil: Pupil) -> None:
    try:
        with transaction.atomic():
            pupil.save()
    except IntegrityError as error:
        if "upn" in str(error).lower():
            raise UpnTakenError from error
        raise


def _check_upn_free(details: PupilDetails, *, exclude: Pupil | None = None) -> None:
    if details.upn_is_temporary:
        return
    clash = Pupil.objects.filter(upn=details.upn, upn_is_temporary=False)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise UpnTakenError


@transaction.atomic
def pupil_create(*, actor: User, membership: Membership, details: PupilDetails) -> Pupil:
    _check_upn_free(details)
    pupil = Pupil()
    changed = _apply(pupil, details)
    _save(pupil)
    if _set_needs(pupil, details.need_types):
        changed.append("need_types")
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=pupil,
        pupil_id=pupil.pk,
        changes=changed,
    )
    return pupil


@transaction.atomic
def pupil_update(
    *,
    actor: User,
    membership: Membership,
    pupil: Pupil,
    details: PupilDetails,
    check: EditCheck[Pupil] | None = None,
) -> list[str]:
    """Apply the details; return the names of the fields that changed (audited). With a
    ``check``, a record changed since the page was opened is refused (StaleEditError)."""
    if check is not None:
        pupil = Pupil.objects.select_for_update(of=("self",)).get(pk=pupil.pk)
        check.verify(pupil)
    _check_upn_free(details, exclude=pupil)
    changed = _apply(pupil, details)
    if changed:
        _save(pupil)
    if _set_needs(pupil, details.need_types):
        changed.append("need_types")
    if changed:
        audit_record(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            target=pupil,
            pupil_id=pupil.pk,
            changes=changed,
        )
    return changed


def pupil_viewed(*, actor: User, membership: Membership, pupil: Pupil) -> None:
    """Every read of a pupil's record is audited."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=pupil,
        pupil_id=pupil.pk,
    )


@dataclass(frozen=True)
class ContactDetails:
    name: str
    relationship: str
    phone: str
    email: str
    parental_responsibility: bool


@transaction.atomic
def contact_add(
    *, actor: User, membership: Membership, pupil: Pupil, details: ContactDetails
) -> Contact:
    priority = pupil.contacts.count() + 1
    contact = Contact.objects.create(pupil=pupil, priority=priority, **asdict(details))
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=contact,
        pupil_id=pupil.pk,
        changes=[name for name, value in asdict(details).items() if value not in ("", None)],
    )
    return contact


@transaction.atomic
def pupil_change_school(
    *, actor: User, membership: Membership, pupil: Pupil, school: School
) -> bool:
    """Put the pupil on another school's roll (a completed managed move, for example); audited
    as a change of ``school``. Returns whether anything changed."""
    if pupil.school_id == school.pk:
        return False
    pupil.school = school
    pupil.save(update_fields=["school", "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=pupil,
        pupil_id=pupil.pk,
        changes=["school"],
    )
    return True
