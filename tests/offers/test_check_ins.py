"""Weekly check-ins and interventions, and the plan page's weeks against baseline and target,
with AP attendance from the provider's register (issue 6, part 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.offers.models import SupportIntervention, WeeklyCheckIn
from tests.attendance.factories_measures import full_week_placement, mark_day
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.offers.factories import check_in, intervention, make_plan

D = dt.date
LAST_COMPLETE_WEEK = D(2026, 2, 23)


def url(name: str, pk: Any) -> str:
    return reverse(f"offers:{name}", kwargs={"pk": pk})


def check_in_form(week: dt.date = LAST_COMPLETE_WEEK, **overrides: Any) -> dict[str, Any]:
    data = {
        **date_parts("week_of", week),
        "sessions_possible": "10",
        "sessions_attended": "7",
        "helped": "Fictional: the morning meet and greet at the gate.",
        "barriers": "Fictional: a late bus on Tuesday.",
    }
    return data | overrides


@pytest.fixture
def school(persona_client):
    return persona_client("school_a")


@pytest.fixture
def plan(county):
    return make_plan(county)


# Recording a check-in -------------------------------------------------------------------------


def test_the_school_records_a_week(county, school, plan):
    response = school.post(url("check_in_add", plan.pk), check_in_form())
    assert response.status_code == 302
    assert response["Location"] == url("detail", plan.pk)
    recorded = WeeklyCheckIn.objects.get(plan=plan)
    assert recorded.week_of == D(2026, 2, 23)
    assert (recorded.sessions_possible, recorded.sessions_attended) == (10, 7)
    assert recorded.recorded_by == county.memberships["school_a"].user
    event = AuditEvent.objects.get(verb="create", target_type="offers.weeklycheckin")
    assert event.pupil_id == county.pupil_a.pk
    assert set(event.changes) == {
        "week_of",
        "sessions_possible",
        "sessions_attended",
        "helped",
        "barriers",
    }
    assert "meet and greet" not in str(event.changes)
    page = school.get(response["Location"])
    assert on_page(page, "The check-in for the week beginning 23 February 2026 has been recorded")


def test_any_day_of_the_week_is_taken_as_its_monday(school, plan):
    response = school.post(url("check_in_add", plan.pk), check_in_form(D(2026, 2, 26)))
    assert response.status_code == 302
    assert WeeklyCheckIn.objects.get().week_of == D(2026, 2, 23)


def test_the_co_ordinator_records_a_week_too(persona_client, plan):
    response = persona_client("coordinator").post(url("check_in_add", plan.pk), check_in_form())
    assert response.status_code == 302


def test_the_form_suggests_the_overdue_week(school, plan):
    check_in(plan, D(2026, 2, 2), 10, 6)
    page = school.get(url("check_in_add", plan.pk))
    assert page.context["form"].initial == {"week_of": D(2026, 2, 23)}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"sessions_possible": "8", "sessions_attended": "9"},
            "Sessions attended must be no more than the sessions possible",
        ),
        ({"sessions_possible": "11"}, "Sessions possible must be between 0 and 10"),
        ({"sessions_attended": "-1"}, "Sessions attended must be between 0 and 10"),
        ({"sessions_attended": "seven"}, "Sessions attended must be a whole number, like 8"),
        ({"sessions_possible": ""}, "Enter the sessions possible"),
        (date_parts("week_of", None), "Enter the Monday the week began"),
        (
            {"week_of_day": "30", "week_of_month": "2", "week_of_year": "2026"},
            "Week beginning must be a real date",
        ),
    ],
)
def test_bad_figures_are_refused(school, plan, overrides, message):
    response = school.post(url("check_in_add", plan.pk), check_in_form(**overrides))
    assert_govuk_error(response, message)
    assert not WeeklyCheckIn.objects.exists()


@pytest.mark.parametrize(
    ("week", "message"),
    [
        (D(2026, 3, 9), "The week must not be in the future"),
        (D(2026, 1, 26), "The week must not be before the plan started on 2 February 2026"),
        (
            D(2026, 2, 18),
            "The week beginning 16 February 2026 has no school days on the school calendar: "
            "choose a school week",
        ),
    ],
)
def test_weeks_that_cannot_have_a_check_in(school, plan, week, message):
    response = school.post(url("check_in_add", plan.pk), check_in_form(week))
    assert_govuk_error(response, message)
    assert not WeeklyCheckIn.objects.exists()
    assert not AuditEvent.objects.filter(target_type="offers.weeklycheckin").exists()


def test_a_week_is_recorded_once(school, plan):
    check_in(plan, D(2026, 2, 23), 10, 9)
    response = school.post(url("check_in_add", plan.pk), check_in_form(D(2026, 2, 25)))
    assert_govuk_error(
        response, "A check-in has already been recorded for the week beginning 23 February 2026"
    )
    assert WeeklyCheckIn.objects.get().sessions_attended == 9


def test_out_of_scope_and_read_only_users_cannot_record(county, persona_client, plan):
    for persona in ("school_b", "chair", "la_officer", "virtual_school", "provider"):
        response = persona_client(persona).post(url("check_in_add", plan.pk), check_in_form())
        assert response.status_code == 404, persona
    assert not WeeklyCheckIn.objects.exists()


# The weeks on the plan page -------------------------------------------------------------------


def test_the_plan_page_shows_each_week_against_baseline_and_target(school, plan):
    """Baseline 62.5%, target 75%. Weeks (the February half term has no school days):
    2 Feb 6/10 = 60.0% (running 60.0%, below baseline); 9 Feb 8/10 = 80.0% (running 14/20 =
    70.0%, below target); 23 Feb 9/9 = 100.0% (running 23/29 = 79.3%, on track)."""
    check_in(plan, D(2026, 2, 2), 10, 6)
    check_in(plan, D(2026, 2, 9), 10, 8, barriers="Fictional: ill on Thursday.")
    check_in(plan, D(2026, 2, 23), 9, 9, helped="Fictional: a lift from an aunt.")
    page = school.get(url("detail", plan.pk))
    rows = page.context["rows"]
    assert [r.week_of for r in rows] == [D(2026, 2, 2), D(2026, 2, 9), D(2026, 2, 23)]
    assert [(r.weekly, r.running) for r in rows] == [
        ("60.0%", "60.0%"),
        ("80.0%", "70.0%"),
        ("100.0%", "79.3%"),
    ]
    assert [r.standing.label for r in rows] == ["Below baseline", "Below target", "On track"]
    progress = page.context["progress"]
    assert (progress.attended, progress.possible, progress.running) == (23, 29, "79.3%")
    assert progress.standing.label == "On track"
    assert page.context["overdue"] is None
    assert on_page(page, "79.3% (23 of 29 sessions in 3 weeks recorded)")
    assert on_page(page, "Fictional: a lift from an aunt.")
    assert on_page(page, "Fictional: ill on Thursday.")
    assert page.context["ap"] is None
    assert "At alternative provision" not in content(page)


def test_a_missed_last_week_is_overdue(county, school, plan):
    check_in(plan, D(2026, 2, 2), 10, 6)
    page = school.get(url("detail", plan.pk))
    assert page.context["overdue"] == D(2026, 2, 23)
    rows = {r.week_of: r for r in page.context["rows"]}
    assert set(rows) == {D(2026, 2, 2), D(2026, 2, 9), D(2026, 2, 23)}
    assert rows[D(2026, 2, 9)].check_in is None
    assert not rows[D(2026, 2, 9)].overdue
    assert rows[D(2026, 2, 23)].overdue
    assert on_page(
        page,
        "Weekly check-in overdue: nothing has been recorded for the week beginning "
        "23 February 2026.",
    )


def test_the_plan_page_shows_ap_attendance_from_the_providers_register(county, school, plan):
    """A placement from Monday 23 Feb: that week 8 of 10 sessions attended (the Thursday is
    unauthorised absence); 2 March, the Monday, present both sessions; Tuesday 3 March not
    marked (past, so possible and not attended); today (4 March) not counted yet.
    Since the start: possible 10 + 2 + 2 = 14, attended 8 + 2 = 10: 71.4%."""
    by = county.memberships["provider"].user
    placement = full_week_placement(pupil=county.pupil_a, start=D(2026, 2, 23))
    for day in (23, 24, 25, 27):
        mark_day(placement, D(2026, 2, day), "/", "\\", by=by)
    mark_day(placement, D(2026, 2, 26), "O", "O", by=by)
    mark_day(placement, D(2026, 3, 2), "/", "\\", by=by)
    check_in(plan, D(2026, 2, 23), 10, 8)
    page = school.get(url("detail", plan.pk))
    ap = page.context["ap"]
    assert ap is not None
    assert (ap.overall.attended, ap.overall.possible) == (10, 14)
    assert ap.percentage == "71.4%"
    rows = {r.week_of: r for r in page.context["rows"]}
    assert rows[D(2026, 2, 23)].ap == "80.0% (8 of 10)"
    assert rows[D(2026, 2, 2)].ap == "No AP sessions"
    assert "71.4% (10 of 14 sessions, from the provider's register)" in content(page)


# Interventions --------------------------------------------------------------------------------


def intervention_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": SupportIntervention.Kind.KEY_WORKER,
        "description": "",
        "who": "Fictional pastoral lead",
        **date_parts("from_date", D(2026, 2, 2)),
        **date_parts("to_date", None),
    }
    return data | overrides


def test_the_school_adds_and_changes_an_intervention(county, school, plan):
    response = school.post(url("intervention_add", plan.pk), intervention_form())
    assert response.status_code == 302
    added = SupportIntervention.objects.get(plan=plan)
    assert added.kind == "key_worker"
    assert added.to_date is None
    page = school.get(url("detail", plan.pk))
    assert on_page(page, "Key worker check-in")
    assert on_page(page, "Ongoing")
    response = school.post(
        url("intervention_edit", added.pk),
        intervention_form(**date_parts("to_date", D(2026, 2, 27))),
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.to_date == D(2026, 2, 27)
    events = AuditEvent.objects.filter(target_type="offers.supportintervention")
    assert sorted(e.verb for e in events) == ["create", "update"]
    assert events.get(verb="update").changes == ["to_date"]


def test_other_needs_a_description(school, plan):
    response = school.post(url("intervention_add", plan.pk), intervention_form(kind="other"))
    assert_govuk_error(response, "Enter a description of the intervention")
    response = school.post(
        url("intervention_add", plan.pk),
        intervention_form(kind="other", description="Fictional: a breakfast club place"),
    )
    assert response.status_code == 302
    page = school.get(url("detail", plan.pk))
    assert on_page(page, "Fictional: a breakfast club place")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": ""}, "Select what the intervention is"),
        ({"kind": "magic"}, "Select what the intervention is"),
        ({"who": ""}, "Enter who does it"),
        (date_parts("from_date", None), "Enter the date the intervention starts"),
        (
            date_parts("to_date", D(2026, 2, 1)),
            "The end date must be on or after the start date",
        ),
    ],
)
def test_bad_interventions_are_refused(school, plan, overrides, message):
    response = school.post(url("intervention_add", plan.pk), intervention_form(**overrides))
    assert_govuk_error(response, message)
    assert not SupportIntervention.objects.exists()


def test_another_schools_intervention_is_404(county, persona_client, plan):
    item = intervention(plan)
    response = persona_client("school_b").post(
        url("intervention_edit", item.pk), intervention_form(who="Someone else")
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.who == "Fictional key worker, pastoral team"
