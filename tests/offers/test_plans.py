"""Setting up, changing, reading and closing an attendance support plan (issue 6, part 8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.offers.models import AttendanceSupportPlan
from inclusion.referrals.models import Purpose, Status
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.offers.factories import (
    START,
    TODAY,
    check_in,
    looked_after_plan,
    make_plan,
    offer_referral,
)

D = dt.date


def url(name: str, pk: Any) -> str:
    return reverse(f"offers:{name}", kwargs={"pk": pk})


def plan_form(who: Any, /, **overrides: Any) -> dict[str, Any]:
    data = {
        "baseline_percent": "62.5",
        "baseline_period": "The last 6 school weeks",
        "target_percent": "85",
        **date_parts("start_date", D(2026, 3, 2)),
        **date_parts("review_date", D(2026, 4, 20)),
        "lead": str(who.pk),
    }
    return data | overrides


@pytest.fixture
def school(persona_client):
    return persona_client("school_a")


@pytest.fixture
def staff(county):
    return county.memberships["school_a"].user


@pytest.fixture
def referral(county):
    return offer_referral(county)


# Setting a plan up ----------------------------------------------------------------------------


def test_the_school_sets_up_a_plan_from_the_referral(county, school, staff, referral):
    response = school.post(url("create", referral.pk), plan_form(staff))
    plan = AttendanceSupportPlan.objects.get(referral=referral)
    assert response.status_code == 302
    assert response["Location"] == url("detail", plan.pk)
    assert plan.baseline_percent == Decimal("62.5")
    assert plan.target_percent == Decimal(85)
    assert (plan.start_date, plan.review_date) == (D(2026, 3, 2), D(2026, 4, 20))
    assert plan.lead == staff
    assert plan.created_by == staff
    assert plan.status == AttendanceSupportPlan.Status.ACTIVE
    event = AuditEvent.objects.get(verb="create", target_type="offers.attendancesupportplan")
    assert event.pupil_id == county.pupil_a.pk
    assert {"baseline_percent", "target_percent", "lead", "start_date"} <= set(event.changes)
    assert "62.5" not in str(event.changes)
    page = school.get(response["Location"])
    assert on_page(page, "The attendance support plan has been set up")


def test_the_co_ordinator_may_name_themselves_the_lead(county, persona_client, referral):
    coordinator = county.memberships["coordinator"].user
    response = persona_client("coordinator").post(
        url("create", referral.pk), plan_form(coordinator)
    )
    assert response.status_code == 302
    assert AttendanceSupportPlan.objects.get(referral=referral).lead == coordinator


def test_the_form_suggests_the_referrals_attendance_a_start_today_and_a_review(school, referral):
    page = school.get(url("create", referral.pk))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["baseline_percent"] == Decimal(62)
    assert form.initial["start_date"] == TODAY
    # 6 school weeks (30 school days) after Wednesday 4 March 2026: 17 school days to the end
    # of the spring term on 27 March, then 13 from 13 April, past the Easter holiday.
    assert form.initial["review_date"] == D(2026, 4, 29)


def test_only_the_schools_and_the_partnerships_staff_may_lead(county, school, referral):
    other_school = county.memberships["school_b"].user
    provider = county.memberships["provider"].user
    page = school.get(url("create", referral.pk))
    leads = set(page.context["form"].fields["lead"].queryset)
    assert county.memberships["school_a"].user in leads
    assert county.memberships["coordinator"].user in leads
    assert county.memberships["chair"].user in leads
    assert other_school not in leads
    assert provider not in leads
    response = school.post(url("create", referral.pk), plan_form(other_school))
    assert_govuk_error(response, "Select who leads the plan from the list")
    assert not AttendanceSupportPlan.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target_percent": "62.5"}, "The target must be above the baseline attendance"),
        ({"target_percent": "50"}, "The target must be above the baseline attendance"),
        ({"target_percent": "100.5"}, "The target attendance must be between 0 and 100"),
        ({"baseline_percent": ""}, "Enter the baseline attendance as a percentage"),
        ({"baseline_percent": "lots"}, "The baseline attendance must be a number, like 82.5"),
        (
            {"baseline_percent": "62.55"},
            "The baseline attendance must have no more than 1 decimal place",
        ),
        ({"baseline_period": ""}, "Enter the period the baseline was measured over"),
        (date_parts("start_date", None), "Enter the date the plan starts"),
        (
            date_parts("review_date", D(2026, 3, 1)),
            "The review date must be on or after the start date",
        ),
        ({"lead": ""}, "Select who leads the plan"),
        ({"lead": "not-a-user"}, "Select who leads the plan from the list"),
    ],
)
def test_bad_input_is_refused_with_a_message(school, staff, referral, overrides, message):
    response = school.post(url("create", referral.pk), plan_form(staff, **overrides))
    assert_govuk_error(response, message)
    assert not AttendanceSupportPlan.objects.exists()
    assert not AuditEvent.objects.filter(verb="create").exists()


def test_a_referral_for_another_purpose_gets_no_plan(county, school, staff):
    referral = offer_referral(county, purpose=Purpose.PARTNERSHIP_SUPPORT)
    message = (
        "An attendance support plan is only for a referral whose purpose is Attendance Offer "
        "(low engagement). This referral's purpose is Partnership support."
    )
    page = school.get(url("create", referral.pk))
    assert page.status_code == 200
    assert on_page(page, message)
    assert 'name="baseline_percent"' not in content(page)
    response = school.post(url("create", referral.pk), plan_form(staff))
    assert_govuk_error(response, message)
    assert not AttendanceSupportPlan.objects.exists()


def test_a_draft_referral_gets_no_plan_yet(county, school, staff):
    referral = offer_referral(county, status=Status.DRAFT)
    response = school.post(url("create", referral.pk), plan_form(staff))
    assert_govuk_error(
        response,
        "This referral is draft: an attendance support plan can be set up once the referral "
        "has been submitted.",
    )
    assert not AttendanceSupportPlan.objects.exists()


def test_a_referral_has_one_plan(county, school, staff, referral):
    plan = make_plan(county, referral=referral)
    page = school.get(url("create", referral.pk))
    assert page.status_code == 302
    assert page["Location"] == url("detail", plan.pk)
    response = school.post(url("create", referral.pk), plan_form(staff))
    assert response.status_code == 302
    assert AttendanceSupportPlan.objects.count() == 1


def test_out_of_scope_referrals_and_plans_are_404(county, persona_client, referral):
    plan_b = make_plan(
        county,
        referral=offer_referral(county, pupil=county.pupil_b, by=county.memberships["school_b"]),
    )
    school = persona_client("school_a")
    assert school.get(url("detail", plan_b.pk)).status_code == 404
    assert school.post(url("edit", plan_b.pk), {}).status_code == 404
    other = persona_client("school_b")
    response = other.post(
        url("create", referral.pk), plan_form(county.memberships["school_b"].user)
    )
    assert response.status_code == 404
    assert not AttendanceSupportPlan.objects.filter(referral=referral).exists()
    assert not AuditEvent.objects.filter(verb="view", target_type="offers.attendancesupportplan")


@pytest.mark.parametrize("persona", ["chair", "la_officer"])
def test_readers_may_not_set_up_or_change_a_plan(county, persona_client, persona, referral):
    client = persona_client(persona)
    user = county.memberships["school_a"].user
    assert client.post(url("create", referral.pk), plan_form(user)).status_code == 404
    plan = make_plan(county, referral=referral)
    assert client.get(url("detail", plan.pk)).status_code == 200
    assert client.post(url("edit", plan.pk), plan_form(user)).status_code == 404
    assert AttendanceSupportPlan.objects.get().target_percent == Decimal(75)


@pytest.mark.parametrize("persona", ["provider", "governance", "service_admin"])
def test_provider_staff_and_governance_never_see_a_plan(county, persona_client, persona):
    plan = make_plan(county)
    client = persona_client(persona)
    assert client.get(url("detail", plan.pk)).status_code == 404
    assert client.get(reverse("offers:list")).status_code == 404


def test_the_virtual_school_reads_the_plans_of_its_looked_after_pupils(county, persona_client):
    plan = looked_after_plan(county)
    amaras = make_plan(county)
    virtual_school = persona_client("virtual_school")
    page = virtual_school.get(url("detail", plan.pk))
    assert page.status_code == 200
    assert not page.context["can_change"]
    assert not page.context["can_view_referral"]  # the referral itself is not theirs
    assert virtual_school.get(url("detail", amaras.pk)).status_code == 404
    assert virtual_school.get(url("check_in_add", plan.pk)).status_code == 404
    # The co-ordinator of the other partnership does not see Cara's plan.
    assert persona_client("coordinator").get(url("detail", plan.pk)).status_code == 404
    assert persona_client("la_officer").get(url("detail", plan.pk)).status_code == 200


# Reading a plan -------------------------------------------------------------------------------


def test_reading_a_plan_is_audited_once(county, school):
    plan = make_plan(county)
    page = school.get(url("detail", plan.pk))
    assert page.status_code == 200
    event = AuditEvent.objects.get(verb="view")
    assert event.target_type == "offers.attendancesupportplan"
    assert event.target_id == str(plan.pk)
    assert event.pupil_id == county.pupil_a.pk


def test_the_plan_page_shows_the_plan(county, school):
    plan = make_plan(county)
    page = school.get(url("detail", plan.pk))
    for text in (
        "62.5% (The last 6 school weeks)",
        "75.0%",
        "2 February 2026",
        "Record a weekly check-in",
        "Add an intervention",
        "Change the plan",
        "Close the plan",
    ):
        assert on_page(page, text), text


# Changing it ----------------------------------------------------------------------------------


def test_the_co_ordinator_changes_the_target_and_the_lead(county, persona_client):
    plan = make_plan(county)
    coordinator = county.memberships["coordinator"].user
    data = plan_form(
        coordinator,
        target_percent="90",
        **date_parts("start_date", START),
        **date_parts("review_date", plan.review_date),
    )
    response = persona_client("coordinator").post(url("edit", plan.pk), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.target_percent == Decimal(90)
    assert plan.lead == coordinator
    event = AuditEvent.objects.get(verb="update")
    assert event.changes == ["lead", "target_percent"]


def test_the_start_cannot_move_past_the_first_check_in(county, school, staff):
    plan = make_plan(county)
    check_in(plan, D(2026, 2, 9), 10, 8)
    data = plan_form(staff, **date_parts("start_date", D(2026, 2, 16)))
    response = school.post(url("edit", plan.pk), data)
    assert_govuk_error(
        response,
        "The start date must be on or before 13 February 2026, the end of the first week with "
        "a check-in",
    )
    plan.refresh_from_db()
    assert plan.start_date == START


def test_the_target_must_stay_above_the_baseline_when_changed(county, school, staff):
    plan = make_plan(county)
    response = school.post(url("edit", plan.pk), plan_form(staff, target_percent="60"))
    assert_govuk_error(response, "The target must be above the baseline attendance")
    plan.refresh_from_db()
    assert plan.target_percent == Decimal(75)


# Closing it -----------------------------------------------------------------------------------


def close_form(**overrides: Any) -> dict[str, Any]:
    data = {
        **date_parts("closed_on", TODAY),
        "outcome": AttendanceSupportPlan.Outcome.TARGET_MET,
        "outcome_notes": "Fictional: back to full attendance with the meet and greet.",
    }
    return data | overrides


def test_the_school_closes_the_plan_with_its_outcome(county, school):
    plan = make_plan(county)
    response = school.post(url("close", plan.pk), close_form())
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == AttendanceSupportPlan.Status.CLOSED
    assert plan.closed_on == TODAY
    assert plan.outcome == "target_met"
    event = AuditEvent.objects.get(verb="update")
    assert set(event.changes) == {"status", "closed_on", "outcome", "outcome_notes"}
    page = school.get(url("detail", plan.pk))
    assert on_page(page, "Target met")
    assert not page.context["can_change"]
    assert "Record a weekly check-in" not in content(page)
    # Closed plans take no more writes.
    again = school.get(url("check_in_add", plan.pk))
    assert again.status_code == 302
    assert again["Location"] == url("detail", plan.pk)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"outcome": ""}, "Select the outcome"),
        (date_parts("closed_on", None), "Enter the date the plan closed"),
        (
            date_parts("closed_on", D(2026, 3, 5)),
            "The date the plan closed must be today or in the past",
        ),
        (
            date_parts("closed_on", D(2026, 1, 30)),
            "The date the plan closed must be on or after its start, 2 February 2026",
        ),
        ({"outcome": "other", "outcome_notes": ""}, "Enter what the outcome was"),
    ],
)
def test_closing_needs_a_date_and_an_outcome(county, school, overrides, message):
    plan = make_plan(county)
    response = school.post(url("close", plan.pk), close_form(**overrides))
    assert_govuk_error(response, message)
    plan.refresh_from_db()
    assert plan.is_active


# The referral's case page ---------------------------------------------------------------------


def test_the_case_page_links_to_setting_up_the_plan_then_to_the_plan(county, school, referral):
    case = reverse("referrals:detail", kwargs={"pk": referral.pk})
    page = school.get(case)
    assert on_page(page, "Set up an attendance support plan")
    assert url("create", referral.pk) in content(page)
    plan = make_plan(county, referral=referral)
    page = school.get(case)
    assert not on_page(page, "Set up an attendance support plan")
    assert url("detail", plan.pk) in content(page)


def test_the_case_page_offers_no_plan_for_other_purposes_or_to_readers(
    county, school, persona_client, referral
):
    other = offer_referral(county, purpose=Purpose.MANAGED_MOVE)
    page = school.get(reverse("referrals:detail", kwargs={"pk": other.pk}))
    assert not on_page(page, "attendance support plan")
    chair = persona_client("chair").get(reverse("referrals:detail", kwargs={"pk": referral.pk}))
    assert chair.status_code == 200
    assert not on_page(chair, "Set up an attendance support plan")


def test_a_school_user_who_has_left_is_not_offered_as_lead(county, school, referral):
    left = MembershipFactory.create(
        user=UserFactory.create(full_name="Former Teacher"),
        role="school_staff",
        school=county.school_a,
        is_active=False,
    )
    page = school.get(url("create", referral.pk))
    assert left.user not in set(page.context["form"].fields["lead"].queryset)
