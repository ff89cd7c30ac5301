"""Each guard on its own: a clear message when it refuses, None when the move may go ahead."""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path

import pytest

from inclusion.env import ImproperlyConfiguredError
from inclusion.organisations.models import LocalAuthority
from inclusion.placements.models import Placement
from inclusion.placements.services import guards
from inclusion.providers.models import Provider
from tests.factories import ProviderFactory, PupilFactory
from tests.placements.factories import place
from tests.placements.factories_placements import (
    county_placement,
    signed_assessment,
    site_of,
    today,
)

pytestmark = pytest.mark.django_db
Status = Placement.Status
FULL_TIME = 25


@pytest.fixture
def barn(county) -> Provider:
    provider: Provider = county.provider  # "Skills Barn", unregistered
    return provider


def fifth_pupil(county, barn, status=Status.PROPOSED):
    """Four full-time pupils at the barn already, and a proposed placement of a fifth."""
    site = site_of(barn)
    for _ in range(4):
        place(site=site, hours=FULL_TIME, start_date=today() - dt.timedelta(days=30))
    return county_placement(county, site=site, hours=FULL_TIME, status=status)


# The registration test -------------------------------------------------------------------


def test_the_fifth_full_time_pupil_at_an_unregistered_provider_is_refused(county, barn):
    placement = fifth_pupil(county, barn)
    message = guards.registration_guard(placement, today(), mode=guards.BLOCK)
    assert message == (
        "Agreeing this placement would make Skills Barn meet the registration test "
        "(5 of 5 full-time pupils). The placement cannot be agreed"
    )


def test_the_fourth_full_time_pupil_is_fine(county, barn):
    site = site_of(barn)
    for _ in range(3):
        place(site=site, hours=FULL_TIME, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, hours=FULL_TIME)
    assert guards.registration_guard(placement, today(), mode=guards.BLOCK) is None


def test_a_part_time_fifth_pupil_is_fine(county, barn):
    site = site_of(barn)
    for _ in range(4):
        place(site=site, hours=FULL_TIME, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, hours=12)
    assert guards.registration_guard(placement, today(), mode=guards.BLOCK) is None


def test_a_registered_school_is_never_refused(county):
    school = ProviderFactory.create(registration=Provider.Registration.INDEPENDENT_SCHOOL)
    site = site_of(school)
    for _ in range(6):
        place(site=site, hours=FULL_TIME, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, hours=FULL_TIME)
    assert guards.registration_guard(placement, today(), mode=guards.BLOCK) is None


def test_warn_mode_needs_a_reason(county, barn):
    placement = fifth_pupil(county, barn)
    message = guards.registration_guard(placement, today(), mode=guards.WARN)
    assert message is not None
    assert message.endswith("Give a reason to agree it anyway")
    assert (
        guards.registration_guard(
            placement, today(), mode=guards.WARN, override_reason="Registering next month"
        )
        is None
    )


def test_warn_mode_accepts_a_reason_recorded_before(county, barn):
    placement = fifth_pupil(county, barn)
    placement.registration_override_reason = "Fictional: the LA agreed on the phone"
    assert guards.registration_guard(placement, today(), mode=guards.WARN) is None
    # Block mode refuses whatever reason was recorded.
    assert guards.registration_guard(placement, today(), mode=guards.BLOCK) is not None


def test_the_mode_comes_from_the_setting(county, barn, settings):
    placement = fifth_pupil(county, barn)
    settings.REGISTRATION_TEST_GUARD = "warn"
    assert guards.registration_guard(placement, today()).endswith("anyway")  # type: ignore[union-attr]
    settings.REGISTRATION_TEST_GUARD = "block"
    assert guards.registration_guard(placement, today()).endswith("cannot be agreed")  # type: ignore[union-attr]


def test_adding_a_session_has_its_own_wording(county, barn):
    placement = fifth_pupil(county, barn)
    message = guards.registration_guard(
        placement, today(), mode=guards.BLOCK, doing=guards.ADDING_A_SESSION
    )
    assert message is not None
    assert message.startswith("Adding this session would make Skills Barn meet")
    assert message.endswith("The session cannot be added")


# Compliance ------------------------------------------------------------------------------


def test_lapsed_compliance_is_refused(county, barn):
    barn.evidence_expires_on = today() - dt.timedelta(days=1)
    barn.save()
    placement = county_placement(county)
    assert guards.compliance_guard(placement, today()) == (
        "Skills Barn's compliance evidence has lapsed, so the placement cannot be agreed "
        "unless a local authority officer overrides this with a reason"
    )


def test_an_override_lets_lapsed_compliance_through(county, barn):
    barn.evidence_expires_on = today() - dt.timedelta(days=1)
    barn.save()
    placement = county_placement(county, compliance_override_reason="Fictional: checked on site")
    assert guards.compliance_guard(placement, today()) is None


@pytest.mark.parametrize("expires_in", [None, 0, 10, 400])
def test_compliance_not_lapsed_is_fine(county, barn, expires_in):
    barn.evidence_expires_on = None if expires_in is None else today() + dt.timedelta(expires_in)
    barn.save()
    assert guards.compliance_guard(county_placement(county), today()) is None


# The risk assessment ---------------------------------------------------------------------


def test_a_tier_4_placement_needs_a_signed_assessment(county):
    placement = county_placement(county, programme_management=True, status=Status.AGREED)
    message = guards.risk_assessment_guard(placement, today())
    assert message is not None
    assert "cannot become active before the risk assessment is signed" in message


def test_an_unsigned_assessment_does_not_count(county):
    signed_assessment(county.pupil_a, county.memberships["school_a"], signed=False)
    placement = county_placement(county, programme_management=True, status=Status.AGREED)
    assert "before the risk assessment is signed" in (
        guards.risk_assessment_guard(placement, today()) or ""
    )


def test_a_signed_assessment_past_its_review_date_does_not_count(county):
    signed_assessment(
        county.pupil_a,
        county.memberships["coordinator"],
        review_on=today() - dt.timedelta(days=1),
    )
    placement = county_placement(county, programme_management=True, status=Status.AGREED)
    assert "out of date" in (guards.risk_assessment_guard(placement, today()) or "")


def test_a_signed_in_date_assessment_passes(county):
    signed_assessment(county.pupil_a, county.memberships["coordinator"], review_on=today())
    placement = county_placement(county, programme_management=True, status=Status.AGREED)
    assert guards.risk_assessment_guard(placement, today()) is None


def test_the_latest_signed_version_is_the_one_that_counts(county):
    by = county.memberships["coordinator"]
    signed_assessment(county.pupil_a, by, review_on=today() + dt.timedelta(days=30))
    signed_assessment(county.pupil_a, by, review_on=today() - dt.timedelta(days=1), version=2)
    placement = county_placement(county, programme_management=True, status=Status.AGREED)
    assert "out of date" in (guards.risk_assessment_guard(placement, today()) or "")


def test_a_placement_that_is_not_tier_4_needs_no_assessment(county):
    placement = county_placement(county, programme_management=False, status=Status.AGREED)
    assert guards.risk_assessment_guard(placement, today()) is None


# The Virtual School ----------------------------------------------------------------------


def looked_after_placement(county, care_la: LocalAuthority, **fields):
    pupil = PupilFactory.create(school=county.school_a, looked_after=True, care_la=care_la)
    return county_placement(county, pupil=pupil, status=Status.AGREED, **fields)


def other_authority() -> LocalAuthority:
    return LocalAuthority.objects.exclude(dfe_code="855").order_by("name").first()  # type: ignore[return-value]


def test_a_home_child_in_care_needs_the_virtual_school_to_approve(county):
    placement = looked_after_placement(county, county.la)
    assert guards.virtual_school_step_needed(placement.pupil) == guards.APPROVED
    assert guards.virtual_school_guard(placement) == (
        "This placement cannot become active until the Virtual School of "
        f"{county.la.name} approves it"
    )
    placement.virtual_school_step = guards.NOTIFIED  # telling is not enough for our own
    assert guards.virtual_school_guard(placement) is not None
    placement.virtual_school_step = guards.APPROVED
    assert guards.virtual_school_guard(placement) is None


def test_another_authoritys_child_in_care_needs_its_virtual_school_told(county):
    other = other_authority()
    placement = looked_after_placement(county, other)
    assert guards.virtual_school_step_needed(placement.pupil) == guards.NOTIFIED
    assert guards.virtual_school_guard(placement) == (
        "This placement cannot become active until you record that the Virtual School of "
        f"{other.name} has been told about it"
    )
    placement.virtual_school_step = guards.NOTIFIED
    assert guards.virtual_school_guard(placement) is None


def test_a_pupil_not_looked_after_needs_no_virtual_school_step(county):
    placement = county_placement(county, status=Status.AGREED)
    assert guards.virtual_school_step_needed(placement.pupil) == ""
    assert guards.virtual_school_guard(placement) is None


# Ending ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "days_from_start", "message"),
    [
        ("", 1, "Select why the placement ended"),
        ("retired", 1, "Select why the placement ended"),
        ("completed", None, "Enter the date the placement ended"),
        ("completed", -1, "The end date must be on or after the start date"),
        ("completed", 15, "The end date must be today or in the past"),
        ("completed", 0, None),
        ("breakdown", 14, None),
    ],
)
def test_ending_an_active_placement_needs_a_reason_and_a_date(
    county, reason, days_from_start, message
):
    placement = county_placement(county, status=Status.ACTIVE)  # started 14 days ago
    end = (
        None
        if days_from_start is None
        else placement.start_date + dt.timedelta(days=days_from_start)
    )
    found = guards.end_guard(placement, today(), reason=reason, end_date=end)
    if message is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(message)


def test_a_proposed_placement_not_going_ahead_needs_neither(county):
    placement = county_placement(county, status=Status.PROPOSED)
    assert guards.end_guard(placement, today(), reason="", end_date=None) is None


def test_guards_before_collects_every_refusal(county, barn):
    barn.evidence_expires_on = today() - dt.timedelta(days=1)
    barn.save()
    placement = fifth_pupil(county, barn)
    found = guards.guards_before(placement, Status.AGREED, today())
    assert len(found) == 2
    assert found[0].startswith("Agreeing this placement would make Skills Barn meet")
    assert found[1].startswith("Skills Barn's compliance evidence has lapsed")
    assert guards.guards_before(placement, Status.ACTIVE, today()) == []


# The setting -----------------------------------------------------------------------------


SETTINGS_FILE = Path(__file__).resolve().parents[2] / "inclusion" / "settings" / "__init__.py"


@pytest.mark.parametrize("value", ["block", "warn"])
def test_the_setting_takes_block_or_warn(monkeypatch, value):
    monkeypatch.setenv("REGISTRATION_TEST_GUARD", value)
    assert runpy.run_path(str(SETTINGS_FILE))["REGISTRATION_TEST_GUARD"] == value


def test_the_setting_defaults_to_block(monkeypatch):
    monkeypatch.delenv("REGISTRATION_TEST_GUARD", raising=False)
    assert runpy.run_path(str(SETTINGS_FILE))["REGISTRATION_TEST_GUARD"] == "block"


def test_any_other_value_fails_loudly(monkeypatch):
    monkeypatch.setenv("REGISTRATION_TEST_GUARD", "shrug")
    with pytest.raises(ImproperlyConfiguredError, match="REGISTRATION_TEST_GUARD must be one of"):
        runpy.run_path(str(SETTINGS_FILE))
