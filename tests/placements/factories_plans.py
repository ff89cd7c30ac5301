"""Education plans, targets and reviews for the plan tests (fictional data only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from inclusion.accounts.models import User
from inclusion.placements.models import (
    EducationPlan,
    Placement,
    Review,
    Target,
    TargetProgress,
)
from inclusion.providers.models import ProviderSite
from inclusion.pupils.models import Pupil
from tests.conftest import County
from tests.factories import ProviderSiteFactory, UserFactory
from tests.placements.factories import STARTED, PlacementFactory

# With the seeded Leicestershire calendar, 6 school weeks after Monday 5 January 2026 (an INSET
# day) is Monday 23 February 2026: the 30th school day, after the February half term (16 to 20).
# Six weeks of calendar days would be Monday 16 February, in the half term.
SIX_WEEKS_AFTER_START = dt.date(2026, 2, 23)


class EducationPlanFactory(factory.django.DjangoModelFactory[EducationPlan]):
    class Meta:
        model = EducationPlan

    placement = factory.SubFactory(PlacementFactory)
    baseline_attainment = "Fictional: working towards the expected standard in English and maths."
    baseline_attendance = Decimal("71.5")
    baseline_behaviour = "Fictional: three suspensions this year, mostly in unstructured time."
    baseline_wellbeing = "Fictional: low mood; seen by the school counsellor weekly."
    review_every_weeks = 6
    next_review_on = SIX_WEEKS_AFTER_START
    created_by = factory.SubFactory(UserFactory)


class TargetFactory(factory.django.DjangoModelFactory[Target]):
    class Meta:
        model = Target

    plan = factory.SubFactory(EducationPlanFactory)
    description = factory.Sequence(lambda n: f"Fictional target {n}: attend every session")
    measure = "The provider's register, checked at each review"
    due_on = dt.date(2026, 3, 27)
    position = factory.Sequence(lambda n: n + 1)


def site_of(county: County) -> ProviderSite:
    """A site of the persona provider (made once)."""
    site = county.provider.sites.first()
    return site or ProviderSiteFactory.create(provider=county.provider, name="Barn Lane")


def placement_of(
    county: County,
    pupil: Pupil | None = None,
    *,
    status: str = Placement.Status.ACTIVE,
    **fields: Any,
) -> Placement:
    """A placement of ``pupil`` (Amara, pupil_a, by default) at the persona provider."""
    pupil = pupil or county.pupil_a
    fields.setdefault("start_date", STARTED)
    if status == Placement.Status.ENDED:
        fields.setdefault("end_date", fields["start_date"] + dt.timedelta(days=60))
    return PlacementFactory.create(
        pupil=pupil,
        site=site_of(county),
        status=status,
        school=pupil.school,
        partnership=pupil.school.partnership,
        **fields,
    )


def planned(
    county: County,
    pupil: Pupil | None = None,
    *,
    targets: int = 2,
    status: str = Placement.Status.ACTIVE,
    **plan_fields: Any,
) -> EducationPlan:
    """A placement (of Amara by default) with a plan and ``targets`` targets."""
    placement = placement_of(county, pupil, status=status)
    plan_fields.setdefault("created_by", county.memberships["school_a"].user)
    plan = EducationPlanFactory.create(placement=placement, **plan_fields)
    for _ in range(targets):
        TargetFactory.create(plan=plan)
    return plan


def reviewed(
    plan: EducationPlan,
    *,
    by: User,
    held_on: dt.date = dt.date(2026, 2, 23),
    score: int = 3,
    **fields: Any,
) -> Review:
    """A review of ``plan`` with progress ``score`` towards each of its targets."""
    review = Review.objects.create(
        plan=plan,
        held_on=held_on,
        attendees="Fictional: Head of Year 9; the pupil; their mother; the key worker",
        decision=fields.pop("decision", Review.Decision.CONTINUE),
        next_review_on=fields.pop("next_review_on", held_on + dt.timedelta(weeks=6)),
        recorded_by=by,
        **fields,
    )
    TargetProgress.objects.bulk_create(
        TargetProgress(review=review, target=target, score=score, note="")
        for target in plan.targets.all()
    )
    return review
