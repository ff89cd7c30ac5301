"""The demo's visits (``inclusion.demo.visits``), on a small county."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from inclusion.demo.generate import build_county
from inclusion.demo.visits import build_visits
from inclusion.placements.models import Placement
from inclusion.visits.models import Visit
from inclusion.visits.selectors import visit_status


@pytest.fixture
def county_built(db):
    build_county(pupils=300, schools=12, providers=6, seed=7)
    Visit.objects.all().delete()


def test_most_active_placements_are_visited_a_few_overdue_a_few_with_concerns(county_built):
    today = timezone.localdate()
    made = build_visits(random.Random(5), today=today)
    active = list(Placement.objects.filter(status=Placement.Status.ACTIVE))
    assert made == Visit.objects.count() > 0
    assert build_visits(random.Random(5), today=today) == 0  # nothing twice

    visited = {v.placement_id for v in Visit.objects.all()}
    assert len(visited) >= 0.8 * len(active)
    for v in Visit.objects.select_related("placement"):
        assert v.placement.start_date <= v.visited_on <= today
        assert v.visitor_name
    statuses = visit_status(active, today)
    overdue = sum(1 for s in statuses.values() if s.overdue)
    assert 1 <= overdue <= len(active) // 3
    concerns = Visit.objects.exclude(concerns="").count()
    assert 1 <= concerns < made // 2
