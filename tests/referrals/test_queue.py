"""The co-ordinator's triage queue (issue 4, part 2): scope, filters, order, age and a query
count that does not grow with the number of referrals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.referrals.models import Purpose, Referral, Routing, Status
from tests.factories import PupilFactory
from tests.helpers import assert_govuk_error, content, on_page
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db

QUEUE = reverse("referrals:queue")


def refer(county, *, pupil=None, **kwargs) -> Referral:
    return make_referral(pupil=pupil or county.pupil_a, by=county.memberships["school_a"], **kwargs)


def references(response) -> list[str]:
    """The references in the queue's table, in order."""
    html = content(response)
    found = []
    for chunk in html.split('href="/referrals/')[1:]:
        ref = chunk.split(">", 1)[1].split("<", 1)[0]
        if ref.startswith("R-"):
            found.append(ref)
    return found


def test_the_queue_holds_open_referrals_oldest_first(county, persona_client):
    newer = refer(county, submitted_days_ago=2)
    older = refer(county, pupil=county.pupil_b, submitted_days_ago=12)
    returned = refer(county, status=Status.RETURNED, submitted_days_ago=5)
    accepted = refer(county, status=Status.ACCEPTED, submitted_days_ago=7)
    refer(county, status=Status.DRAFT)
    refer(county, status=Status.CLOSED, submitted_days_ago=30)
    refer(county, status=Status.DECIDED, submitted_days_ago=20)
    response = persona_client("coordinator").get(QUEUE)
    assert response.status_code == 200
    assert references(response) == [
        older.reference,
        accepted.reference,
        returned.reference,
        newer.reference,
    ]
    assert on_page(response, "4 referrals open")


def test_each_row_says_who_where_what_and_how_old(county, persona_client):
    referral = refer(county, submitted_days_ago=12, purpose=Purpose.MANAGED_MOVE, consent="given")
    referral.routing, referral.home_la_name = Routing.OUT_OF_COUNTY, "Nottingham"
    referral.save()
    response = persona_client("coordinator").get(QUEUE)
    for text in (
        referral.reference,
        county.pupil_a.display_name,
        "Brookvale Academy",
        "Managed move",
        "Submitted",
        "12 days",
        "Out of county: Nottingham",
    ):
        assert on_page(response, text), text
    assert f'href="{reverse("referrals:detail", kwargs={"pk": referral.pk})}"' in content(response)


def test_a_city_address_is_flagged(county, persona_client):
    referral = refer(county)
    referral.routing = Routing.CITY
    referral.save()
    assert on_page(persona_client("coordinator").get(QUEUE), "City address")


def test_other_partnerships_referrals_are_not_in_the_queue(county, persona_client):
    ours = refer(county)
    refer(county, pupil=county.pupil_c_looked_after)
    response = persona_client("coordinator").get(QUEUE)
    assert references(response) == [ours.reference]
    assert not on_page(response, county.pupil_c_looked_after.display_name)


def test_la_officers_read_the_county_queue(county, persona_client):
    ours = refer(county, submitted_days_ago=4)
    theirs = refer(county, pupil=county.pupil_c_looked_after, submitted_days_ago=3)
    response = persona_client("la_officer").get(QUEUE)
    assert response.status_code == 200
    assert references(response) == [ours.reference, theirs.reference]
    assert on_page(response, "Co-ordinators triage them; you can read them.")


@pytest.mark.parametrize("persona", ["chair", "school_a", "provider", "governance"])
def test_others_have_no_queue(persona, persona_client):
    assert persona_client(persona).get(QUEUE).status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "closed"}, ["closed"]),
        ({"status": "all"}, ["closed", "submitted", "city", "returned"]),
        ({"purpose": Purpose.ADVICE_ONLY}, ["returned"]),
        ({"routing": Routing.CITY}, ["city"]),
        ({"school": "school_b"}, ["city"]),
        ({}, ["submitted", "city", "returned"]),
    ],
)
def test_filters(county, persona_client, params, expected):
    made = {
        "closed": refer(county, status=Status.CLOSED, submitted_days_ago=40),
        "submitted": refer(county, submitted_days_ago=30),
        "city": refer(county, pupil=county.pupil_b, submitted_days_ago=20),
        "returned": refer(
            county, status=Status.RETURNED, submitted_days_ago=10, purpose=Purpose.ADVICE_ONLY
        ),
    }
    made["city"].routing = Routing.CITY
    made["city"].save()
    if params.get("school") == "school_b":
        params = {"school": str(county.school_b.pk)}
    response = persona_client("coordinator").get(QUEUE, params)
    assert response.status_code == 200
    assert references(response) == [made[name].reference for name in expected]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "draft"}, "Select a status from the list"),
        ({"purpose": "nonsense"}, "Select a purpose from the list"),
        ({"school": "not-a-school"}, "Select a school from the list"),
        ({"routing": "moon"}, "Select where the pupil lives from the list"),
    ],
)
def test_bad_filters_say_what_is_wrong(county, persona_client, params, message):
    refer(county)
    response = persona_client("coordinator").get(QUEUE, params)
    assert_govuk_error(response, message)
    assert references(response) == []


def test_a_school_outside_scope_cannot_be_chosen(county, persona_client):
    refer(county, pupil=county.pupil_c_looked_after)
    response = persona_client("coordinator").get(QUEUE, {"school": str(county.school_c.pk)})
    assert_govuk_error(response, "Select a school from the list")
    assert "Wreake Valley College" not in content(response)


def test_the_queue_is_paginated(county, persona_client):
    for days in range(30):
        refer(county, submitted_days_ago=days + 1)
    client = persona_client("coordinator")
    first = client.get(QUEUE)
    assert len(references(first)) == 25
    assert "govuk-pagination" in content(first)
    second = client.get(QUEUE, {"page": "2"})
    assert len(references(second)) == 5
    assert on_page(second, "1 day")


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def _add(county, count: int) -> None:
    for n in range(count):
        pupil = PupilFactory.create(school=county.school_a if n % 2 else county.school_b)
        refer(county, pupil=pupil, submitted_days_ago=n % 40 + 1)


@pytest.mark.parametrize("params", [None, {"status": "all", "routing": Routing.HOME}])
def test_the_query_count_does_not_grow(county, persona_client, params):
    client = persona_client("coordinator")
    _add(county, 5)
    small = _queries(client, params)
    _add(county, 45)
    assert _queries(client, params) == small
