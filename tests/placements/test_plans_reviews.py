"""Reviews of education plans (issue 5, part 4): recording a review with progress per target and
the decision, the next review date set on the school calendar, reading a review, and the lists of
reviews overdue and due soon for the school and the co-ordinator (with controlled time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.placements.models import EducationPlan, Placement, Review, TargetProgress
from tests.calendar.factories import rutland
from tests.factories import PupilFactory, SchoolFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.placements.factories_plans import placement_of, planned, reviewed

# Controlled time: a Monday in the spring term of 2026, two weeks after the February half term.
TODAY = dt.date(2026, 3, 2)
HELD = dt.date(2026, 2, 2)
# 6 school weeks (30 school days) after Monday 2 February 2026, skipping the half term.
SIX_SCHOOL_WEEKS_AFTER_HELD = dt.date(2026, 3, 23)
# The tenth school day after 2 March 2026: "due soon" runs to here.
TEN_SCHOOL_DAYS_ON = dt.date(2026, 3, 16)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Fix "today" for the views, forms and selectors (never the wall clock)."""
    return freeze(monkeypatch, TODAY)


def freeze(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def url(name: str, pk: Any = None) -> str:
    return reverse(f"placements:{name}", kwargs={"pk": pk} if pk else None)


def review_form(plan: EducationPlan, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **date_parts("held_on", HELD),
        "attendees": "Fictional: J. Patel, Head of Year 9; the pupil; their mother; key worker",
        "pupil_voice": "Fictional: I like the workshop and want to do more welding.",
        "parent_voice": "Fictional: calmer at home since the placement started.",
        "provider_report": "Fictional: attended 28 of 30 sessions.",
        "decision": "continue",
        "notes": "Fictional: school to arrange a maths tutor.",
    }
    for n, target in enumerate(plan.targets.order_by("position"), start=1):
        data[f"progress_{target.pk}"] = str(min(n + 2, 5))
        data[f"note_{target.pk}"] = f"Fictional note on target {n}"
    return data | overrides


@pytest.fixture
def school(persona_client):
    return persona_client("school_a")


@pytest.fixture
def plan(county) -> EducationPlan:
    return planned(county, targets=2)


def first_target_field(plan: EducationPlan, prefix: str = "progress") -> str:
    target = plan.targets.order_by("position").first()
    assert target is not None
    return f"{prefix}_{target.pk}"


# Recording a review.


def test_the_school_records_a_review_and_the_next_review_is_set_on_the_calendar(
    county, school, plan
):
    response = school.post(url("review_add", plan.placement_id), review_form(plan))
    review = Review.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == url("review_detail", review.pk)
    assert review.held_on == HELD
    assert review.decision == Review.Decision.CONTINUE
    assert review.recorded_by == county.memberships["school_a"].user
    assert review.next_review_on == SIX_SCHOOL_WEEKS_AFTER_HELD
    assert HELD + dt.timedelta(weeks=6) == dt.date(2026, 3, 16)  # what calendar days would give
    plan.refresh_from_db()
    assert plan.next_review_on == SIX_SCHOOL_WEEKS_AFTER_HELD
    scores = dict(
        TargetProgress.objects.filter(review=review).values_list("target__position", "score")
    )
    assert sorted(scores.values()) == [3, 4]
    event = AuditEvent.objects.get(verb="create", target_type="placements.review")
    assert event.pupil_id == county.pupil_a.pk
    assert {"held_on", "attendees", "pupil_voice", "decision", "progress"} <= set(event.changes)
    assert "welding" not in str(event.changes)
    assert AuditEvent.objects.filter(
        verb="update", target_type="placements.educationplan", changes=["next_review_on"]
    ).exists()
    page = school.get(response["Location"])
    assert on_page(page, "The review has been recorded. The next review is due on 23 March 2026")
    assert on_page(page, "Expected progress (3 of 5)")
    assert on_page(page, "Good progress (4 of 5)")
    assert on_page(page, "Fictional: I like the workshop and want to do more welding.")
    assert on_page(page, "Fictional: attended 28 of 30 sessions.")
    assert "calendar days" not in content(page)


def test_the_co_ordinator_records_a_review_deciding_a_return_to_school(
    county, persona_client, plan
):
    coordinator = persona_client("coordinator")
    response = coordinator.post(
        url("review_add", plan.placement_id), review_form(plan, decision="return"), follow=True
    )
    assert Review.objects.get(plan=plan).decision == Review.Decision.RETURN
    assert response.status_code == 200
    assert on_page(response, "Return to school")
    # The review does not end the placement itself: the page says where that is done.
    assert on_page(response, "The review decided to return the pupil to school.")
    plan.placement.refresh_from_db()
    assert plan.placement.status == Placement.Status.ACTIVE


def test_the_form_asks_for_progress_on_every_target_on_the_five_point_scale(school, plan):
    html = content(school.get(url("review_add", plan.placement_id)))
    for label in (
        "No progress",
        "Some progress",
        "Expected progress",
        "Good progress",
        "Achieved",
    ):
        assert html.count(f">{label}</label>") == 2
    assert "Progress towards target 1" in html
    assert "Progress towards target 2" in html
    for decision in ("Continue", "Change the placement or plan", "End the placement"):
        assert f">{decision}</label>" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (date_parts("held_on", None), "Enter the date of the review"),
        (
            date_parts("held_on", TODAY + dt.timedelta(days=1)),
            "The date of the review must be today or in the past",
        ),
        (
            date_parts("held_on", dt.date(2025, 12, 15)),
            "The date of the review must be on or after the start of the placement",
        ),
        ({"held_on_day": "30", "held_on_month": "2"}, "Date of the review must be a real date"),
        ({"held_on_month": ""}, "Date of the review must include a month"),
        ({"attendees": ""}, "Enter who attended the review"),
        ({"attendees": "   "}, "Enter who attended the review"),
        ({"decision": ""}, "Select the decision"),
        ({"decision": "expel"}, "Select the decision"),
        ({"pupil_voice": "x" * 5001}, "The pupil's voice must be 5,000 characters or fewer"),
    ],
)
def test_bad_review_input_gets_a_message_and_writes_nothing(school, plan, overrides, message):
    before = plan.next_review_on
    response = school.post(url("review_add", plan.placement_id), review_form(plan, **overrides))
    assert_govuk_error(response, message)
    assert not Review.objects.exists()
    assert not TargetProgress.objects.exists()
    assert not AuditEvent.objects.filter(target_type="placements.review").exists()
    plan.refresh_from_db()
    assert plan.next_review_on == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Select the progress towards target 1"),
        ("6", "Select the progress towards target 1"),
        ("0", "Select the progress towards target 1"),
        ("good", "Select the progress towards target 1"),
    ],
)
def test_progress_must_be_on_the_scale_for_every_target(school, plan, value, message):
    data = review_form(plan, **{first_target_field(plan): value})
    response = school.post(url("review_add", plan.placement_id), data)
    assert_govuk_error(response, message)
    assert not Review.objects.exists()


def test_a_long_note_on_a_target_is_refused(school, plan):
    data = review_form(plan, **{first_target_field(plan, "note"): "x" * 5001})
    response = school.post(url("review_add", plan.placement_id), data)
    assert_govuk_error(response, "Note on target 1 must be 5,000 characters or fewer")
    assert not Review.objects.exists()


def test_a_plan_without_targets_is_not_reviewed(county, school):
    empty = planned(county, targets=0)
    page = school.get(url("review_add", empty.placement_id))
    assert page.status_code == 200
    assert on_page(page, "Add at least one target to the plan first.")
    response = school.post(url("review_add", empty.placement_id), review_form(empty))
    assert_govuk_error(response, "Add at least one target to the plan before a review")
    assert not Review.objects.exists()


def test_reviewing_before_the_plan_exists_leads_to_making_the_plan(county, school):
    placement = placement_of(county)
    response = school.post(url("review_add", placement.pk), {"attendees": "Someone"})
    assert response.status_code == 302
    assert response["Location"] == url("plan_edit", placement.pk)
    assert not Review.objects.exists()


def test_without_term_dates_the_next_review_is_calendar_days_and_the_page_says_so(
    county, persona_client
):
    school_elsewhere = SchoolFactory.create(
        local_authority=rutland(), partnership=county.partnership
    )
    plan = planned(county, PupilFactory.create(school=school_elsewhere), targets=1)
    coordinator = persona_client("coordinator")
    response = coordinator.post(
        url("review_add", plan.placement_id), review_form(plan), follow=True
    )
    review = Review.objects.get(plan=plan)
    assert review.next_review_on == HELD + dt.timedelta(days=42) == dt.date(2026, 3, 16)
    assert on_page(response, "The next review is due on 16 March 2026 (counted in calendar days")
    assert on_page(response, "The school calendar has no term dates for that time yet")
    assert on_page(response, "6 weeks of calendar days after 2 February 2026")


def test_an_older_review_recorded_late_does_not_move_the_next_review_back(county, school, plan):
    reviewed(plan, by=county.memberships["school_a"].user, held_on=dt.date(2026, 2, 23))
    plan.next_review_on = dt.date(2026, 4, 20)
    plan.save()
    response = school.post(url("review_add", plan.placement_id), review_form(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2026, 4, 20)
    assert Review.objects.get(held_on=HELD).next_review_on == SIX_SCHOOL_WEEKS_AFTER_HELD


def test_a_longer_interval_is_counted_in_school_weeks(county, school):
    plan = planned(county, targets=1, review_every_weeks=8)
    school.post(url("review_add", plan.placement_id), review_form(plan))
    plan.refresh_from_db()
    # 40 school days after Monday 2 February 2026: 34 to the end of the spring term (skipping
    # the February half term), then the Easter holiday, then 6 more from Monday 13 April.
    assert plan.next_review_on == dt.date(2026, 4, 20)


# Reading a review, and scope.


def test_the_chair_reads_a_review_and_the_read_is_audited(county, persona_client, plan):
    review = reviewed(plan, by=county.memberships["school_a"].user, score=5)
    page = persona_client("chair").get(url("review_detail", review.pk))
    assert page.status_code == 200
    assert on_page(page, "Achieved (5 of 5)")
    assert on_page(page, "Review on 23 February 2026")
    event = AuditEvent.objects.get(verb="view", target_type="placements.review")
    assert event.pupil_id == county.pupil_a.pk


def test_another_school_gets_404_for_the_review_and_cannot_record_one(county, persona_client, plan):
    review = reviewed(plan, by=county.memberships["school_a"].user)
    other = persona_client("school_b")
    assert other.get(url("review_detail", review.pk)).status_code == 404
    assert other.get(url("review_add", plan.placement_id)).status_code == 404
    response = other.post(url("review_add", plan.placement_id), review_form(plan))
    assert response.status_code == 404
    assert Review.objects.count() == 1


def test_the_chair_and_the_provider_cannot_record_a_review(persona_client, plan):
    for persona in ("chair", "provider", "la_officer"):
        client = persona_client(persona)
        response = client.post(url("review_add", plan.placement_id), review_form(plan))
        assert response.status_code == 404, persona
    assert not Review.objects.exists()


# Reviews overdue and due soon.


def plan_due(county: Any, on: dt.date, pupil: Any = None, **fields: Any) -> EducationPlan:
    return planned(county, pupil, targets=0, next_review_on=on, **fields)


def listed(response: Any) -> list[str]:
    """The pupils' names in the list's rows, in order."""
    html = content(response)
    if '<tbody class="govuk-table__body">' not in html:
        return []
    body = html[html.index('<tbody class="govuk-table__body">') :]
    names = []
    for chunk in body.split('<a class="govuk-link" href="')[1:]:
        names.append(chunk.split(">", 1)[1].split("<", 1)[0])
    return names


def test_an_overdue_review_appears_on_the_schools_and_the_co_ordinators_lists(
    county, persona_client
):
    amara = plan_due(county, dt.date(2026, 2, 23))  # overdue: before today
    billy = plan_due(county, TEN_SCHOOL_DAYS_ON, county.pupil_b)  # due soon (the tenth day)
    later = PupilFactory.create(school=county.school_a, legal_first_name="Later")
    plan_due(county, TEN_SCHOOL_DAYS_ON + dt.timedelta(days=1), later)  # not yet due soon
    ended = PupilFactory.create(school=county.school_a, legal_first_name="Ended")
    plan_due(county, dt.date(2026, 1, 12), ended, status=Placement.Status.ENDED)
    proposed = PupilFactory.create(school=county.school_a, legal_first_name="Proposed")
    plan_due(county, dt.date(2026, 1, 12), proposed, status=Placement.Status.PROPOSED)
    plan_due(county, dt.date(2026, 1, 12), county.pupil_c_looked_after)  # another partnership

    school_list = persona_client("school_a").get(url("reviews_due"))
    assert school_list.status_code == 200
    assert listed(school_list) == ["Amara Osei"]
    assert on_page(school_list, "1 overdue, 0 due soon")
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in content(school_list)

    coordinator_list = persona_client("coordinator").get(url("reviews_due"))
    assert listed(coordinator_list) == ["Amara Osei", "Billy Hart"]  # oldest first
    assert on_page(coordinator_list, "1 overdue, 1 due soon")
    html = content(coordinator_list)
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in html
    assert "Fernhill School" in html  # the co-ordinator sees which school
    assert url("plan", amara.placement_id) in html
    assert url("plan", billy.placement_id) in html
    assert "Cara" not in html

    assert listed(persona_client("school_b").get(url("reviews_due"))) == ["Billy Hart"]


def test_a_review_becomes_overdue_as_time_passes(county, persona_client, monkeypatch):
    plan_due(county, dt.date(2026, 2, 23))
    school = persona_client("school_a")
    freeze(monkeypatch, dt.date(2026, 1, 26))  # 4 weeks before (the half term in between)
    assert listed(school.get(url("reviews_due"))) == []
    freeze(monkeypatch, dt.date(2026, 2, 10))  # 4 school days before (11 to 13 and 23 February)
    page = school.get(url("reviews_due"))
    assert listed(page) == ["Amara Osei"]
    assert on_page(page, "0 overdue, 1 due soon")
    freeze(monkeypatch, dt.date(2026, 2, 23))  # on the day: still due, not overdue
    assert on_page(school.get(url("reviews_due")), "0 overdue, 1 due soon")
    freeze(monkeypatch, dt.date(2026, 2, 24))
    assert on_page(school.get(url("reviews_due")), "1 overdue, 0 due soon")


def test_recording_the_review_takes_it_off_the_list(county, school):
    plan = planned(county, targets=1, next_review_on=dt.date(2026, 2, 23))
    assert listed(school.get(url("reviews_due"))) == ["Amara Osei"]
    data = review_form(plan, **date_parts("held_on", dt.date(2026, 2, 27)))
    assert school.post(url("review_add", plan.placement_id), data).status_code == 302
    assert listed(school.get(url("reviews_due"))) == []


def test_the_plan_page_tags_an_overdue_review(county, school):
    plan = plan_due(county, dt.date(2026, 2, 23))
    page = school.get(url("plan", plan.placement_id))
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in content(page)


def test_without_term_dates_due_soon_means_the_next_14_days(county, persona_client, monkeypatch):
    freeze(monkeypatch, dt.date(2031, 3, 3))  # no term dates recorded for 2030 to 2031
    plan_due(county, dt.date(2031, 3, 17))
    plan_due(county, dt.date(2031, 3, 18), county.pupil_b)
    page = persona_client("coordinator").get(url("reviews_due"))
    assert listed(page) == ["Amara Osei"]
    assert on_page(page, "“due soon” here means the next 14 days")


def test_an_empty_list_says_so(persona_client):
    page = persona_client("school_b").get(url("reviews_due"))
    assert on_page(page, "No reviews are overdue or due in the next 10 school days.")


def test_the_list_keeps_its_query_count_as_plans_grow(county, persona_client):
    coordinator = persona_client("coordinator")

    def queries(count: int) -> int:
        EducationPlan.objects.all().delete()
        for n in range(count):
            pupil = PupilFactory.create(school=county.school_a if n % 2 else county.school_b)
            plan_due(county, TODAY - dt.timedelta(days=n), pupil)
        with CaptureQueriesContext(connection) as captured:
            response = coordinator.get(url("reviews_due"))
        assert len(listed(response)) == count
        return len(captured)

    assert queries(3) == queries(30)
