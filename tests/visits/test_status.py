"""When a visit is due (inclusion.visits.selectors), worked by hand on Leicestershire's seeded
autumn term 2026 (see tests/visits/factories.py), and the reads other code reuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion.placements.models import Placement
from inclusion.visits.selectors import (
    VisitStatus,
    last_visits,
    visit_status,
    visits_in_period,
    visits_visible_to,
)
from tests.conftest import County
from tests.factories import PupilFactory
from tests.visits.factories import (
    FIRST_HALF,
    GRACE_ENDS,
    SECOND_HALF,
    SPRING_FIRST_HALF,
    D,
    placement_of,
    placements_of,
    visit,
)

pytestmark = pytest.mark.django_db


def status_of(placement: Placement, today: dt.date) -> VisitStatus:
    return visit_status([placement], today)[placement.pk]


# The half-term rule (the default) -------------------------------------------------------------


def test_a_visit_this_half_term_keeps_the_placement_up_to_date(county):
    placement = placement_of(county)
    visit(placement, D(2026, 10, 20), by=county.memberships["school_a"].user)
    status = status_of(placement, D(2026, 10, 23))  # an INSET day, still the first half
    assert status.half_term == FIRST_HALF
    assert status.this_half_term == 1
    assert status.last_visited_on == D(2026, 10, 20)
    assert status.expected is True
    assert status.overdue is False
    assert status.due_by == SECOND_HALF[1]  # the next visit: by the end of the next half term


def test_the_half_term_closure_counts_with_the_half_before_it(county):
    placement = placement_of(county)
    visit(placement, D(2026, 10, 20), by=county.memberships["school_a"].user)
    status = status_of(placement, D(2026, 10, 28))  # Wednesday of the October half term
    assert status.half_term == FIRST_HALF
    assert status.overdue is False
    unvisited = placement_of(county, pupil=county.pupil_b)
    assert status_of(unvisited, D(2026, 10, 28)).overdue is True


def test_across_the_boundary_the_new_half_term_needs_its_own_visit(county):
    placement = placement_of(county)
    user = county.memberships["school_a"].user
    visit(placement, D(2026, 10, 20), by=user)
    status = status_of(placement, D(2026, 11, 2))  # first school day of the second half
    assert status.half_term == SECOND_HALF
    assert status.this_half_term == 0
    assert status.last_visited_on == D(2026, 10, 20)
    assert status.overdue is True
    assert status.due_by == SECOND_HALF[1]

    visit(placement, D(2026, 11, 10), by=user)
    status = status_of(placement, D(2026, 11, 10))
    assert (status.overdue, status.this_half_term) == (False, 1)
    assert status.due_by == SPRING_FIRST_HALF[1]
    # As of a day before that visit, it does not count yet.
    assert status_of(placement, D(2026, 11, 9)).overdue is True


def test_the_christmas_holiday_counts_with_the_last_half_term(county):
    placement = placement_of(county)
    status = status_of(placement, D(2026, 12, 23))
    assert status.half_term == SECOND_HALF
    assert status.overdue is True
    visit(placement, D(2026, 12, 1), by=county.memberships["school_a"].user)
    assert status_of(placement, D(2026, 12, 23)).overdue is False


def test_grace_for_a_placement_that_started_late_in_the_half_term(county):
    today = D(2026, 12, 1)
    # Started on Friday 13 November: the 10th school day of the half, before 16 November.
    expected = placement_of(county, start_date=D(2026, 11, 13))
    status = status_of(expected, today)
    assert (status.expected, status.overdue, status.due_by) == (True, True, SECOND_HALF[1])
    # Started on 16 November (2 November plus 10 school days): its first visit is next half.
    late = placement_of(county, pupil=county.pupil_b, start_date=GRACE_ENDS)
    status = status_of(late, today)
    assert (status.expected, status.overdue) == (False, False)
    assert status.due_by == SPRING_FIRST_HALF[1]
    # In the spring term it needs a visit like any other.
    assert status_of(late, D(2027, 1, 11)).overdue is True


def test_the_first_half_of_the_year_counts_ten_school_days_from_its_first_school_day(county):
    # The term starts with two INSET days: the first school day is Thursday 3 September, and 10
    # school days later is Thursday 17 September.
    today = D(2026, 10, 1)
    assert status_of(placement_of(county, start_date=D(2026, 9, 16)), today).overdue is True
    later = placement_of(county, pupil=county.pupil_b, start_date=D(2026, 9, 17))
    assert status_of(later, today).overdue is False


@pytest.mark.parametrize("status", [Placement.Status.ENDED, Placement.Status.AGREED])
def test_only_active_placements_are_overdue(county, status):
    if status == Placement.Status.ENDED:
        placement = placement_of(
            county, status=status, end_date=D(2026, 11, 20), end_reason="completed"
        )
    else:
        placement = placement_of(county, status=status)
    result = status_of(placement, D(2026, 11, 25))
    assert (result.overdue, result.expected, result.due_by) == (False, False, None)


def test_without_term_dates_nothing_is_overdue(county):
    placement = placement_of(county, start_date=D(2029, 9, 3))
    status = status_of(placement, D(2029, 10, 2))  # no terms recorded for 2029 to 2030
    assert (status.half_term, status.overdue, status.due_by) == (None, False, None)


# A number of school weeks ---------------------------------------------------------------------


def test_every_six_school_weeks_counts_from_the_last_visit(county, settings):
    settings.VISITS_EXPECTED_EVERY = 6
    placement = placement_of(county)
    # Nothing yet: 30 school days after the start, Tuesday 1 September (an INSET day, as is
    # the 2nd): 3 and 4 September, then five full weeks to 9 October (27), then 12, 13 and 14
    # October. Due by Wednesday 14 October.
    status = status_of(placement, D(2026, 10, 14))
    assert (status.due_by, status.overdue) == (D(2026, 10, 14), False)
    assert status_of(placement, D(2026, 10, 15)).overdue is True
    # Monday 2 November plus 30 school days: 3 to 6 November (4), five full weeks to
    # 11 December (29), then Monday 14 December.
    visit(placement, D(2026, 11, 2), by=county.memberships["school_a"].user)
    assert status_of(placement, D(2026, 12, 14)).due_by == D(2026, 12, 14)
    assert status_of(placement, D(2026, 12, 14)).overdue is False
    assert status_of(placement, D(2026, 12, 15)).overdue is True


def test_weeks_fall_back_to_calendar_weeks_without_term_dates(county, settings):
    settings.VISITS_EXPECTED_EVERY = 2
    placement = placement_of(county, start_date=D(2029, 9, 3))
    status = status_of(placement, D(2029, 9, 18))
    assert (status.due_by, status.overdue) == (D(2029, 9, 17), True)


# Queries and reuse ----------------------------------------------------------------------------


def _placements_with_visits(county: County, n: int) -> list[Placement]:
    user = county.memberships["school_a"].user
    placements = placements_of(county, n)
    for placement in placements:
        visit(placement, D(2026, 10, 1), by=user)
        visit(placement, D(2026, 11, 3), by=user, concerns="Fictional: a worry.")
    return placements


def test_visit_status_takes_the_same_queries_for_one_or_many(county):
    counts = []
    for n in (1, 3):
        placements = _placements_with_visits(county, n)
        with CaptureQueriesContext(connection) as queries:
            statuses = visit_status(placements, D(2026, 11, 25))
        assert len(statuses) == n
        assert all(s.this_half_term == 1 and not s.overdue for s in statuses.values())
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5
    with CaptureQueriesContext(connection) as queries:
        assert visit_status([], D(2026, 11, 25)) == {}
    assert len(queries) == 0


def test_last_visits_takes_one_query_and_can_look_back(county):
    placements = _placements_with_visits(county, 3)
    ids = [p.pk for p in placements]
    with CaptureQueriesContext(connection) as queries:
        latest = last_visits(ids)
    assert len(queries) == 1
    assert {v.visited_on for v in latest.values()} == {D(2026, 11, 3)}
    assert set(latest) == set(ids)
    earlier = last_visits(ids, on_or_before=D(2026, 10, 31))
    assert {v.visited_on for v in earlier.values()} == {D(2026, 10, 1)}
    assert last_visits([]) == {}


def test_visits_in_period_and_scope(county):
    mine = _placements_with_visits(county, 2)
    other = placement_of(county, pupil=PupilFactory.create(school=county.school_b))
    visit(other, D(2026, 11, 4), by=county.memberships["school_b"].user)
    school_a = county.memberships["school_a"]
    scoped = Placement.objects.filter(pk__in=[p.pk for p in mine])
    in_half = visits_in_period(scoped, *SECOND_HALF)
    assert [v.visited_on for v in in_half] == [D(2026, 11, 3)] * 2
    assert visits_in_period(scoped, *FIRST_HALF).count() == 2
    assert {v.placement_id for v in visits_visible_to(membership=school_a)} == {p.pk for p in mine}
    for name in ("provider", "governance", "service_admin"):
        assert not visits_visible_to(membership=county.memberships[name]).exists(), name
    assert visits_visible_to(membership=county.memberships["coordinator"]).count() == 5


@pytest.mark.parametrize(
    ("started", "visited", "overdue", "due_by"),
    [
        (D(2026, 9, 1), D(2026, 10, 20), True, D(2026, 12, 18)),
        (D(2026, 9, 1), D(2026, 11, 10), False, D(2027, 2, 14)),
        (D(2026, 11, 13), None, True, D(2026, 12, 18)),
        (GRACE_ENDS, None, False, D(2027, 2, 14)),
    ],
)
def test_the_worked_example_in_the_docs(county, started, visited, overdue, due_by):
    placement = placement_of(county, start_date=started)
    if visited is not None:
        visit(placement, visited, by=county.memberships["school_a"].user)
    status = status_of(placement, D(2026, 11, 25))
    assert (status.overdue, status.due_by) == (overdue, due_by)
