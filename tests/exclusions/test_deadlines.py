"""The upcoming deadlines page: scope, overdue highlighting, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.calendar.days import calendar_for
from tests.exclusions.factories import exclusion
from tests.factories import PupilFactory, leicestershire
from tests.helpers import content


def _school_day(offset: int) -> dt.date:
    return calendar_for(leicestershire()).add_school_days(timezone.localdate(), offset)


def test_deadlines_with_overdue_highlighted(county, persona_client):
    # A PEx 20 school days ago: the board (15 school days) is overdue; the LA's sixth-day
    # provision too.
    exclusion(county.pupil_a, kind="permanent", start_date=_school_day(-20), override_reason="x")
    page = persona_client("school_a").get(reverse("exclusions:deadlines"))
    html = content(page)
    assert page.status_code == 200
    assert "Governing board meets" in html
    assert "Sixth-day provision starts" in html
    assert "Overdue" in html
    assert county.pupil_a.display_name in html


def test_each_role_sees_only_its_scope(county, persona_client):
    exclusion(county.pupil_a, kind="permanent", start_date=_school_day(-2), override_reason="x")
    exclusion(
        county.pupil_c_looked_after,
        kind="permanent",
        start_date=_school_day(-2),
        override_reason="x",
    )
    a, c = county.pupil_a.display_name, county.pupil_c_looked_after.display_name
    seen = {
        name: content(persona_client(name).get(reverse("exclusions:deadlines")))
        for name in ("school_a", "school_b", "coordinator", "la_officer")
    }
    assert a in seen["school_a"]
    assert c not in seen["school_a"]
    assert a not in seen["school_b"]
    assert "There are no open deadlines" in seen["school_b"]
    assert a in seen["coordinator"]
    assert c not in seen["coordinator"]
    assert a in seen["la_officer"]
    assert c in seen["la_officer"]


def _make(county, n: int) -> None:
    for i in range(n):
        pupil = PupilFactory.create(school=county.school_a if i % 2 else county.school_b)
        exclusion(pupil, kind="permanent", start_date=_school_day(-(i % 10)), override_reason="x")
        exclusion(pupil, start_date=_school_day(-(i % 5)), sessions=14)


@pytest.mark.parametrize("persona", ["coordinator", "la_officer"])
def test_constant_queries(county, persona_client, django_assert_max_num_queries, persona):
    client = persona_client(persona)
    _make(county, 2)
    client.get(reverse("exclusions:deadlines"))  # warm the session
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("exclusions:deadlines"))
    _make(county, 4)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = client.get(reverse("exclusions:deadlines"))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert content(page).count("Governing board meets") == 6


def test_the_home_page_links_to_the_deadlines(county, persona_client):
    link = reverse("exclusions:deadlines")
    assert link in content(persona_client("school_a").get(reverse("core:home")))
    assert link in content(persona_client("la_officer").get(reverse("core:home")))
    assert link not in content(persona_client("provider").get(reverse("core:home")))
    assert link not in content(persona_client("virtual_school").get(reverse("core:home")))
