"""How a case on a forum's agenda is shown to the person looking at it: the one place that
decides whether the pupil is named (DESIGN.md §5).

Staff of the referring school, the partnership's co-ordinators and the LA's officers always
see who the pupil is, with the UPN and date of birth. Every other forum member sees the
pupil's name, school and the reason for the referral only when the referral is for a named
discussion and the parent or carer's consent is recorded (``Referral.is_named``); otherwise
the case is anonymised — "Case 3", the year group, the purpose and the needs, with no name,
UPN, date of birth, address, school or reason in the school's own words. The address is never
shown on an agenda.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from inclusion.accounts.models import Membership, Role
from inclusion.forums.models import Action, AgendaItem, Decision, Outcome
from inclusion.referrals.models import Purpose, Referral, SemhDetail, Status

NEEDS_AREAS = (
    ("Communication and interaction", "needs_communication"),
    ("Cognition and learning", "needs_cognition"),
    ("Social, emotional and mental health", "needs_semh"),
    ("Sensory and/or physical", "needs_sensory_physical"),
)


def sees_whole_record(*, referral: Referral, membership: Membership) -> bool:
    """Staff of the referring school, the partnership's co-ordinators and the LA's officers:
    they may see who the pupil is whatever the consent, with the UPN and date of birth."""
    if membership.role == Role.SCHOOL_STAFF:
        return membership.school_id == referral.school_id
    if membership.role == Role.COORDINATOR:
        return membership.partnership_id == referral.partnership_id
    if membership.role == Role.LA_OFFICER:
        return membership.local_authority_id == referral.school.local_authority_id
    return False


def shows_identity(*, referral: Referral, membership: Membership) -> bool:
    """Whether ``membership`` may see who the pupil of ``referral`` is: every forum member
    when the case is named with consent, otherwise only those who see the whole record."""
    return referral.is_named or sees_whole_record(referral=referral, membership=membership)


def owner_label(action: Action) -> str:
    """Who owns the action: a person or an organisation."""
    if action.owner_user is not None:
        return action.owner_user.full_name or action.owner_user.email
    owner = action.owner_school or action.owner_partnership or action.owner_agency
    return str(owner) if owner is not None else ""


@dataclass(frozen=True)
class ActionView:
    action: Action
    owner: str
    overdue: bool

    @property
    def status(self) -> tuple[str, str]:
        """(label, tag class)."""
        if self.action.completed_on is not None:
            return "Done", "govuk-tag--green"
        if self.overdue:
            return "Overdue", "govuk-tag--red"
        return "Open", "govuk-tag--blue"


def present_action(action: Action, today: dt.date) -> ActionView:
    overdue = action.completed_on is None and action.due_on < today
    return ActionView(action, owner_label(action), overdue)


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    outcome: str
    tier: str
    services: list[tuple[str, str]]  # (name, url)
    actions: list[ActionView]

    @property
    def needs_placement(self) -> bool:
        """A decision to commission a placement (Tier 4 or an AP placement)."""
        return self.decision.outcome in (Outcome.PROGRAMME_MANAGEMENT, Outcome.AP_PLACEMENT)


def present_decision(
    decision: Decision, *, tier_names: dict[int, str], today: dt.date
) -> DecisionView:
    tier = ""
    if decision.outcome == Outcome.TIER_CHANGE and decision.new_tier is not None:
        name = tier_names.get(decision.new_tier, "")
        tier = f"Tier {decision.new_tier}" + (f": {name}" if name else "")
    return DecisionView(
        decision=decision,
        outcome=decision.get_outcome_display(),
        tier=tier,
        services=[(service.name, service.url) for service in decision.services.all()],
        actions=[present_action(action, today) for action in decision.actions.all()],
    )


@dataclass(frozen=True)
class CaseView:
    """One case as the viewer may see it. Identity fields are blank when anonymised."""

    number: int
    item: AgendaItem
    reference: str
    named: bool
    year_group: str
    purpose: str
    needs: list[tuple[str, str]]
    semh_details: list[str]
    pupil_name: str = ""
    upn: str = ""
    date_of_birth: dt.date | None = None
    school_name: str = ""
    reason: str = ""
    decision: DecisionView | None = None

    @property
    def decidable(self) -> bool:
        """No decision yet, and the referral is still accepted for a forum."""
        return self.decision is None and self.item.referral.status == Status.ACCEPTED

    @property
    def label(self) -> str:
        return f"Case {self.number}"

    @property
    def heading(self) -> str:
        return f"{self.label}: {self.pupil_name}" if self.named else self.label


def _needs(referral: Referral) -> tuple[list[tuple[str, str]], list[str]]:
    needs = [
        (area, str(getattr(referral, name)))
        for area, name in NEEDS_AREAS
        if getattr(referral, name)
    ]
    labels = dict(SemhDetail.choices)
    semh = [labels[code] for code in referral.semh_details or [] if code in labels]
    return needs, semh


def present_case(
    item: AgendaItem,
    *,
    number: int,
    membership: Membership,
    tier_names: dict[int, str],
    today: dt.date,
) -> CaseView:
    referral = item.referral
    needs, semh = _needs(referral)
    decision = getattr(item, "decision", None)
    view = CaseView(
        number=number,
        item=item,
        reference=referral.reference,
        named=False,
        year_group=f"Year {referral.pupil.nc_year}",
        purpose=dict(Purpose.choices).get(referral.purpose, "Not given"),
        needs=needs,
        semh_details=semh,
        decision=(
            present_decision(decision, tier_names=tier_names, today=today) if decision else None
        ),
    )
    whole = sees_whole_record(referral=referral, membership=membership)
    if not (whole or referral.is_named):
        return view
    pupil = referral.pupil
    return replace(
        view,
        named=True,
        pupil_name=pupil.display_name,
        upn=pupil.upn if whole else "",
        date_of_birth=pupil.date_of_birth if whole else None,
        school_name=referral.school.name,
        reason=referral.reason,
    )


def present_agenda(
    items: Iterable[AgendaItem],
    *,
    membership: Membership,
    tier_names: dict[int, str],
    today: dt.date,
) -> list[CaseView]:
    """The agenda in order, each case numbered from 1 and shown as the viewer may see it."""
    return [
        present_case(item, number=number, membership=membership, tier_names=tier_names, today=today)
        for number, item in enumerate(items, start=1)
    ]
