"""Dual registration (issue 6, part 4): a placement records that the pupil is also on the roll
of the provider, which must be a school with a roll; the school then enters D."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inclusion.placements.models import Placement
from inclusion.providers.models import Provider
from tests.factories import ProviderFactory
from tests.helpers import assert_govuk_error, on_page
from tests.placements.factories_placements import placement_form_data, site_of

pytestmark = pytest.mark.django_db

CREATE = f"{reverse('placements:create')}?pupil="
AGREEMENT = "Fictional: three days a week, reviewed each half term"


def test_a_pupil_is_dual_registered_at_a_pupil_referral_unit(county, persona_client):
    pru = ProviderFactory.create(
        name="Oak Lane PRU", registration=Provider.Registration.PRU_OR_AP_ACADEMY
    )
    data = placement_form_data(
        site_of(pru), commissioning_agreement=AGREEMENT, dual_registered="on"
    )
    client = persona_client("school_a")

    response = client.post(f"{CREATE}{county.pupil_a.pk}", data)

    placement = Placement.objects.get()
    assert response.status_code == 302
    assert placement.dual_registered
    page = client.get(reverse("placements:detail", kwargs={"pk": placement.pk}))
    assert on_page(page, "Yes: the school enters D for the sessions there")


def test_a_provider_that_is_not_a_school_cannot_hold_a_dual_registration(county, persona_client):
    assert county.provider.registration == Provider.Registration.UNREGISTERED
    data = placement_form_data(
        site_of(county.provider), commissioning_agreement=AGREEMENT, dual_registered="on"
    )

    response = persona_client("school_a").post(f"{CREATE}{county.pupil_a.pk}", data)

    assert_govuk_error(
        response,
        "A pupil can only be dual registered at a pupil referral unit, AP academy or "
        "registered independent school",
    )
    assert not Placement.objects.exists()


def test_without_the_box_ticked_the_pupil_is_not_dual_registered(county, persona_client):
    data = placement_form_data(site_of(county.provider), commissioning_agreement=AGREEMENT)

    persona_client("school_a").post(f"{CREATE}{county.pupil_a.pk}", data)

    assert not Placement.objects.get().dual_registered
