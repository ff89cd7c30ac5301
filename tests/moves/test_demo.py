"""The demo's managed moves and off-site direction (``inclusion.demo.moves``), on a small
county."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from inclusion.demo.generate import build_county
from inclusion.demo.moves import build_moves
from inclusion.moves import clocks
from inclusion.moves.models import ManagedMove, OffsiteDirection
from inclusion.moves.presenters import direction_tag, dual_registered

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def county_built(db):
    """The county without the moves ``build_county`` made as of the real today."""
    from inclusion.moves.models import DirectionReview, ReviewRequest

    build_county(pupils=300, schools=12, providers=6, seed=7)
    for model in (ReviewRequest, DirectionReview, OffsiteDirection, ManagedMove):
        model.objects.all().delete()


def test_a_completed_move_an_older_trial_and_a_direction_with_a_review_due(county_built):
    assert build_moves(random.Random(3), today=TODAY) == 3
    assert build_moves(random.Random(3), today=TODAY) == 0  # nothing twice

    completed = ManagedMove.objects.get(outcome=ManagedMove.Outcome.COMPLETED)
    assert completed.pupil.school == completed.to_school
    assert not completed.trial

    trial = ManagedMove.objects.get(trial=True)
    assert trial.agreed_on < clocks.TRIAL_MOVES_END
    assert trial.pupil.school == trial.from_school

    direction = OffsiteDirection.objects.get()
    assert direction.in_force
    assert direction.pupil.school == direction.school
    assert dual_registered(direction)
    assert direction.notice_given_on < direction.starts_on <= TODAY
    assert direction.next_review_on is not None
    assert TODAY <= direction.next_review_on <= TODAY + dt.timedelta(days=14)
    assert direction_tag(direction, TODAY).label == "Review due"
