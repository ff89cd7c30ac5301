"""Whose report a membership may read, and for which terms (DESIGN.md §5).

- A co-ordinator, a chair, or a governance board member of a partnership: their partnership.
- An LA officer, or a governance board member at the local authority: every partnership of the
  authority, and the county view across them.
- Everyone else: nothing (the rules already answer 404).

The report reads aggregate figures only, never a pupil's record, so it does not go through the
pupils' or placements' selectors (governance members pass neither): every query of the report is
filtered to the partnerships this module allows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.models import Membership, Role
from inclusion.calendar.days import SchoolCalendar
from inclusion.calendar.models import Term
from inclusion.organisations.models import LocalAuthority, Partnership

PARTNERSHIP_ROLES = (Role.COORDINATOR, Role.CHAIR, Role.GOVERNANCE)
AUTHORITY_ROLES = (Role.LA_OFFICER, Role.GOVERNANCE)


def today() -> dt.date:
    """Today's date in the service's time zone (tests replace it)."""
    return timezone.localdate()


def sees_suppressed(membership: Membership) -> bool:
    """Governance board members see small figures suppressed; everyone else as they are."""
    return membership.role == Role.GOVERNANCE


def report_partnerships(*, membership: Membership) -> QuerySet[Partnership]:
    """The partnerships whose report the membership may read, by name."""
    partnerships = Partnership.objects.select_related("local_authority").order_by("name")
    if membership.role in PARTNERSHIP_ROLES and membership.partnership_id is not None:
        return partnerships.filter(pk=membership.partnership_id)
    if membership.role in AUTHORITY_ROLES and membership.local_authority_id is not None:
        return partnerships.filter(local_authority_id=membership.local_authority_id)
    return partnerships.none()


def county_authority(*, membership: Membership) -> LocalAuthority:
    """The authority whose county view the membership reads; 404 for anyone without one."""
    if membership.role in AUTHORITY_ROLES and membership.local_authority is not None:
        return membership.local_authority
    raise Http404


def started_terms(calendar: SchoolCalendar, on: dt.date) -> list[Term]:
    """The authority's terms that have begun by ``on``, newest first: a report is of a term
    that has happened (or is happening)."""
    return [term for term in reversed(calendar.terms) if term.starts_on <= on]


def default_term(terms: list[Term], on: dt.date) -> Term | None:
    """The term running ``on``, else the last one before it (``terms`` newest first)."""
    return next((term for term in terms if term.starts_on <= on), None)


def as_of(term: Term, on: dt.date) -> dt.date:
    """The day "now" figures are taken on: the term's last day, or today in a running term."""
    return min(term.ends_on, on)
