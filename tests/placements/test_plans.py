"""Education plans (issue 5, part 4): making and changing a plan, its baseline and review
interval, the next review date counted on the school calendar, SMART targets, and who may see
and do what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from inclusion.audit.models import AuditEvent
from inclusion.placements.models import EducationPlan, Placement, Target
from tests.calendar.factories import rutland
from tests.factories import PupilFactory, SchoolFactory
from tests.helpers import assert_govuk_error, content, date_parts, edit_version, on_page
from tests.placements.factories import STARTED
from tests.placements.factories_plans import (
    SIX_WEEKS_AFTER_START,
    TargetFactory,
    placement_of,
    planned,
    reviewed,
)

AMARA_NAME = "Amara Osei"


def plan_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "baseline_attainment": "Fictional: Year 9 expected standard in maths, below in English.",
        "baseline_attendance": "68.5",
        "baseline_behaviour": "Fictional: two suspensions this term.",
        "baseline_wellbeing": "Fictional: anxious in large groups.",
        "review_every_weeks": "6",
    }
    return data | overrides


def target_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "description": "Fictional: attend every timetabled session for 4 weeks",
        "measure": "The provider's register",
        **date_parts("due_on", dt.date(2026, 3, 27)),
    }
    return data | overrides


def url(name: str, pk: Any) -> str:
    return reverse(f"placements:{name}", kwargs={"pk": pk})


def save_plan(client: Any, placement_pk: Any, data: dict[str, Any], **kwargs: Any) -> Any:
    """Open the plan's page and post ``data`` from it, as a browser would."""
    target = url("plan_edit", placement_pk)
    return client.post(target, data | edit_version(client, target), **kwargs)


@pytest.fixture
def school(persona_client):
    return persona_client("school_a")


@pytest.fixture
def placement(county) -> Placement:
    return placement_of(county)


# Making the plan.


def test_the_school_makes_a_plan_and_the_first_review_is_six_school_weeks_on(
    county, school, placement
):
    response = save_plan(school, placement.pk, plan_form())
    assert response.status_code == 302
    assert response["Location"] == url("plan", placement.pk)
    plan = EducationPlan.objects.get(placement=placement)
    assert plan.baseline_attendance == Decimal("68.5")
    assert plan.review_every_weeks == 6
    # Counted on Leicestershire's calendar: past the February half term, not 6 weeks of days.
    assert plan.next_review_on == SIX_WEEKS_AFTER_START == dt.date(2026, 2, 23)
    assert STARTED + dt.timedelta(weeks=6) == dt.date(2026, 2, 16)
    assert plan.created_by == county.memberships["school_a"].user
    event = AuditEvent.objects.get(verb="create", target_type="placements.educationplan")
    assert event.pupil_id == county.pupil_a.pk
    assert "next_review_on" in event.changes
    assert "baseline_attendance" in event.changes
    assert "68.5" not in str(event.changes)
    page = school.get(response["Location"])
    assert on_page(page, "The plan has been made. The next review is due on 23 February 2026")
    assert "calendar days" not in content(page)


def test_the_co_ordinator_makes_a_plan_for_a_partnership_pupil(county, persona_client):
    placement = placement_of(county, county.pupil_b)
    coordinator = persona_client("coordinator")
    response = save_plan(coordinator, placement.pk, plan_form())
    assert response.status_code == 302
    assert EducationPlan.objects.filter(placement=placement).exists()


def test_the_form_suggests_six_school_weeks(school, placement):
    html = content(school.get(url("plan_edit", placement.pk)))
    assert 'name="review_every_weeks" type="text" value="6"' in html


def test_without_a_plan_the_page_offers_to_make_one(county, school, persona_client, placement):
    page = school.get(url("plan", placement.pk))
    assert page.status_code == 200
    assert on_page(page, "No education plan has been made for this placement yet.")
    assert "Make the plan" in content(page)
    chair = persona_client("chair").get(url("plan", placement.pk))
    assert chair.status_code == 200
    assert "Make the plan" not in content(chair)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"baseline_attainment": ""}, "Enter the pupil's attainment at the start of the placement"),
        ({"baseline_behaviour": "  "}, "Enter the pupil's behaviour at the start of the placement"),
        ({"baseline_wellbeing": ""}, "Enter the pupil's wellbeing at the start of the placement"),
        ({"baseline_attendance": ""}, "Enter the pupil's attendance as a percentage"),
        ({"baseline_attendance": "most days"}, "Attendance must be a number, like 82.5"),
        ({"baseline_attendance": "101"}, "Attendance must be between 0 and 100"),
        ({"baseline_attendance": "-1"}, "Attendance must be between 0 and 100"),
        ({"baseline_attendance": "1000"}, "Attendance must be between 0 and 100"),
        ({"baseline_attendance": "82.55"}, "Attendance must have no more than 1 decimal place"),
        ({"review_every_weeks": ""}, "Enter how often the plan is reviewed, in school weeks"),
        (
            {"review_every_weeks": "six"},
            "How often the plan is reviewed must be a whole number of school weeks",
        ),
        (
            {"review_every_weeks": "0"},
            "How often the plan is reviewed must be between 1 and 39 school weeks",
        ),
        (
            {"review_every_weeks": "40"},
            "How often the plan is reviewed must be between 1 and 39 school weeks",
        ),
        ({"baseline_wellbeing": "x" * 5001}, "Wellbeing must be 5,000 characters or fewer"),
    ],
)
def test_bad_plan_input_gets_a_message_and_writes_nothing(school, placement, overrides, message):
    response = school.post(url("plan_edit", placement.pk), plan_form(**overrides))
    assert_govuk_error(response, message)
    assert content(response).count(escape(message)) == 2  # the summary and the field, once each
    assert not EducationPlan.objects.exists()
    assert not AuditEvent.objects.filter(target_type="placements.educationplan").exists()


def test_changing_the_interval_counts_the_next_review_again(county, school):
    plan = planned(county)
    response = save_plan(school, plan.placement_id, plan_form(review_every_weeks="4"))
    assert response.status_code == 302
    plan.refresh_from_db()
    # 20 school days after Monday 5 January 2026.
    assert (plan.review_every_weeks, plan.next_review_on) == (4, dt.date(2026, 2, 2))
    event = AuditEvent.objects.get(verb="update", target_type="placements.educationplan")
    assert set(event.changes) >= {"review_every_weeks", "next_review_on"}


def test_after_a_review_the_interval_counts_from_the_latest_review(county, school):
    plan = planned(county)
    reviewed(plan, by=county.memberships["school_a"].user, held_on=dt.date(2026, 1, 12))
    reviewed(plan, by=county.memberships["school_a"].user, held_on=dt.date(2026, 2, 2))
    save_plan(school, plan.placement_id, plan_form(review_every_weeks="2"))
    plan.refresh_from_db()
    # Ten school days after Monday 2 February, skipping the half term (16 to 20 February).
    assert plan.next_review_on == dt.date(2026, 2, 23)


def test_changing_only_the_baseline_leaves_the_review_date(county, school):
    plan = planned(county, next_review_on=dt.date(2026, 3, 9))
    save_plan(school, plan.placement_id, plan_form(review_every_weeks="6"))
    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2026, 3, 9)
    assert plan.baseline_attendance == Decimal("68.5")
    event = AuditEvent.objects.get(verb="update", target_type="placements.educationplan")
    assert "next_review_on" not in event.changes
    assert "baseline_attendance" in event.changes


def test_without_term_dates_the_date_is_counted_in_calendar_days_and_the_page_says_so(
    county, persona_client
):
    school_elsewhere = SchoolFactory.create(
        local_authority=rutland(), partnership=county.partnership
    )
    pupil = PupilFactory.create(school=school_elsewhere)
    placement = placement_of(county, pupil)
    coordinator = persona_client("coordinator")
    response = save_plan(coordinator, placement.pk, plan_form(), follow=True)
    plan = EducationPlan.objects.get(placement=placement)
    assert plan.next_review_on == STARTED + dt.timedelta(days=42)
    assert on_page(response, "The next review is due on 16 February 2026 (counted in calendar days")
    assert on_page(response, "The school calendar has no term dates for that time yet")
    assert on_page(response, "6 weeks of calendar days after 5 January 2026")


def test_the_plan_page_shows_baseline_targets_reviews_and_next_review(county, persona_client):
    plan = planned(county, targets=2)
    first = plan.targets.order_by("position").first()
    assert first is not None
    reviewed(plan, by=county.memberships["coordinator"].user, score=4)
    chair = persona_client("chair")
    page = chair.get(url("plan", plan.placement_id))
    assert page.status_code == 200
    assert on_page(page, first.description)
    assert on_page(page, "Good progress (4 of 5)")
    assert on_page(page, "71.5%")
    assert on_page(page, "23 February 2026")  # the review, and the next review date
    assert on_page(page, "6 school weeks")
    assert "Record a review" not in content(page)  # the chair reads, does not review
    event = AuditEvent.objects.get(verb="view", target_type="placements.educationplan")
    assert event.pupil_id == county.pupil_a.pk


def test_the_plan_page_keeps_its_query_count_as_targets_and_reviews_grow(county, school):
    def queries(targets: int, reviews: int) -> int:
        plan = planned(county, targets=targets)
        for n in range(reviews):
            reviewed(
                plan,
                by=county.memberships["school_a"].user,
                held_on=STARTED + dt.timedelta(weeks=n),
            )
        with CaptureQueriesContext(connection) as captured:
            assert school.get(url("plan", plan.placement_id)).status_code == 200
        return len(captured)

    assert queries(1, 1) == queries(8, 6)


# Scope.


def test_another_school_and_the_provider_get_404_and_write_nothing(
    county, persona_client, placement
):
    for persona in ("school_b", "provider"):
        client = persona_client(persona)
        assert client.get(url("plan", placement.pk)).status_code == 404
        assert client.post(url("plan_edit", placement.pk), plan_form()).status_code == 404
    assert not EducationPlan.objects.exists()


def test_provider_staff_do_not_see_a_plan_even_at_their_own_provider(county, persona_client):
    plan = planned(county)
    review = reviewed(plan, by=county.memberships["school_a"].user)
    provider = persona_client("provider")
    # The placement is at their provider and active: they may read its pack, never its plan.
    assert provider.get(url("plan", plan.placement_id)).status_code == 404
    assert provider.get(url("review_detail", review.pk)).status_code == 404


def test_a_co_ordinator_of_another_partnership_gets_404(county, persona_client):
    placement = placement_of(county, county.pupil_c_looked_after)
    coordinator = persona_client("coordinator")
    assert coordinator.get(url("plan", placement.pk)).status_code == 404
    # The Virtual School reads a looked-after pupil's plan in its care.
    assert persona_client("virtual_school").get(url("plan", placement.pk)).status_code == 200


# Targets.


def test_the_school_adds_a_target(county, school):
    plan = planned(county, targets=1)
    existing = plan.targets.get()
    response = school.post(url("target_add", plan.placement_id), target_form())
    assert response.status_code == 302
    assert response["Location"] == url("plan", plan.placement_id)
    added = plan.targets.order_by("position").last()
    assert added is not None
    assert added.description.startswith("Fictional: attend every timetabled session")
    assert added.due_on == dt.date(2026, 3, 27)
    assert added.position == existing.position + 1
    event = AuditEvent.objects.get(verb="create", target_type="placements.target")
    assert event.pupil_id == county.pupil_a.pk
    assert sorted(event.changes) == ["description", "due_on", "measure"]


def test_adding_a_target_before_the_plan_exists_leads_to_making_the_plan(school, placement):
    response = school.get(url("target_add", placement.pk))
    assert response.status_code == 302
    assert response["Location"] == url("plan_edit", placement.pk)
    assert school.post(url("target_add", placement.pk), target_form()).status_code == 302
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": ""}, "Enter the target"),
        ({"measure": ""}, "Enter how progress will be measured"),
        (date_parts("due_on", None), "Enter the date the target is due"),
        ({"due_on_day": "31", "due_on_month": "2"}, "Due date must be a real date"),
        ({"due_on_year": ""}, "Due date must include a year"),
        (
            date_parts("due_on", dt.date(2025, 12, 1)),
            "The due date must be on or after the start of the placement",
        ),
        ({"measure": "x" * 5001}, "How will progress be measured? must be 5,000 characters"),
    ],
)
def test_bad_target_input_gets_a_message_and_writes_nothing(county, school, overrides, message):
    plan = planned(county, targets=0)
    response = school.post(url("target_add", plan.placement_id), target_form(**overrides))
    assert_govuk_error(response, message)
    assert not Target.objects.exists()
    assert not AuditEvent.objects.filter(target_type="placements.target").exists()


def test_the_school_changes_a_target(county, school):
    target = TargetFactory.create(plan=planned(county, targets=0))
    response = school.post(
        url("target_edit", target.pk),
        target_form(measure="Fictional: weekly call with the key worker"),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.measure == "Fictional: weekly call with the key worker"
    event = AuditEvent.objects.get(verb="update", target_type="placements.target")
    assert "measure" in event.changes


def test_a_bad_change_to_a_target_writes_nothing(county, school):
    target = TargetFactory.create(plan=planned(county, targets=0))
    before = target.description
    response = school.post(url("target_edit", target.pk), target_form(description=""))
    assert_govuk_error(response, "Enter the target")
    target.refresh_from_db()
    assert target.description == before


def test_a_target_set_in_error_is_removed(county, school):
    target = TargetFactory.create(plan=planned(county, targets=0))
    confirm = school.get(url("target_remove", target.pk))
    assert confirm.status_code == 200
    assert on_page(confirm, target.description)
    response = school.post(url("target_remove", target.pk))
    assert response.status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.filter(verb="delete", target_id=str(target.pk)).exists()


def test_a_target_with_progress_stays(county, school):
    plan = planned(county, targets=1)
    reviewed(plan, by=county.memberships["school_a"].user)
    target = plan.targets.get()
    response = school.post(url("target_remove", target.pk), follow=True)
    assert Target.objects.filter(pk=target.pk).exists()
    assert on_page(response, "This target has progress recorded at a review, so it stays")
    assert "Remove<span" not in content(response)


def test_another_school_cannot_touch_a_target(county, persona_client):
    target = TargetFactory.create(plan=planned(county, targets=0))
    other = persona_client("school_b")
    assert other.get(url("target_edit", target.pk)).status_code == 404
    assert (
        other.post(url("target_edit", target.pk), target_form(description="Changed")).status_code
        == 404
    )
    assert other.post(url("target_remove", target.pk)).status_code == 404
    assert other.post(url("target_add", target.plan.placement_id), target_form()).status_code == 404
    target.refresh_from_db()
    assert target.description != "Changed"
    assert Target.objects.count() == 1
