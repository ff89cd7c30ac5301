"""Setting a placement up, its details, timetable, page and the list."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.calendar.days import calendar_for
from inclusion.calendar.models import Closure, Term
from inclusion.forums.models import Outcome
from inclusion.placements.models import Placement, PlacementSession, PlacementStatus
from tests.factories import ProviderFactory, PupilFactory, SchoolFactory
from tests.helpers import assert_govuk_error, content, edit_version, on_page
from tests.placements.factories_placements import (
    county_placement,
    placement_decision,
    placement_form_data,
    school_placement,
    site_of,
    today,
)

pytestmark = pytest.mark.django_db
Status = Placement.Status


def from_decision_url(decision) -> str:
    return reverse("placements:create_from_decision", kwargs={"decision_pk": decision.pk})


def create_url(pupil) -> str:
    return f"{reverse('placements:create')}?pupil={pupil.pk}"


def counts() -> tuple[int, int, int, int]:
    return (
        Placement.objects.count(),
        PlacementStatus.objects.count(),
        PlacementSession.objects.count(),
        AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEW).count(),
    )


# From a forum decision ---------------------------------------------------------------------


def test_a_coordinator_turns_a_programme_management_decision_into_a_tier_4_placement(
    county, persona_client
):
    decision = placement_decision(county)
    referral = decision.agenda_item.referral
    site = site_of(county.provider)
    client = persona_client("coordinator")
    assert client.get(from_decision_url(decision)).status_code == 200
    response = client.post(from_decision_url(decision), placement_form_data(site))
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:timetable", kwargs={"pk": placement.pk})
    assert placement.status == Status.PROPOSED
    assert placement.commissioner == Placement.Commissioner.PARTNERSHIP
    assert placement.programme_management
    assert (placement.referral, placement.decision) == (referral, decision)
    assert (placement.school, placement.partnership) == (referral.school, county.partnership)
    assert placement.pupil == county.pupil_a
    assert placement.site == site
    assert placement.pack_fields == ["preferred_name", "year_group"]
    assert str(placement.price) == "45.50"
    assert placement.created_by == county.memberships["coordinator"].user
    assert [row.status for row in placement.history.all()] == [Status.PROPOSED]
    event = AuditEvent.objects.get(target_id=str(placement.pk))
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.pupil_id == county.pupil_a.pk
    assert "Fictional" not in " ".join(event.changes)


def test_an_ap_placement_decision_makes_a_placement_that_is_not_tier_4(county, persona_client):
    decision = placement_decision(county, outcome=Outcome.AP_PLACEMENT)
    persona_client("coordinator").post(
        from_decision_url(decision), placement_form_data(site_of(county.provider))
    )
    assert not Placement.objects.get().programme_management


def test_other_outcomes_do_not_commission_a_placement(county, persona_client):
    decision = placement_decision(county, outcome=Outcome.ADVICE)
    assert persona_client("coordinator").get(from_decision_url(decision)).status_code == 404


def test_another_partnerships_decision_is_not_found(county, persona_client):
    decision = placement_decision(county)
    meeting = decision.agenda_item.meeting
    meeting.partnership = county.other_partnership
    meeting.save()
    assert persona_client("coordinator").get(from_decision_url(decision)).status_code == 404


@pytest.mark.parametrize("persona", ["school_a", "chair", "la_officer", "provider"])
def test_only_the_coordinator_sets_up_a_placement_from_a_decision(county, persona_client, persona):
    decision = placement_decision(county)
    assert persona_client(persona).get(from_decision_url(decision)).status_code == 404
    response = persona_client(persona).post(
        from_decision_url(decision), placement_form_data(site_of(county.provider))
    )
    assert response.status_code == 404
    assert Placement.objects.count() == 0


BAD_PLACEMENTS = [
    ({"site": ""}, "Select the provider and site"),
    ({"site": "not-a-uuid"}, "Select a provider and site from the list"),
    ({"site": str(uuid.uuid4())}, "Select a provider and site from the list"),
    ({"category": ""}, "Select the Ofsted category"),
    ({"category": "d"}, "Select the Ofsted category"),
    ({"purpose": "  "}, "Enter the purpose of the placement"),
    ({"objectives": ""}, "Enter the objectives of the placement"),
    ({"start_date_day": "", "start_date_month": "", "start_date_year": ""}, "Enter the start date"),
    ({"start_date_day": "31", "start_date_month": "2"}, "Start date must be a real date"),
    (
        {"target_end_date_day": "", "target_end_date_month": "", "target_end_date_year": ""},
        "Enter the target end date",
    ),
    ({"price": "lots"}, "Enter the price as a number, like 45 or 45.50"),
    ({"price": "-1"}, "The price must be 0 or more"),
    ({"price": "12.345"}, "The price must be in pounds and pence, like 45.50"),
    ({"price_unit": ""}, "Select how the price is charged"),
    ({"price_unit": "month"}, "Select how the price is charged"),
    ({"price": ""}, "Enter the price"),
    ({"pack_fields": ["upn"]}, "Select information to share from the list"),
    ({"purpose": "x" * 5001}, "Purpose of the placement must be 5,000 characters or fewer"),
]


@pytest.mark.parametrize(("change", "message"), BAD_PLACEMENTS)
def test_bad_placement_details_write_nothing(county, persona_client, change, message):
    decision = placement_decision(county)
    before = counts()
    response = persona_client("coordinator").post(
        from_decision_url(decision), placement_form_data(site_of(county.provider), **change)
    )
    assert_govuk_error(response, message)
    assert counts() == before


def test_the_target_end_date_must_be_after_the_start(county, persona_client):
    decision = placement_decision(county)
    start = today() + dt.timedelta(days=7)
    data = placement_form_data(site_of(county.provider))
    data.update(
        target_end_date_day=str(start.day),
        target_end_date_month=str(start.month),
        target_end_date_year=str(start.year),
    )
    response = persona_client("coordinator").post(from_decision_url(decision), data)
    assert_govuk_error(response, "The target end date must be after the start date")
    assert Placement.objects.count() == 0


def test_only_active_sites_of_active_providers_are_offered(county, persona_client):
    decision = placement_decision(county)
    active = site_of(county.provider)
    closed_site = site_of(county.provider)
    closed_site.is_active = False
    closed_site.save()
    closed_provider = site_of(ProviderFactory.create(name="Gone Away Farm", is_active=False))
    response = persona_client("coordinator").get(from_decision_url(decision))
    html = content(response)
    assert str(active.pk) in html
    assert str(closed_site.pk) not in html
    assert str(closed_provider.pk) not in html
    response = persona_client("coordinator").post(
        from_decision_url(decision), placement_form_data(closed_site)
    )
    assert_govuk_error(response, "Select a provider and site from the list")


# Commissioned by the school ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["school_a", "coordinator"])
def test_a_school_commissions_a_placement_from_the_pupil_page(county, persona_client, persona):
    client = persona_client(persona)
    assert client.get(create_url(county.pupil_a)).status_code == 200
    data = placement_form_data(
        site_of(county.provider), commissioning_agreement="Fictional: two days a week, reviewed"
    )
    response = client.post(create_url(county.pupil_a), data)
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert placement.commissioner == Placement.Commissioner.SCHOOL
    assert placement.school == county.school_a
    assert placement.partnership is None
    assert placement.referral is None
    assert not placement.programme_management
    assert placement.commissioning_agreement == "Fictional: two days a week, reviewed"
    assert placement.status == Status.PROPOSED
    assert AuditEvent.objects.filter(
        target_id=str(placement.pk), verb=AuditEvent.Verb.CREATE
    ).exists()


def test_a_school_placement_needs_the_commissioning_agreement(county, persona_client):
    response = persona_client("school_a").post(
        create_url(county.pupil_a), placement_form_data(site_of(county.provider))
    )
    assert_govuk_error(response, "Enter the school's commissioning agreement")
    assert Placement.objects.count() == 0


@pytest.mark.parametrize(
    "query", ["", "?pupil=", "?pupil=not-a-uuid", "?pupil=00000000-0000-4000-8000-000000000000"]
)
def test_the_school_form_needs_a_pupil_it_can_see(county, persona_client, query):
    response = persona_client("school_a").get(reverse("placements:create") + query)
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["school_b", "chair", "la_officer", "virtual_school"])
def test_others_cannot_commission_for_the_pupil(county, persona_client, persona):
    data = placement_form_data(site_of(county.provider), commissioning_agreement="Fictional")
    assert persona_client(persona).post(create_url(county.pupil_a), data).status_code == 404
    assert Placement.objects.count() == 0


# Changing the details ----------------------------------------------------------------------


def edit_url(placement) -> str:
    return reverse("placements:edit", kwargs={"pk": placement.pk})


def test_a_proposed_placements_details_change_and_are_audited(county, persona_client):
    placement = county_placement(county)
    other_site = site_of(ProviderFactory.create(name="Farm Start"))
    data = placement_form_data(other_site, purpose="Fictional: changed purpose")
    client = persona_client("coordinator")
    response = client.post(edit_url(placement), data | edit_version(client, edit_url(placement)))
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.site, placement.purpose) == (other_site, "Fictional: changed purpose")
    event = AuditEvent.objects.filter(target_id=str(placement.pk)).latest("at")
    assert "site" in event.changes
    assert "purpose" in event.changes


def test_an_agreed_placements_details_are_locked(county, persona_client):
    placement = county_placement(county, status=Status.AGREED)
    client = persona_client("coordinator")
    assert on_page(client.get(edit_url(placement)), "its details can no longer be changed")
    data = placement_form_data(site_of(county.provider), purpose="Fictional: sneaky change")
    response = client.post(edit_url(placement), data)
    assert_govuk_error(response, "The placement is agreed, so its details can no longer")
    placement.refresh_from_db()
    assert placement.purpose != "Fictional: sneaky change"


def test_the_school_changes_its_own_placement_but_not_the_partnerships(county, persona_client):
    own = school_placement(county)
    theirs = county_placement(county)
    client = persona_client("school_a")
    assert client.get(edit_url(own)).status_code == 200
    assert client.get(edit_url(theirs)).status_code == 404


def test_a_bad_edit_writes_nothing(county, persona_client):
    placement = county_placement(county)
    before = counts()
    response = persona_client("coordinator").post(
        edit_url(placement), placement_form_data(site_of(county.provider), category="")
    )
    assert_govuk_error(response, "Select the Ofsted category")
    assert counts() == before


# The timetable -----------------------------------------------------------------------------


def timetable_url(placement) -> str:
    return reverse("placements:timetable", kwargs={"pk": placement.pk})


def session(weekday: int = 0, starts: str = "09:00", ends: str = "12:00", **more: str):
    return {"weekday": str(weekday), "starts_at": starts, "ends_at": ends, **more}


def use_term(county, *, school_days_from: int = -10, until: int = 40) -> int:
    """Replace the county's terms with one around today; its school days."""
    Closure.objects.filter(local_authority=county.la).delete()
    Term.objects.filter(local_authority=county.la).delete()
    starts = today() + dt.timedelta(days=school_days_from)
    term = Term.objects.create(
        local_authority=county.la,
        academic_year=starts.year if starts.month >= 8 else starts.year - 1,
        name="Test term",
        starts_on=starts,
        ends_on=today() + dt.timedelta(days=until),
    )
    return calendar_for(county.la).term_school_days(term)


def test_sessions_are_added_with_hours_and_costs(county, persona_client):
    days = use_term(county)
    placement = county_placement(county, price="45.50", price_unit="session")
    client = persona_client("coordinator")
    assert client.post(timetable_url(placement), session(0, "09:00", "12:00")).status_code == 302
    assert client.post(timetable_url(placement), session(0, "13:00", "15:30")).status_code == 302
    assert client.post(timetable_url(placement), session(2, "09:30", "12:00")).status_code == 302
    assert placement.sessions.count() == 3
    response = client.get(timetable_url(placement))
    html = content(response)
    assert "8 hours a week" in html
    assert "£136.50" in html  # 3 sessions at £45.50
    termly = 136.5 * days / 5
    assert f"£{termly:,.2f}" in html
    assert AuditEvent.objects.filter(target_id=str(placement.pk), changes=["sessions"]).count() == 3
    detail = client.get(reverse("placements:detail", kwargs={"pk": placement.pk}))
    assert "8 hours a week" in content(detail)
    assert "£136.50" in content(detail)


def test_a_price_per_day_counts_distinct_days(county, persona_client):
    placement = county_placement(county, price="80", price_unit="day")
    client = persona_client("coordinator")
    for data in (session(0, "09:00", "12:00"), session(0, "13:00", "15:00"), session(1)):
        client.post(timetable_url(placement), data)
    assert "£160.00" in content(client.get(timetable_url(placement)))


def test_without_term_dates_the_termly_cost_is_not_available(county, persona_client):
    Closure.objects.filter(local_authority=county.la).delete()
    Term.objects.filter(local_authority=county.la).delete()
    placement = county_placement(county, price="300", price_unit="week", hours=10)
    response = persona_client("coordinator").get(timetable_url(placement))
    assert response.status_code == 200
    assert "£300.00" in content(response)
    assert on_page(response, "Not available: the school calendar has no term dates")


def test_a_session_is_removed(county, persona_client):
    placement = county_placement(county, hours=12)
    first = placement.sessions.all()[0]
    response = persona_client("coordinator").post(timetable_url(placement), {"remove": first.pk})
    assert response.status_code == 302
    assert placement.sessions.count() == 1
    assert AuditEvent.objects.filter(target_id=str(placement.pk), changes=["sessions"]).exists()


@pytest.mark.parametrize("value", ["not-a-uuid", ""])
def test_removing_nonsense_is_not_found(county, persona_client, value):
    placement = county_placement(county, hours=12)
    response = persona_client("coordinator").post(timetable_url(placement), {"remove": value})
    assert response.status_code == 404
    assert placement.sessions.count() == 2


def test_removing_another_placements_session_does_nothing(county, persona_client):
    placement = county_placement(county, hours=6)
    other = county_placement(county, hours=6)
    session_of_other = other.sessions.get()
    persona_client("coordinator").post(timetable_url(placement), {"remove": session_of_other.pk})
    assert other.sessions.count() == 1


BAD_SESSIONS = [
    ({"weekday": ""}, "Select the day"),
    ({"weekday": "5"}, "Select the day"),
    ({"weekday": "monday"}, "Select the day"),
    ({"starts_at": ""}, "Enter the start time"),
    ({"starts_at": "9am-ish"}, "Enter the start time as a time, like 09:30"),
    ({"ends_at": "25:00"}, "Enter the end time as a time, like 09:30"),
    ({"starts_at": "12:00", "ends_at": "09:00"}, "The end time must be after the start time"),
    ({"starts_at": "12:00", "ends_at": "12:00"}, "The end time must be after the start time"),
    ({"starts_at": "11:00", "ends_at": "13:00"}, "The session overlaps the Monday session"),
]


@pytest.mark.parametrize(("change", "message"), BAD_SESSIONS)
def test_bad_sessions_write_nothing(county, persona_client, change, message):
    placement = county_placement(county, hours=3)  # Monday 09:00 to 12:00
    before = counts()
    response = persona_client("coordinator").post(
        timetable_url(placement), {**session(0, "13:00", "15:00"), **change}
    )
    assert_govuk_error(response, message)
    assert counts() == before


def test_an_ended_placements_timetable_is_fixed(county, persona_client):
    placement = county_placement(county, status=Status.ENDED, hours=6)
    client = persona_client("coordinator")
    assert on_page(client.get(timetable_url(placement)), "its timetable can no longer be changed")
    before = counts()
    response = client.post(timetable_url(placement), session(3))
    assert_govuk_error(response, "The placement has ended, so its timetable can no longer be")
    response = client.post(timetable_url(placement), {"remove": placement.sessions.all()[0].pk})
    assert_govuk_error(response, "The placement has ended, so its timetable can no longer be")
    assert counts() == before


def test_more_hours_on_an_agreed_placement_face_the_registration_test(county, persona_client):
    from tests.placements.factories import place

    site = site_of(county.provider)
    for _ in range(4):
        place(site=site, hours=25, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, status=Status.AGREED, hours=18)
    before = counts()
    response = persona_client("coordinator").post(timetable_url(placement), session(4))
    assert_govuk_error(
        response, "Adding this session would make Skills Barn meet the registration test"
    )
    assert counts() == before


def test_the_school_cannot_change_the_partnerships_timetable(county, persona_client):
    placement = county_placement(county)
    response = persona_client("school_a").post(timetable_url(placement), session(1))
    assert response.status_code == 404
    assert placement.sessions.count() == 0


# The placement page ------------------------------------------------------------------------


def detail_url(placement) -> str:
    return reverse("placements:detail", kwargs={"pk": placement.pk})


def test_the_placement_page_shows_summary_guards_history_and_actions(county, persona_client):
    placement = county_placement(county, programme_management=True, hours=10)
    response = persona_client("coordinator").get(detail_url(placement))
    assert response.status_code == 200
    html = content(response)
    for text in (
        county.pupil_a.display_name,
        "Skills Barn: The yard",
        "Tier 4 Programme Management",
        "Registration test",
        "Provider compliance",
        "Standard Risk Assessment",
        "Agree the placement",
        "Record that it is not going ahead",
        "10 hours a week",
        "Proposed",
    ):
        assert text in html, text
    assert reverse("placements:transition", kwargs={"pk": placement.pk, "to": "agreed"}) in html
    assert "Virtual School" not in html


def test_the_page_says_what_blocks_the_next_step(county, persona_client):
    county.provider.evidence_expires_on = today() - dt.timedelta(days=2)
    county.provider.save()
    placement = county_placement(county)
    html = content(persona_client("coordinator").get(detail_url(placement)))
    assert "Stops it being agreed" in html
    assert "compliance evidence has lapsed" in html
    officer = content(persona_client("la_officer").get(detail_url(placement)))
    assert reverse("placements:override_compliance", kwargs={"pk": placement.pk}) in officer
    assert "Agree the placement" not in officer  # the officer reads, the co-ordinator moves it


def test_provider_staff_never_see_the_placement_page(county, persona_client):
    placement = county_placement(county, status=Status.ACTIVE)
    assert persona_client("provider").get(detail_url(placement)).status_code == 404


@pytest.mark.parametrize("persona", ["school_b", "virtual_school", "governance", "service_admin"])
def test_the_placement_page_is_not_found_outside_scope(county, persona_client, persona):
    placement = county_placement(county)
    assert persona_client(persona).get(detail_url(placement)).status_code == 404


# The list ----------------------------------------------------------------------------------


LIST = reverse("placements:list")


def test_the_list_shows_what_the_membership_may_see(county, persona_client):
    mine = county_placement(county)
    pupil_c = county.pupil_c_looked_after
    theirs = county_placement(county, pupil=pupil_c)
    coordinator = content(persona_client("coordinator").get(LIST))
    assert detail_url(mine) in coordinator
    assert detail_url(theirs) not in coordinator
    assert detail_url(mine) not in content(persona_client("school_b").get(LIST))
    virtual = content(persona_client("virtual_school").get(LIST))
    assert detail_url(theirs) in virtual
    assert detail_url(mine) not in virtual


def test_provider_staff_do_not_get_the_list(county, persona_client):
    county_placement(county, status=Status.ACTIVE)
    assert persona_client("provider").get(LIST).status_code == 404


def test_the_list_filters(county, persona_client):
    farm = ProviderFactory.create(name="Farm Start")
    proposed = county_placement(county)
    active_c = county_placement(
        county,
        status=Status.ACTIVE,
        site=site_of(farm),
        category=Placement.Category.SHORT_TERM,
        pupil=county.pupil_b,
    )
    client = persona_client("coordinator")

    def listed(**params):
        html = content(client.get(LIST, params))
        return {p for p in (proposed, active_c) if detail_url(p) in html}

    assert listed() == {proposed, active_c}
    assert listed(status="active") == {active_c}
    assert listed(category="c") == {active_c}
    assert listed(provider=str(farm.pk)) == {active_c}
    assert listed(school=str(county.school_a.pk)) == {proposed}
    assert listed(status="proposed", school=str(county.school_b.pk)) == set()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "lost"}, "Select a status from the list"),
        ({"category": "z"}, "Select an Ofsted category from the list"),
        ({"provider": "nonsense"}, "Select a provider from the list"),
        ({"school": str(uuid.uuid4())}, "Select a school from the list"),
    ],
)
def test_bad_filters_say_what_is_wrong(county, persona_client, params, message):
    county_placement(county)
    response = persona_client("coordinator").get(LIST, params)
    assert_govuk_error(response, message)
    assert response.context["page"].paginator.count == 0


def test_a_school_outside_scope_is_not_a_filter_choice(county, persona_client):
    county_placement(county, pupil=county.pupil_c_looked_after)
    response = persona_client("coordinator").get(LIST, {"school": str(county.school_c.pk)})
    assert_govuk_error(response, "Select a school from the list")


def add_placements(county, count: int) -> None:
    school = SchoolFactory.create(partnership=county.partnership)
    for n in range(count):
        farm = ProviderFactory.create(name=f"Farm {n}")
        county_placement(
            county,
            pupil=PupilFactory.create(school=school),
            site=site_of(farm),
            hours=6,
            status=Status.ACTIVE if n % 2 else Status.PROPOSED,
        )


def list_queries(client, params=None) -> int:
    client.get(LIST, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("persona", "params"),
    [
        ("coordinator", None),
        ("coordinator", {"status": "active"}),
        ("la_officer", None),
        ("school_a", None),
    ],
)
def test_the_list_keeps_a_constant_query_count(county, persona_client, persona, params):
    client = persona_client(persona)
    add_placements(county, 3)
    small = list_queries(client, params)
    add_placements(county, 27)
    assert list_queries(client, params) == small
