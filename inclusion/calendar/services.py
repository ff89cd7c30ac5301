"""Writes to term dates and closures: atomic, checked and audited in the same transaction.

The checks the database cannot hold live here: a term lies inside its school year and overlaps
no other term of the authority; a closure lies inside one term of the school year and overlaps
no other closure; changing a term never leaves one of its closures outside it. A refused write
raises :class:`CalendarRuleError` naming the form field and the GOV.UK message; nothing is
written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass

from django.db import transaction

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.calendar.days import academic_year_bounds, academic_year_label
from inclusion.calendar.models import Closure, Term
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.organisations.models import LocalAuthority

MANAGE_RULE = "calendar.manage_terms"


class CalendarNotAllowedError(PermissionError):
    """Only an officer of the authority keeps its calendar."""


class CalendarRuleError(ValueError):
    """A write the calendar's rules refuse: ``field`` is the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class TermDetails:
    name: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class ClosureDetails:
    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date


def _span(starts_on: dt.date, ends_on: dt.date) -> str:
    if starts_on == ends_on:
        return govuk_date(starts_on)
    return f"{govuk_date(starts_on)} to {govuk_date(ends_on)}"


def _check_may_manage(membership: Membership, local_authority_id: uuid.UUID) -> None:
    if not can(membership, MANAGE_RULE) or membership.local_authority_id != local_authority_id:
        raise CalendarNotAllowedError


def _lock(local_authority_id: uuid.UUID) -> None:
    """Serialise calendar writes of one authority, so two overlap checks cannot both pass."""
    LocalAuthority.objects.select_for_update().filter(pk=local_authority_id).first()


# Checks (also used by the Django admin's forms).


def check_term(
    *,
    local_authority_id: uuid.UUID,
    academic_year: int,
    details: TermDetails,
    term: Term | None = None,
) -> None:
    """Refuse term dates the calendar cannot hold (raises :class:`CalendarRuleError`)."""
    if details.ends_on <= details.starts_on:
        raise CalendarRuleError("ends_on", "Last day of term must be after the first day of term")
    first, last = academic_year_bounds(academic_year)
    for field, day, label in (
        ("starts_on", details.starts_on, "First day of term"),
        ("ends_on", details.ends_on, "Last day of term"),
    ):
        if not first <= day <= last:
            raise CalendarRuleError(
                field,
                f"{label} must be in the {academic_year_label(academic_year)} school year, "
                f"from {govuk_date(first)} to {govuk_date(last)}",
            )
    others = Term.objects.filter(
        local_authority_id=local_authority_id,
        starts_on__lte=details.ends_on,
        ends_on__gte=details.starts_on,
    )
    if term is not None:
        others = others.exclude(pk=term.pk)
    if clash := others.order_by("starts_on").first():
        raise CalendarRuleError(
            "starts_on",
            f"Term dates must not overlap {clash.name} ({_span(clash.starts_on, clash.ends_on)})",
        )
    if term is not None:
        _check_closures_stay_inside(term, details)


def _check_closures_stay_inside(term: Term, details: TermDetails) -> None:
    inside = Closure.objects.filter(
        local_authority_id=term.local_authority_id,
        starts_on__gte=term.starts_on,
        ends_on__lte=term.ends_on,
    ).order_by("starts_on")
    for closure in inside:
        if closure.starts_on < details.starts_on or closure.ends_on > details.ends_on:
            field = "starts_on" if closure.starts_on < details.starts_on else "ends_on"
            raise CalendarRuleError(
                field,
                f"The term must include {closure.name} "
                f"({_span(closure.starts_on, closure.ends_on)}): change or delete that closure "
                "first",
            )


def check_closure(
    *,
    local_authority_id: uuid.UUID,
    academic_year: int,
    details: ClosureDetails,
    closure: Closure | None = None,
) -> None:
    """Refuse a closure the calendar cannot hold (raises :class:`CalendarRuleError`)."""
    if details.ends_on < details.starts_on:
        raise CalendarRuleError(
            "ends_on", "Last day of the closure must be the same as or after the first day"
        )
    terms = Term.objects.filter(local_authority_id=local_authority_id, academic_year=academic_year)
    term = terms.filter(starts_on__lte=details.starts_on, ends_on__gte=details.starts_on).first()
    if term is None:
        raise CalendarRuleError(
            "starts_on",
            f"First day of the closure must be in a term of the "
            f"{academic_year_label(academic_year)} school year",
        )
    if details.ends_on > term.ends_on:
        raise CalendarRuleError(
            "ends_on",
            f"Last day of the closure must be on or before the last day of {term.name} "
            f"({govuk_date(term.ends_on)})",
        )
    others = Closure.objects.filter(
        local_authority_id=local_authority_id,
        starts_on__lte=details.ends_on,
        ends_on__gte=details.starts_on,
    )
    if closure is not None:
        others = others.exclude(pk=closure.pk)
    if clash := others.order_by("starts_on").first():
        raise CalendarRuleError(
            "starts_on",
            f"The closure must not overlap {clash.name} ({_span(clash.starts_on, clash.ends_on)})",
        )


# Terms.


@transaction.atomic
def term_create(
    *,
    actor: User,
    membership: Membership,
    local_authority: LocalAuthority,
    academic_year: int,
    details: TermDetails,
) -> Term:
    _check_may_manage(membership, local_authority.pk)
    _lock(local_authority.pk)
    check_term(local_authority_id=local_authority.pk, academic_year=academic_year, details=details)
    term = Term.objects.create(
        local_authority=local_authority, academic_year=academic_year, **asdict(details)
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=term,
        changes=["academic_year", *asdict(details)],
    )
    return term


@transaction.atomic
def term_update(
    *, actor: User, membership: Membership, term: Term, details: TermDetails
) -> list[str]:
    """Save the term's new name or dates; returns the fields that changed (none: no write)."""
    _check_may_manage(membership, term.local_authority_id)
    changed = [name for name, value in asdict(details).items() if getattr(term, name) != value]
    if not changed:
        return []
    _lock(term.local_authority_id)
    check_term(
        local_authority_id=term.local_authority_id,
        academic_year=term.academic_year,
        details=details,
        term=term,
    )
    for name in changed:
        setattr(term, name, getattr(details, name))
    term.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=term,
        changes=changed,
    )
    return changed


def closures_inside(term: Term) -> list[Closure]:
    """The closures that lie inside ``term`` (deleted with it)."""
    return list(
        Closure.objects.filter(
            local_authority_id=term.local_authority_id,
            starts_on__gte=term.starts_on,
            ends_on__lte=term.ends_on,
        ).order_by("starts_on")
    )


@transaction.atomic
def term_delete(*, actor: User, membership: Membership, term: Term) -> int:
    """Delete the term and the closures inside it; returns how many closures went with it."""
    _check_may_manage(membership, term.local_authority_id)
    _lock(term.local_authority_id)
    inside = closures_inside(term)
    for closure in inside:
        audit_record(
            actor=actor, membership=membership, verb=AuditEvent.Verb.DELETE, target=closure
        )
        closure.delete()
    audit_record(actor=actor, membership=membership, verb=AuditEvent.Verb.DELETE, target=term)
    term.delete()
    return len(inside)


# Closures.


@transaction.atomic
def closure_create(
    *,
    actor: User,
    membership: Membership,
    local_authority: LocalAuthority,
    academic_year: int,
    details: ClosureDetails,
) -> Closure:
    _check_may_manage(membership, local_authority.pk)
    _lock(local_authority.pk)
    check_closure(
        local_authority_id=local_authority.pk, academic_year=academic_year, details=details
    )
    closure = Closure.objects.create(local_authority=local_authority, **asdict(details))
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=closure,
        changes=list(asdict(details)),
    )
    return closure


@transaction.atomic
def closure_update(
    *,
    actor: User,
    membership: Membership,
    closure: Closure,
    academic_year: int,
    details: ClosureDetails,
) -> list[str]:
    """Save the closure's changes (it stays in a term of ``academic_year``); returns the fields
    that changed (none: no write)."""
    _check_may_manage(membership, closure.local_authority_id)
    changed = [name for name, value in asdict(details).items() if getattr(closure, name) != value]
    if not changed:
        return []
    _lock(closure.local_authority_id)
    check_closure(
        local_authority_id=closure.local_authority_id,
        academic_year=academic_year,
        details=details,
        closure=closure,
    )
    for name in changed:
        setattr(closure, name, getattr(details, name))
    closure.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=closure,
        changes=changed,
    )
    return changed


@transaction.atomic
def closure_delete(*, actor: User, membership: Membership, closure: Closure) -> None:
    _check_may_manage(membership, closure.local_authority_id)
    audit_record(actor=actor, membership=membership, verb=AuditEvent.Verb.DELETE, target=closure)
    closure.delete()


def record_admin_write(
    *, actor: User, target: Term | Closure, verb: str, changes: list[str]
) -> None:
    """Audit a change a service administrator made in the Django admin."""
    audit_record(actor=actor, verb=verb, target=target, changes=changes)
