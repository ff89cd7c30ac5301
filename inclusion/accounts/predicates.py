"""Named predicates on the acting membership, combined into rules by each app's ``rules.py``."""

from __future__ import annotations

import rules

from inclusion.accounts.models import Membership, Role


def _has_role(role: str) -> rules.Predicate:
    @rules.predicate(name=f"is_{role}")
    def check(membership: Membership) -> bool:
        return isinstance(membership, Membership) and membership.role == role

    return check


is_school_staff = _has_role(Role.SCHOOL_STAFF)
is_coordinator = _has_role(Role.COORDINATOR)
is_chair = _has_role(Role.CHAIR)
is_provider_staff = _has_role(Role.PROVIDER_STAFF)
is_virtual_school = _has_role(Role.VIRTUAL_SCHOOL)
is_la_officer = _has_role(Role.LA_OFFICER)
is_governance = _has_role(Role.GOVERNANCE)
is_service_admin = _has_role(Role.SERVICE_ADMIN)

is_any_member = rules.predicate(lambda m: isinstance(m, Membership), name="is_any_member")

# Roles whose work involves individual pupils (what they see is narrowed by selectors).
works_with_pupils = (
    is_school_staff
    | is_coordinator
    | is_chair
    | is_provider_staff
    | is_virtual_school
    | is_la_officer
)
