"""Tiers: a partnership's tier names with defaults, the co-ordinator's page to name them, and
setting a pupil's tier by hand (audited, a TierChange with no decision)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Role
from inclusion.audit.models import AuditEvent
from inclusion.pupils.models import TierChange, TierDefinition
from inclusion.pupils.tiers import (
    DEFAULT_TIERS,
    TierName,
    TierNotAllowedError,
    pupil_tier_set,
    tier_names,
    tier_names_save,
)
from tests.conftest import County
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import assert_govuk_error, date_parts, on_page

TIERS = reverse("guidance:tiers")


def names_data(**overrides: str) -> dict[str, str]:
    data = {}
    for tier in DEFAULT_TIERS:
        data[f"tier_{tier.tier}_name"] = tier.name
        data[f"tier_{tier.tier}_description"] = tier.description
    data.update(overrides)
    return data


def set_tier_url(county: County, pupil=None) -> str:
    return reverse("guidance:set_tier", kwargs={"pk": (pupil or county.pupil_a).pk})


def tier_data(**overrides: object) -> dict[str, str]:
    data = {"tier": "3", "note": "Agreed with the school after a review meeting"}
    data |= date_parts("effective_on", timezone.localdate())
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def test_defaults_when_a_partnership_has_named_no_tiers(county):
    names = tier_names(partnership_id=county.partnership.pk)
    assert [t.label for t in names] == [
        "Tier 1: Universal support in school",
        "Tier 2: Targeted support in school",
        "Tier 3: Partnership support",
        "Tier 4: Programme Management",
    ]
    assert tier_names(partnership_id=None) == list(DEFAULT_TIERS)


def test_named_tiers_replace_only_the_defaults_they_name(county):
    TierDefinition.objects.create(partnership=county.partnership, tier=2, name="In-school plan")
    names = tier_names(partnership_id=county.partnership.pk)
    assert [t.name for t in names][:3] == [
        "Universal support in school",
        "In-school plan",
        "Partnership support",
    ]
    other = tier_names(partnership_id=county.other_partnership.pk)
    assert other[1].name == "Targeted support in school"


def test_coordinator_sees_the_defaults_on_the_tiers_page(persona_client, county):
    response = persona_client("coordinator").get(TIERS)
    assert response.status_code == 200
    assert on_page(response, "Universal support in school")
    assert on_page(response, county.partnership.name)


def test_coordinator_names_their_partnerships_tiers_audited(persona_client, county):
    response = persona_client("coordinator").post(
        TIERS, names_data(tier_3_name="Forum support", tier_3_description="Agreed at the forum")
    )
    assert response.status_code == 302
    row = TierDefinition.objects.get(partnership=county.partnership, tier=3)
    assert (row.name, row.description) == ("Forum support", "Agreed at the forum")
    assert TierDefinition.objects.filter(partnership=county.partnership).count() == 4
    assert not TierDefinition.objects.filter(partnership=county.other_partnership).exists()
    event = AuditEvent.objects.get(target_id=str(county.partnership.pk))
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.changes == ["tier_3_description", "tier_3_name"]
    assert event.membership == county.memberships["coordinator"]


def test_saving_the_same_names_again_audits_nothing(persona_client, county):
    client = persona_client("coordinator")
    client.post(TIERS, names_data(tier_1_name="Everyday support"))
    before = AuditEvent.objects.count()
    response = client.post(TIERS, names_data(tier_1_name="Everyday support"), follow=True)
    assert on_page(response, "There were no changes to save")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tier_2_name": ""}, "Enter a name for tier 2"),
        ({"tier_4_name": "   "}, "Enter a name for tier 4"),
        ({"tier_1_name": "x" * 81}, "Name of tier 1 must be 80 characters or fewer"),
        (
            {"tier_3_description": "x" * 601},
            "Description of tier 3 must be 600 characters or fewer",
        ),
    ],
)
def test_bad_tier_names_are_400_and_write_nothing(persona_client, county, overrides, message):
    response = persona_client("coordinator").post(TIERS, names_data(**overrides))
    assert_govuk_error(response, message)
    assert not TierDefinition.objects.exists()
    assert not AuditEvent.objects.filter(target_type="organisations.partnership").exists()


def test_only_a_coordinator_may_name_tiers(county):
    chair = county.memberships["chair"]
    names = [TierName(t.tier, "Renamed") for t in DEFAULT_TIERS]
    with pytest.raises(TierNotAllowedError):
        tier_names_save(actor=chair.user, membership=chair, names=names)
    assert not TierDefinition.objects.exists()


def test_coordinator_sets_a_pupils_tier_by_hand(persona_client, county):
    client = persona_client("coordinator")
    assert client.get(set_tier_url(county)).status_code == 200
    response = client.post(set_tier_url(county), tier_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})
    change = TierChange.objects.get(pupil=county.pupil_a)
    assert (change.tier, change.decision, change.effective_on) == (3, None, timezone.localdate())
    assert change.set_by == county.memberships["coordinator"].user
    event = AuditEvent.objects.get(target_type="pupils.tierchange")
    assert event.pupil_id == county.pupil_a.pk
    assert event.changes == ["effective_on", "note", "tier"]
    page = client.get(reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk}))
    assert on_page(page, "Tier 3: Partnership support")
    assert on_page(page, "Agreed with the school after a review meeting")


def test_the_tier_choices_use_the_partnerships_names(persona_client, county):
    TierDefinition.objects.create(partnership=county.partnership, tier=3, name="Forum support")
    response = persona_client("coordinator").get(set_tier_url(county))
    assert on_page(response, "Tier 3: Forum support")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tier": ""}, "Select a tier"),
        ({"tier": "5"}, "Select a tier"),
        ({"tier": "two"}, "Select a tier"),
        ({"note": ""}, "Enter why the tier has changed"),
        ({"note": "x" * 201}, "Why the tier has changed must be 200 characters or fewer"),
        (date_parts("effective_on", None), "Enter the date the tier applies from"),
        (
            {"effective_on_day": "31", "effective_on_month": "2", "effective_on_year": "2026"},
            "Date the tier applies from must be a real date",
        ),
        (
            date_parts("effective_on", dt.date.today() + dt.timedelta(days=400)),
            "Date the tier applies from must be today or in the past",
        ),
        (
            date_parts("effective_on", dt.date(2001, 1, 1)),
            "Date the tier applies from must be within the last 5 years",
        ),
    ],
)
def test_bad_tier_input_is_400_and_writes_nothing(persona_client, county, overrides, message):
    response = persona_client("coordinator").post(set_tier_url(county), tier_data(**overrides))
    assert_govuk_error(response, message)
    assert not TierChange.objects.exists()
    assert not AuditEvent.objects.filter(target_type="pupils.tierchange").exists()


def test_a_pupil_of_another_partnership_is_404(persona_client, county):
    url = set_tier_url(county, county.pupil_c_looked_after)
    client = persona_client("coordinator")
    assert client.get(url).status_code == 404
    assert client.post(url, tier_data()).status_code == 404
    assert not TierChange.objects.exists()


@pytest.mark.parametrize("persona", ["school_a", "chair", "la_officer"])
def test_others_cannot_set_a_tier(persona_client, county, persona):
    assert persona_client(persona).post(set_tier_url(county), tier_data()).status_code == 404
    assert not TierChange.objects.exists()


def test_the_service_refuses_a_coordinator_of_another_partnership(county):
    other = MembershipFactory.create(
        user=UserFactory.create(email="other-coordinator@example.org"),
        role=Role.COORDINATOR,
        partnership=county.other_partnership,
    )
    with pytest.raises(TierNotAllowedError):
        pupil_tier_set(
            actor=other.user,
            membership=other,
            pupil=county.pupil_a,
            tier=2,
            effective_on=timezone.localdate(),
            note="Not mine",
        )
    assert not TierChange.objects.exists()
