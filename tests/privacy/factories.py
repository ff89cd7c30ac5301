"""A pupil with at least one record of every type held about pupils, and a pupil of another
local authority, for the subject access and retention tests (fictional data only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from inclusion.organisations.models import LocalAuthority
from inclusion.placements.models import PlacementStatus, ProviderNote, RiskAssessment
from inclusion.privacy.models import AnonymisedPupil, LegalHold, RetentionRun
from inclusion.pupils.models import Contact, Pupil, PupilNeed, TierChange
from inclusion.referrals.models import Intervention
from tests.attendance.factories_alerts import alert, mark
from tests.conftest import County
from tests.exclusions.factories import consultation, exclusion
from tests.factories import PartnershipFactory, PupilFactory, SchoolFactory
from tests.forums.factories import decided
from tests.moves.factories import direction, move, request, review
from tests.offers.factories import check_in, intervention, make_plan, offer_referral
from tests.placements.factories_placements import add_sessions
from tests.placements.factories_plans import planned, reviewed
from tests.placements.factories_risk import risk_assessment
from tests.visits.factories import visit


def other_authority_pupil() -> Pupil:
    """A pupil of a school in Leicester (DfE 856), outside the county's officers' authority."""
    city = LocalAuthority.objects.exclude(dfe_code="855").order_by("dfe_code").first()
    assert city is not None
    partnership = PartnershipFactory.create(name="City Partnership", local_authority=city)
    school = SchoolFactory.create(
        name="City Academy", partnership=partnership, local_authority=city
    )
    return PupilFactory.create(school=school, legal_first_name="Dev", legal_last_name="Rana")


def every_record(
    county: County, pupil: Pupil | None = None, *, privacy: bool = True
) -> dict[str, Any]:
    """At least one row of every model related to ``pupil`` (Amara by default); the
    records made, by name, for the tests to look for."""
    pupil = pupil or county.pupil_a
    staff = county.memberships["school_a"].user
    officer = county.memberships["la_officer"].user
    made: dict[str, Any] = {}
    made["need"] = PupilNeed.objects.create(pupil=pupil, need_type="SEMH", rank=1)
    made["contact"] = Contact.objects.create(
        pupil=pupil, name="Ama Osei (fictional)", relationship="Mother", phone="07700 900123"
    )
    _, item, decision, action = decided(county, pupil=pupil)
    made |= {"agenda_item": item, "decision": decision, "action": action}
    made["tier_change"] = TierChange.objects.create(
        pupil=pupil, tier=3, effective_on=dt.date(2026, 3, 2), decision=decision, set_by=staff
    )
    referral = item.referral
    made["referral"] = referral
    made["intervention"] = Intervention.objects.create(
        referral=referral,
        what="Fictional: mentoring",
        started_on=dt.date(2026, 1, 5),
        duration="6 weeks",
        impact="Fictional: some improvement",
    )
    plan = planned(county, pupil, targets=1)
    made["plan"] = plan
    made["review"] = reviewed(plan, by=staff)
    placement = plan.placement
    made["placement"] = placement
    add_sessions(placement, 10)
    made["placement_status"] = PlacementStatus.objects.create(
        placement=placement, status="active", actor=staff
    )
    made["mark"] = mark(placement, "/", day=dt.date(2026, 3, 2), by=staff)
    made["alert"] = alert(placement, day=dt.date(2026, 3, 3))
    made["visit"] = visit(placement, dt.date(2026, 3, 4), by=staff)
    made["provider_note"] = ProviderNote.objects.create(
        placement=placement,
        kind=ProviderNote.Kind.PROGRESS,
        occurred_on=dt.date(2026, 3, 5),
        text="Fictional: settled well",
        recorded_by=staff,
    )
    first: RiskAssessment = risk_assessment(pupil=pupil, by=staff)
    made["risk"] = first
    offer = make_plan(county, referral=offer_referral(county, pupil=pupil))
    made["offer"] = offer
    made["check_in"] = check_in(offer, dt.date(2026, 3, 2), 10, 8)
    made["support"] = intervention(offer)
    elsewhere = county.school_c if pupil.school_id == county.school_b.pk else county.school_b
    made["move"] = move(pupil, elsewhere, by=staff)
    made["direction"] = d = direction(pupil, by=staff, setting_school=elsewhere)
    made["direction_review"] = review(d, dt.date(2026, 4, 20), by=staff)
    made["review_request"] = request(d, dt.date(2026, 4, 21), by=staff)
    made["consultation"] = consultation(pupil, held_on=dt.date(2026, 2, 2))
    made["exclusion"] = exclusion(pupil)
    if not privacy:
        return made
    hold = LegalHold.objects.create(
        pupil=pupil,
        reason="Fictional claim",
        placed_by=officer,
        lifted_at=timezone.now(),
        lifted_by=officer,
    )
    made["legal_hold"] = hold
    run = RetentionRun.objects.create(
        local_authority=county.la, applied=True, as_of=dt.date(2026, 5, 1)
    )
    made["anonymised"] = AnonymisedPupil.objects.create(pupil=pupil, run=run, record_type="sen")
    return made
