"""The list of moves and directions: scope, overdue highlighting, constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.moves import selectors
from tests.factories import PupilFactory
from tests.helpers import on_page
from tests.moves.factories import TODAY, direction, move, request

D = dt.date
URL = reverse("moves:list")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def test_each_role_sees_its_own_scope(county, persona_client):
    staff_a = county.memberships["school_a"].user
    move(county.pupil_a, county.school_b, by=staff_a)
    direction(county.pupil_b, by=staff_a, setting_provider=county.provider)
    direction(county.pupil_c_looked_after, by=staff_a, setting_provider=county.provider)
    school_a = persona_client("school_a").get(URL)
    assert on_page(school_a, "Amara Osei")
    assert not on_page(school_a, "Billy Hart")
    assert not on_page(school_a, "Cara Nowak")
    school_b = persona_client("school_b").get(URL)
    assert on_page(school_b, "Amara Osei")
    assert on_page(school_b, "Billy Hart")
    coordinator = persona_client("coordinator").get(URL)
    assert on_page(coordinator, "Billy Hart")
    assert not on_page(coordinator, "Cara Nowak")
    la = persona_client("la_officer").get(URL)
    assert on_page(la, "Cara Nowak")
    assert on_page(la, "Amara Osei")
    vs = persona_client("virtual_school").get(URL)
    assert on_page(vs, "Cara Nowak")
    assert not on_page(vs, "Amara Osei")
    assert not on_page(vs, "Record a managed move")
    for persona in ("provider", "governance", "service_admin"):
        assert persona_client(persona).get(URL).status_code == 404


def test_overdue_reviews_and_due_reviews_are_highlighted(county, persona_client):
    staff = county.memberships["school_a"].user
    direction(
        county.pupil_a, by=staff, setting_school=county.school_b, next_review_on=D(2026, 6, 9)
    )
    due = PupilFactory.create(school=county.school_a, legal_first_name="Dev", legal_last_name="Rao")
    direction(due, by=staff, setting_school=county.school_b, next_review_on=D(2026, 6, 19))
    later = PupilFactory.create(
        school=county.school_a, legal_first_name="Eve", legal_last_name="Lin"
    )
    direction(later, by=staff, setting_school=county.school_b, next_review_on=D(2026, 7, 15))
    response = persona_client("school_a").get(URL)
    tags = {row.direction.pupil.legal_first_name: row.tag.label for row in response.context["rows"]}
    assert tags == {"Amara": "Review overdue", "Dev": "Review due", "Eve": "In force"}
    assert response.context["overdue"] == 1
    assert on_page(response, "1 overdue")
    # Overdue first: soonest next review first.
    assert [r.direction.pupil.legal_first_name for r in response.context["rows"]] == [
        "Amara",
        "Dev",
        "Eve",
    ]


def _data(county, n):
    staff = county.memberships["school_a"].user
    for i in range(n):
        pupil = PupilFactory.create(school=county.school_a)
        m = move(pupil, county.school_b, by=staff, trial=i % 2 == 0, agreed_on=D(2026, 3, 2))
        assert m.pk
        d = direction(pupil, by=staff, setting_school=county.school_b)
        request(d, D(2026, 6, 1), by=staff)
        other = PupilFactory.create(school=county.school_a)
        direction(other, by=staff, setting_provider=county.provider)


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer"])
def test_the_list_keeps_its_query_count(county, persona_client, persona):
    client = persona_client(persona)
    counts = []
    for n in (1, 3):
        _data(county, n)
        client.get(URL)  # warm the session and the membership
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_home_page_links_to_the_list_for_those_who_see_it(county, persona_client):
    home = reverse("core:home")
    assert on_page(persona_client("school_a").get(home), "Managed moves and off-site directions")
    assert on_page(persona_client("la_officer").get(home), "Managed moves and off-site directions")
    for persona in ("provider", "governance"):
        page = persona_client(persona).get(home)
        assert not on_page(page, "Managed moves and off-site directions")
