"""Placements set up as the placement pages would, forum decisions that commission them and
signed risk assessments, for the placement tests (fictional data only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from inclusion.accounts.models import Membership
from inclusion.forums.models import Decision, Outcome
from inclusion.placements.models import Placement, PlacementSession, PlacementStatus, RiskAssessment
from inclusion.providers.models import Provider, ProviderSite
from inclusion.pupils.models import Pupil
from inclusion.referrals.models import Status as ReferralStatus
from tests.conftest import County
from tests.factories import ProviderSiteFactory
from tests.forums.factories import accepted_referral, make_meeting, schedule
from tests.helpers import date_parts
from tests.placements.factories import timetable

Status = Placement.Status


def today() -> dt.date:
    return timezone.localdate()


def site_of(provider: Provider) -> ProviderSite:
    return ProviderSiteFactory.create(provider=provider, name="The yard", town="Hinckley")


def placement_decision(
    county: County, *, outcome: str = Outcome.PROGRAMME_MANAGEMENT, pupil: Pupil | None = None
) -> Decision:
    """A forum decision of the county partnership on a referral of ``pupil`` (pupil_a)."""
    coordinator = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=county.partnership, by=coordinator, days_ahead=-2)
    referral = accepted_referral(county, pupil)
    referral.status = ReferralStatus.DECIDED
    referral.save(update_fields=["status"])
    item = schedule(meeting, referral, coordinator)
    return Decision.objects.create(
        agenda_item=item,
        outcome=outcome,
        rationale="Fictional: a programme out of school is agreed.",
        decided_by=coordinator,
    )


def add_sessions(placement: Placement, hours: Decimal | int | str) -> None:
    PlacementSession.objects.bulk_create(
        PlacementSession(placement=placement, weekday=day, starts_at=start, ends_at=end)
        for day, start, end in timetable(hours)
    )


def make_placement(
    *,
    pupil: Pupil,
    site: ProviderSite,
    by: Membership,
    status: str = Status.PROPOSED,
    hours: Decimal | int | str | None = None,
    commissioner: str = Placement.Commissioner.PARTNERSHIP,
    start_date: dt.date | None = None,
    **fields: Any,
) -> Placement:
    """A placement already in ``status``, with a history row for each step to get there."""
    start = start_date or today() - dt.timedelta(days=14)
    values: dict[str, Any] = {
        "category": Placement.Category.AT_RISK_FULL_TIME,
        "purpose": "Fictional: a practical programme.",
        "objectives": "Fictional: attend and gain a qualification.",
        "target_end_date": start + dt.timedelta(days=180),
        "school": pupil.school,
        "partnership": pupil.school.partnership
        if commissioner == Placement.Commissioner.PARTNERSHIP
        else None,
        "commissioning_agreement": "Fictional: the school's agreement."
        if commissioner == Placement.Commissioner.SCHOOL
        else "",
        **fields,
    }
    if status == Status.ENDED and "end_date" not in values:
        values["end_date"] = max(start, today())
        values.setdefault("end_reason", Placement.EndReason.COMPLETED)
    placement = Placement.objects.create(
        pupil=pupil,
        site=site,
        status=status,
        start_date=start,
        commissioner=commissioner,
        created_by=by.user,
        **values,
    )
    steps = [Status.PROPOSED]
    if status in (Status.AGREED, Status.ACTIVE):
        steps.append(Status.AGREED)
    if status == Status.ACTIVE:
        steps.append(Status.ACTIVE)
    if status == Status.ENDED:
        steps += [Status.AGREED, Status.ACTIVE, Status.ENDED]
    PlacementStatus.objects.bulk_create(
        PlacementStatus(placement=placement, status=step, actor=by.user, membership=by)
        for step in steps
    )
    if hours is not None:
        add_sessions(placement, hours)
    return placement


def county_placement(county: County, **fields: Any) -> Placement:
    """A placement of pupil_a at the county's provider, set up by the co-ordinator."""
    fields.setdefault("pupil", county.pupil_a)
    fields.setdefault("site", site_of(county.provider))
    fields.setdefault("by", county.memberships["coordinator"])
    return make_placement(**fields)


def school_placement(county: County, **fields: Any) -> Placement:
    """A placement of pupil_a that school_a commissions itself."""
    fields.setdefault("by", county.memberships["school_a"])
    fields.setdefault("commissioner", Placement.Commissioner.SCHOOL)
    return county_placement(county, **fields)


def signed_assessment(
    pupil: Pupil,
    by: Membership,
    *,
    review_on: dt.date | None = None,
    signed: bool = True,
    version: int = 1,
) -> RiskAssessment:
    now = timezone.now()
    return RiskAssessment.objects.create(
        pupil=pupil,
        version=version,
        overall_rating=RiskAssessment.Rating.MEDIUM,
        summary="Fictional: manageable with the controls in place.",
        review_on=review_on or today() + dt.timedelta(days=90),
        created_by=by.user,
        completed_by=by.user,
        completed_at=now,
        signed_off_by=by.user if signed else None,
        signed_off_at=now if signed else None,
    )


def placement_form_data(site: ProviderSite, /, **overrides: Any) -> dict[str, Any]:
    """A valid POST of the placement form; ``overrides`` replace single fields."""
    start = today() + dt.timedelta(days=7)
    data: dict[str, Any] = {
        "site": str(site.pk),
        "category": Placement.Category.AT_RISK_FULL_TIME,
        "purpose": "Fictional: a practical programme out of school.",
        "objectives": "Fictional: attend every session; gain a Level 1 qualification.",
        **date_parts("start_date", start),
        **date_parts("target_end_date", start + dt.timedelta(days=120)),
        "price": "45.50",
        "price_unit": Placement.PriceUnit.SESSION,
        "transport": "Fictional: taxi arranged by the school.",
        "pack_fields": ["preferred_name", "year_group"],
    }
    data.update(overrides)
    return data
