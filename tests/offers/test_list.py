"""The list of active attendance support plans: scope, overdue check-ins counted for the lead,
and a query count that does not grow with the number of plans."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.accounts.models import Role
from inclusion.offers.models import AttendanceSupportPlan
from tests.factories import MembershipFactory, PupilFactory, UserFactory
from tests.helpers import on_page
from tests.offers.factories import (
    START,
    TODAY,
    check_in,
    looked_after_plan,
    make_plan,
    offer_referral,
)

D = dt.date
LIST = reverse("offers:list")


def _plans(county, count: int, *, school=None, start=START) -> list[AttendanceSupportPlan]:
    """``count`` plans for new pupils of ``school`` (school_a), each with two check-ins."""
    school = school or county.school_a
    by = county.memberships["school_a"] if school == county.school_a else None
    if by is None:
        by = MembershipFactory.create(
            user=UserFactory.create(), role=Role.SCHOOL_STAFF, school=school
        )
    made = []
    for _ in range(count):
        referral = offer_referral(county, pupil=PupilFactory.create(school=school), by=by)
        plan = make_plan(county, referral=referral, lead=by.user, start=start)
        check_in(plan, D(2026, 2, 2), 10, 7)
        check_in(plan, D(2026, 2, 9), 10, 9)
        made.append(plan)
    return made


def test_the_school_sees_its_active_plans_with_overdue_check_ins(county, persona_client):
    mine = make_plan(county)
    check_in(mine, D(2026, 2, 2), 10, 6)
    done = _plans(county, 1)[0]
    check_in(done, D(2026, 2, 23), 10, 10)
    closed = _plans(county, 1)[0]
    AttendanceSupportPlan.objects.filter(pk=closed.pk).update(
        status="closed", closed_on=TODAY, outcome="target_met"
    )
    page = persona_client("school_a").get(LIST)
    assert page.status_code == 200
    rows = {row.plan.pk: row for row in page.context["rows"]}
    assert set(rows) == {mine.pk, done.pk}
    assert rows[mine.pk].overdue == D(2026, 2, 23)
    assert rows[mine.pk].running == "60.0%"
    assert rows[mine.pk].standing.label == "Below baseline"
    assert rows[done.pk].overdue is None
    assert rows[done.pk].running == "86.7%"  # 26 of 30
    summary = page.context["summary"]
    assert (summary.led, summary.overdue, summary.overdue_total) == (2, 1, 1)
    assert on_page(page, "You lead 2 active plans: ")
    assert on_page(page, "1 with a check-in overdue")


def test_overdue_check_ins_are_counted_for_the_lead_only(county, persona_client):
    coordinator = county.memberships["coordinator"].user
    make_plan(county, lead=coordinator)  # no check-ins: overdue
    make_plan(
        county,
        referral=offer_referral(county, pupil=county.pupil_b, by=county.memberships["school_b"]),
        lead=county.memberships["school_b"].user,
    )
    page = persona_client("coordinator").get(LIST)
    summary = page.context["summary"]
    assert len(page.context["rows"]) == 2
    assert (summary.led, summary.overdue, summary.overdue_total) == (1, 1, 2)
    assert page.context["show_school"]
    school_b = persona_client("school_b").get(LIST).context["summary"]
    assert (school_b.led, school_b.overdue) == (1, 1)


def test_each_role_lists_only_the_plans_in_its_scope(county, persona_client):
    amaras = make_plan(county)
    caras = looked_after_plan(county)

    def listed(persona: str) -> set[object]:
        return {row.plan.pk for row in persona_client(persona).get(LIST).context["rows"]}

    assert listed("school_a") == {amaras.pk}
    assert listed("school_b") == set()
    assert listed("coordinator") == {amaras.pk}
    assert listed("chair") == {amaras.pk}
    assert listed("virtual_school") == {caras.pk}
    assert listed("la_officer") == {amaras.pk, caras.pk}


def test_a_plan_started_this_week_is_not_overdue(county, persona_client):
    make_plan(county, start=D(2026, 3, 2))
    (row,) = persona_client("school_a").get(LIST).context["rows"]
    assert row.overdue is None
    assert row.running == "No check-ins yet"


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer"])
def test_the_list_takes_the_same_queries_for_three_times_the_plans(county, persona_client, persona):
    client = persona_client(persona)
    _plans(county, 2)
    _plans(county, 1, school=county.school_b)
    client.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as once:
        assert client.get(LIST).status_code == 200
    _plans(county, 4)
    _plans(county, 2, school=county.school_b)
    looked_after_plan(county)
    with CaptureQueriesContext(connection) as thrice:
        page = client.get(LIST)
    assert len(page.context["rows"]) >= 6 or persona == "school_a"
    assert len(thrice) == len(once), [q["sql"] for q in thrice.captured_queries]
