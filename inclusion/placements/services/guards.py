"""The guards a placement must pass before it moves on. Each returns a message fit to show the
person trying the move, or None when the move may go ahead.

Before a placement is agreed:
- the registration test: agreeing it must not make a provider that is not a registered school
  meet the test (``settings.REGISTRATION_TEST_GUARD``: "block" refuses, "warn" lets it go ahead
  with a recorded reason);
- compliance: a provider whose compliance evidence has lapsed is refused unless an LA officer
  has overridden it with a reason.

Before a placement becomes active:
- a Tier 4 (Programme Management) placement needs a signed, in-date Standard Risk Assessment;
- a looked-after pupil needs the Virtual School step: approval by the home authority's Virtual
  School for its own children in care, notification of the care authority's otherwise.

And an ended placement needs a reason and an end date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from inclusion.placements.models import Placement, PlacementSession, RiskAssessment
from inclusion.placements.registration_test import NoRuleInForceError, check_placement
from inclusion.placements.selectors.placements import current_risk_assessment
from inclusion.providers.status import Compliance, compliance_of
from inclusion.pupils.models import Pupil

Status = Placement.Status

BLOCK = "block"
WARN = "warn"

APPROVED = "approved"
NOTIFIED = "notified"


# Before AGREED ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doing:
    """What the registration guard is asked about, as its messages say it."""

    subject: str  # "Agreeing this placement"
    refused: str  # "The placement cannot be agreed"
    warned: str  # "Give a reason to agree it anyway"


AGREEING = Doing(
    "Agreeing this placement",
    "The placement cannot be agreed",
    "Give a reason to agree it anyway",
)
ADDING_A_SESSION = Doing(
    "Adding this session",
    "The session cannot be added",
    "Give a reason to add it anyway",
)


def registration_warning(
    placement: Placement,
    sessions: Sequence[PlacementSession],
    today: dt.date,
    doing: Doing = AGREEING,
) -> str | None:
    """What the registration test says about agreeing ``placement`` with these weekly
    ``sessions``: None when the provider would not meet the test (or is a registered school)."""
    try:
        check = check_placement(placement, sessions, today)
    except NoRuleInForceError:
        return None
    if check.message is None or not check.would_meet_test:
        return check.message
    after = check.after
    return (
        f"{doing.subject} would make {after.provider.name} meet the registration test "
        f"({after.description})"
    )


def registration_guard(
    placement: Placement,
    today: dt.date,
    *,
    sessions: Sequence[PlacementSession] | None = None,
    override_reason: str = "",
    mode: str | None = None,
    doing: Doing = AGREEING,
) -> str | None:
    """Refuse a placement that would make its provider meet the registration test: always in
    "block" mode; in "warn" mode unless a reason is given (now or recorded before)."""
    mode = mode or settings.REGISTRATION_TEST_GUARD
    if sessions is None:
        sessions = list(placement.sessions.all())
    warning = registration_warning(placement, sessions, today, doing)
    if warning is None:
        return None
    if mode == WARN:
        if override_reason.strip() or placement.registration_override_reason:
            return None
        return f"{warning}. {doing.warned}"
    return f"{warning}. {doing.refused}"


def compliance_lapsed(placement: Placement, today: dt.date) -> bool:
    return compliance_of(placement.site.provider, today) is Compliance.LAPSED


def compliance_guard(placement: Placement, today: dt.date) -> str | None:
    """Refuse a provider whose compliance has lapsed, unless an LA officer overrode it."""
    if not compliance_lapsed(placement, today) or placement.compliance_override_reason:
        return None
    return (
        f"{placement.site.provider.name}'s compliance evidence has lapsed, so the placement "
        "cannot be agreed unless a local authority officer overrides this with a reason"
    )


# Before ACTIVE ---------------------------------------------------------------------------------


def risk_assessment_guard(
    placement: Placement, today: dt.date, *, assessment: RiskAssessment | None = None
) -> str | None:
    """A Tier 4 placement needs the pupil's latest signed risk assessment, in date today."""
    if not placement.programme_management:
        return None
    if assessment is None:
        assessment = current_risk_assessment(pupil_id=placement.pupil_id)
    if assessment is None:
        return (
            "This Tier 4 placement cannot become active before the risk assessment is signed "
            "off by the co-ordinator"
        )
    if assessment.review_on is None or assessment.review_on < today:
        return (
            "This Tier 4 placement cannot become active: the signed risk assessment is out of "
            "date and must be reviewed and signed again"
        )
    return None


def virtual_school_step_needed(pupil: Pupil) -> str:
    """The Virtual School step a placement of ``pupil`` needs: "approved" for a child in the
    care of the home authority, "notified" for another authority's, "" when not looked after."""
    if not pupil.looked_after or pupil.care_la is None:
        return ""
    return APPROVED if pupil.care_la.dfe_code == settings.SERVICE_HOME_LA_CODE else NOTIFIED


def virtual_school_guard(placement: Placement) -> str | None:
    """A looked-after pupil's placement needs the Virtual School step recorded."""
    pupil = placement.pupil
    needed = virtual_school_step_needed(pupil)
    if not needed or placement.virtual_school_step == APPROVED:
        return None
    care = pupil.care_la.name if pupil.care_la else "the care authority"
    if needed == APPROVED:
        return f"This placement cannot become active until the Virtual School of {care} approves it"
    if placement.virtual_school_step == NOTIFIED:
        return None
    return (
        "This placement cannot become active until you record that the Virtual School of "
        f"{care} has been told about it"
    )


# Ending ----------------------------------------------------------------------------------------


def end_guard(
    placement: Placement, today: dt.date, *, reason: str, end_date: dt.date | None
) -> str | None:
    """An active placement ends with a reason and an end date from its start to today."""
    if placement.status != Status.ACTIVE:
        return None
    if reason not in Placement.EndReason.values:
        return "Select why the placement ended"
    if end_date is None:
        return "Enter the date the placement ended"
    if end_date < placement.start_date:
        return f"The end date must be on or after the start date ({placement.start_date:%-d %B %Y})"
    if end_date > today:
        return "The end date must be today or in the past"
    return None


# All of them -----------------------------------------------------------------------------------


def guards_before(
    placement: Placement,
    to: str,
    today: dt.date,
    *,
    override_reason: str = "",
    reason: str = "",
    end_date: dt.date | None = None,
) -> list[str]:
    """Every guard's refusal of moving ``placement`` to ``to`` (empty when it may move)."""
    found: list[str | None] = []
    if to == Status.AGREED:
        found += [
            registration_guard(placement, today, override_reason=override_reason),
            compliance_guard(placement, today),
        ]
    elif to == Status.ACTIVE:
        found += [risk_assessment_guard(placement, today), virtual_school_guard(placement)]
    elif to == Status.ENDED:
        found.append(end_guard(placement, today, reason=reason, end_date=end_date))
    return [message for message in found if message]
