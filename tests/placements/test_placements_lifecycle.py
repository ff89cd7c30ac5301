"""The placement lifecycle as a table (ADR 5): every allowed move succeeds, every other is
refused, and one service writes the history row, the status and the audit event together."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from inclusion.audit.models import AuditEvent
from inclusion.placements.lifecycle import TRANSITIONS, allowed_moves
from inclusion.placements.models import Placement, PlacementStatus
from inclusion.placements.services.placements import (
    GuardRefusedError,
    TransitionNotAllowedError,
    placement_transition,
)
from tests.factories import PupilFactory
from tests.placements.factories import place
from tests.placements.factories_placements import (
    county_placement,
    school_placement,
    signed_assessment,
    site_of,
    today,
)

pytestmark = pytest.mark.django_db
Status = Placement.Status
ALL = list(Status.values)
ALLOWED = {
    (Status.PROPOSED, Status.AGREED),
    (Status.PROPOSED, Status.ENDED),
    (Status.AGREED, Status.ACTIVE),
    (Status.AGREED, Status.ENDED),
    (Status.ACTIVE, Status.ENDED),
}


def test_the_table_is_the_documented_lifecycle():
    assert set(TRANSITIONS) == ALLOWED
    assert [to for to, _ in allowed_moves(Status.PROPOSED)] == [Status.AGREED, Status.ENDED]
    assert allowed_moves(Status.ENDED) == []


def _move(county, placement, to, *, who="coordinator"):
    return placement_transition(
        placement=placement,
        to=to,
        actor=county.memberships[who].user,
        membership=county.memberships[who],
        note="Fictional note",
        reason=Placement.EndReason.COMPLETED,
        end_date=today(),
    )


@pytest.mark.parametrize(("frm", "to"), sorted(ALLOWED))
def test_every_allowed_move_succeeds(county, frm, to):
    placement = county_placement(county, status=frm, hours=10)
    before = PlacementStatus.objects.filter(placement=placement).count()
    row = _move(county, placement, to)
    placement.refresh_from_db()
    assert placement.status == to
    assert (row.status, row.actor, row.membership, row.note) == (
        to,
        county.memberships["coordinator"].user,
        county.memberships["coordinator"],
        "Fictional note",
    )
    assert PlacementStatus.objects.filter(placement=placement).count() == before + 1
    event = AuditEvent.objects.filter(target_id=str(placement.pk)).latest("at")
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.pupil_id == county.pupil_a.pk
    assert "status" in event.changes
    assert "Fictional" not in " ".join(event.changes)


REFUSED = sorted(set(itertools.product(ALL, ALL)) - ALLOWED)


@pytest.mark.parametrize(("frm", "to"), REFUSED)
def test_every_other_move_is_refused_and_writes_nothing(county, frm, to):
    placement = county_placement(county, status=frm, hours=10)
    rows = PlacementStatus.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowedError):
        _move(county, placement, to)
    placement.refresh_from_db()
    assert placement.status == frm
    assert PlacementStatus.objects.count() == rows
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["school_a", "chair", "la_officer", "virtual_school", "provider"])
def test_only_the_coordinator_moves_a_partnership_placement(county, who):
    placement = county_placement(county)
    with pytest.raises(TransitionNotAllowedError):
        _move(county, placement, Status.AGREED, who=who)
    assert Placement.objects.get(pk=placement.pk).status == Status.PROPOSED


def test_the_school_moves_its_own_placement(county):
    placement = school_placement(county)
    _move(county, placement, Status.AGREED, who="school_a")
    assert Placement.objects.get(pk=placement.pk).status == Status.AGREED


def test_the_caller_copy_is_updated(county):
    placement = county_placement(county, status=Status.ACTIVE)
    _move(county, placement, Status.ENDED)
    assert placement.status == Status.ENDED
    assert placement.end_date == today()
    assert placement.end_reason == Placement.EndReason.COMPLETED


def test_not_going_ahead_ends_a_proposed_placement_on_its_start_date_or_today(county):
    later = today() + dt.timedelta(days=20)
    placement = county_placement(county, start_date=later)
    _move(county, placement, Status.ENDED)
    placement.refresh_from_db()
    assert (placement.status, placement.end_date, placement.end_reason) == (
        Status.ENDED,
        later,
        "",
    )


# Guards through the service: refused with the message, nothing written ---------------------


def _nothing_written(placement, status, rows, events):
    placement.refresh_from_db()
    assert placement.status == status
    assert PlacementStatus.objects.count() == rows
    assert AuditEvent.objects.count() == events


def test_the_fifth_full_time_pupil_cannot_be_agreed(county):
    site = site_of(county.provider)
    for _ in range(4):
        place(site=site, hours=25, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, hours=25)
    rows, events = PlacementStatus.objects.count(), AuditEvent.objects.count()
    with pytest.raises(GuardRefusedError) as refused:
        _move(county, placement, Status.AGREED)
    assert refused.value.messages == [
        "Agreeing this placement would make Skills Barn meet the registration test "
        "(5 of 5 full-time pupils). The placement cannot be agreed"
    ]
    _nothing_written(placement, Status.PROPOSED, rows, events)


def test_warn_mode_agrees_with_a_recorded_reason(county, settings):
    settings.REGISTRATION_TEST_GUARD = "warn"
    site = site_of(county.provider)
    for _ in range(4):
        place(site=site, hours=25, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, hours=25)
    with pytest.raises(GuardRefusedError):
        _move(county, placement, Status.AGREED)
    placement_transition(
        placement=placement,
        to=Status.AGREED,
        actor=county.memberships["coordinator"].user,
        membership=county.memberships["coordinator"],
        override_reason="Fictional: registering with the DfE this term",
    )
    placement.refresh_from_db()
    assert placement.status == Status.AGREED
    assert placement.registration_override_reason == "Fictional: registering with the DfE this term"
    assert placement.registration_override_by == county.memberships["coordinator"].user
    event = AuditEvent.objects.filter(target_id=str(placement.pk)).latest("at")
    assert "registration_override_reason" in event.changes


def test_lapsed_compliance_blocks_agreement(county):
    county.provider.evidence_expires_on = today() - dt.timedelta(days=3)
    county.provider.save()
    placement = county_placement(county)
    rows, events = PlacementStatus.objects.count(), AuditEvent.objects.count()
    with pytest.raises(GuardRefusedError) as refused:
        _move(county, placement, Status.AGREED)
    assert "compliance evidence has lapsed" in refused.value.messages[0]
    _nothing_written(placement, Status.PROPOSED, rows, events)


def test_a_tier_4_placement_cannot_start_before_the_assessment_is_signed(county):
    placement = county_placement(county, status=Status.AGREED, programme_management=True)
    with pytest.raises(GuardRefusedError) as refused:
        _move(county, placement, Status.ACTIVE)
    assert "cannot become active before the risk assessment is signed" in str(refused.value)
    assessment = signed_assessment(county.pupil_a, county.memberships["coordinator"])
    _move(county, placement, Status.ACTIVE)
    placement.refresh_from_db()
    assert placement.status == Status.ACTIVE
    assert placement.risk_assessment == assessment


def test_a_looked_after_pupil_cannot_start_before_the_virtual_school_step(county):
    pupil = PupilFactory.create(school=county.school_a, looked_after=True, care_la=county.la)
    placement = county_placement(county, pupil=pupil, status=Status.AGREED)
    with pytest.raises(GuardRefusedError) as refused:
        _move(county, placement, Status.ACTIVE)
    assert "until the Virtual School of" in str(refused.value)
    Placement.objects.filter(pk=placement.pk).update(virtual_school_step="approved")
    _move(county, placement, Status.ACTIVE)
    assert Placement.objects.get(pk=placement.pk).status == Status.ACTIVE


def test_ending_an_active_placement_needs_the_reason(county):
    placement = county_placement(county, status=Status.ACTIVE)
    with pytest.raises(GuardRefusedError, match="Select why the placement ended"):
        placement_transition(
            placement=placement,
            to=Status.ENDED,
            actor=county.memberships["coordinator"].user,
            membership=county.memberships["coordinator"],
            end_date=today(),
        )
    assert Placement.objects.get(pk=placement.pk).status == Status.ACTIVE
