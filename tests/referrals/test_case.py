"""The case page of a referral and the co-ordinator's triage actions (issue 4, parts 2 and 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Role
from inclusion.audit.models import AuditEvent
from inclusion.notifications.models import Notification
from inclusion.organisations.models import LocalAuthority
from inclusion.referrals.models import Intervention, Referral, ReferralStatus, Routing, Status
from inclusion.referrals.services.lifecycle import referral_transition
from tests.conftest import client_for
from tests.factories import MembershipFactory, PartnershipFactory
from tests.helpers import assert_govuk_error, content, on_page
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def detail(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"pk": referral.pk})


def action_url(name: str, referral: Referral) -> str:
    return reverse(f"referrals:{name}", kwargs={"pk": referral.pk})


@pytest.fixture
def submitted(county) -> Referral:
    return make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], submitted_days_ago=12
    )


# Who sees the case -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "chair", "la_officer"])
def test_everyone_in_scope_sees_the_case(persona, county, persona_client, submitted):
    response = persona_client(persona).get(detail(submitted))
    assert response.status_code == 200
    pupil = county.pupil_a
    for text in (
        f"Referral {submitted.reference}",
        "Submitted",
        pupil.display_name,
        pupil.upn,
        "Brookvale Academy",
        "Inclusion Forum discussion, naming the pupil",
        "12 days ago",
        "Fictional: rising anxiety and missed lessons since the spring.",
        "Becoming withdrawn or isolated",
        "Early Help",
        "Alex Referrer, Inclusion lead",
    ):
        assert on_page(response, text), text
    assert on_page(response, timezone.localtime(submitted.submitted_at).strftime("%B %Y"))


@pytest.mark.parametrize("persona", ["school_b", "provider", "virtual_school", "governance"])
def test_others_get_404(persona, persona_client, submitted):
    assert persona_client(persona).get(detail(submitted)).status_code == 404


def test_a_coordinator_of_another_partnership_gets_404(county, submitted):
    other = MembershipFactory.create(role=Role.COORDINATOR, partnership=PartnershipFactory.create())
    assert client_for(other).get(detail(submitted)).status_code == 404


def test_reading_the_case_is_audited_with_the_pupil(county, persona_client, submitted):
    persona_client("coordinator").get(detail(submitted))
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.VIEW, target_id=str(submitted.pk))
    assert event.pupil_id == county.pupil_a.pk
    assert event.membership == county.memberships["coordinator"]
    assert event.target_type == "referrals.referral"


def test_the_history_shows_who_when_and_the_note(county, persona_client, submitted):
    coordinator = county.memberships["coordinator"]
    referral_transition(
        referral=submitted,
        to=Status.RETURNED,
        actor=coordinator.user,
        membership=coordinator,
        note="Please add the attendance for last term.",
    )
    response = persona_client("school_a").get(detail(submitted))
    html = content(response)
    assert "History" in html
    assert on_page(response, f"{coordinator.user.full_name} (Partnership co-ordinator,")
    assert on_page(response, "Please add the attendance for last term.")
    assert html.index("Returned for information") < html.rindex("Draft")  # newest first


def test_the_school_sees_the_coordinators_question(county, persona_client, submitted):
    coordinator = county.memberships["coordinator"]
    referral_transition(
        referral=submitted,
        to=Status.RETURNED,
        actor=coordinator.user,
        membership=coordinator,
        note="Which agencies have you contacted?",
    )
    response = persona_client("school_a").get(detail(submitted))
    assert "The co-ordinator's question" in content(response)
    assert on_page(response, "Which agencies have you contacted?")
    assert "Change the referral to answer the question" in content(response)


def test_interventions_are_listed(county, persona_client, submitted):
    Intervention.objects.create(
        referral=submitted,
        what="Mentoring with the pastoral lead",
        started_on=timezone.localdate().replace(day=1),
        duration="6 weeks",
        impact="Fictional: calmer mornings.",
    )
    response = persona_client("coordinator").get(detail(submitted))
    assert on_page(response, "Mentoring with the pastoral lead")
    assert on_page(response, "6 weeks")


def test_a_draft_sends_its_author_to_the_form(county, persona_client):
    draft = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status=Status.DRAFT
    )
    response = persona_client("school_a").get(detail(draft))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{draft.pk}/form/")
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW).exists()


def test_a_schools_draft_is_not_seen_by_the_coordinator(county, persona_client):
    draft = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status=Status.DRAFT
    )
    assert persona_client("coordinator").get(detail(draft)).status_code == 404


# Routing panel ---------------------------------------------------------------------------


def _routed(referral: Referral, routing: str, gss: str, name: str) -> Referral:
    referral.routing, referral.home_la_gss, referral.home_la_name = routing, gss, name
    referral.home_la = LocalAuthority.objects.filter(gss_code=gss).first()
    referral.save()
    return referral


def test_a_city_address_shows_the_city_steps(persona_client, submitted):
    _routed(submitted, Routing.CITY, "E06000016", "Leicester")
    response = persona_client("coordinator").get(detail(submitted))
    assert on_page(
        response,
        "City-address pupil: the co-ordinator arranges the transfer of support from the City",
    )
    assert on_page(response, "City address")


def test_out_of_county_is_flagged_with_the_las_name(persona_client, submitted):
    _routed(submitted, Routing.OUT_OF_COUNTY, "E06000018", "Nottingham")
    response = persona_client("coordinator").get(detail(submitted))
    assert on_page(response, "Out of county: the pupil lives in Nottingham.")
    assert on_page(response, "Out of county: Nottingham")


def test_a_county_address_says_so(persona_client, submitted):
    _routed(submitted, Routing.HOME, "E10000018", "Leicestershire")
    response = persona_client("school_a").get(detail(submitted))
    assert on_page(response, "Lives in the county: Leicestershire")
    assert not on_page(response, "Out of county")


def test_only_coordinators_and_la_officers_are_offered_to_confirm(persona_client, submitted):
    assert "Confirm the home local authority" in content(
        persona_client("la_officer").get(detail(submitted))
    )
    assert "Confirm the home local authority" not in content(
        persona_client("school_a").get(detail(submitted))
    )


def test_a_leicestershire_child_in_care_shows_the_virtual_school_step(county, persona_client):
    referral = make_referral(pupil=county.pupil_c_looked_after, by=county.memberships["school_a"])
    response = persona_client("la_officer").get(detail(referral))
    assert on_page(response, "Looked after by Leicestershire")
    assert on_page(
        response,
        "This is a Leicestershire child in care: the pupil is admitted with the "
        "Leicestershire Virtual School.",
    )


def test_a_child_in_care_of_another_la_shows_that_las_virtual_school(county, persona_client):
    pupil = county.pupil_a
    pupil.looked_after, pupil.care_la = True, LocalAuthority.objects.get(dfe_code="857")
    pupil.save()
    referral = make_referral(pupil=pupil, by=county.memberships["school_a"])
    response = persona_client("coordinator").get(detail(referral))
    assert on_page(response, "Looked after by Rutland")
    assert on_page(response, "Rutland's Virtual School is responsible for the pupil's education")
    assert not on_page(response, "child in care: the pupil is admitted")


def test_no_virtual_school_step_for_a_pupil_not_in_care(persona_client, submitted):
    assert "Virtual School" not in content(persona_client("coordinator").get(detail(submitted)))


# Triage ----------------------------------------------------------------------------------


def test_the_coordinator_sees_the_triage_buttons(persona_client, submitted):
    html = content(persona_client("coordinator").get(detail(submitted)))
    for label in ("Accept for forum", "Return for information", "Close the referral"):
        assert label in html
    for persona in ("chair", "school_a", "la_officer"):
        assert "Accept for forum" not in content(persona_client(persona).get(detail(submitted)))


def test_return_for_information(county, persona_client, submitted):
    client = persona_client("coordinator")
    assert client.get(action_url("return", submitted)).status_code == 200
    response = client.post(
        action_url("return", submitted), {"note": "  Which year group is the pupil in?  "}
    )
    assert response.status_code == 302
    assert response["Location"] == detail(submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    row = submitted.history.order_by("-at", "-id").first()
    assert row is not None
    assert (row.status, row.note, row.actor) == (
        Status.RETURNED,
        "Which year group is the pupil in?",
        county.memberships["coordinator"].user,
    )
    assert Notification.objects.filter(membership=county.memberships["school_a"]).exists()
    page = client.get(detail(submitted))
    assert on_page(page, f"Referral {submitted.reference} has been returned to the school")


def test_return_needs_a_question(county, persona_client, submitted):
    before = (ReferralStatus.objects.count(), AuditEvent.objects.count())
    response = persona_client("coordinator").post(action_url("return", submitted), {"note": " "})
    assert_govuk_error(response, "Enter your question for the school")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert (ReferralStatus.objects.count(), AuditEvent.objects.count()) == before


def test_a_note_too_long_is_refused(persona_client, submitted):
    response = persona_client("coordinator").post(
        action_url("return", submitted), {"note": "x" * 2001}
    )
    assert_govuk_error(response, "Your question for the school must be 2000 characters or fewer")


def test_accept_for_forum(persona_client, submitted):
    response = persona_client("coordinator").post(action_url("accept", submitted), {"note": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED


def test_close_needs_a_reason(persona_client, submitted):
    client = persona_client("coordinator")
    response = client.post(action_url("close", submitted), {})
    assert_govuk_error(response, "Enter the reason for closing the referral")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    response = client.post(action_url("close", submitted), {"note": "Support agreed elsewhere."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.CLOSED
    assert submitted.history.filter(status=Status.CLOSED, note="Support agreed elsewhere.").exists()


def test_a_move_not_allowed_shows_a_message_not_an_error(county, persona_client):
    accepted = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status=Status.ACCEPTED
    )
    client = persona_client("coordinator")
    page = client.get(action_url("accept", accepted))
    assert page.status_code == 200
    assert on_page(
        page, "This referral is accepted for forum, so it cannot be accepted for a forum"
    )
    assert "<form" not in content(page).split('id="main-content"')[1]
    response = client.post(action_url("accept", accepted), {"note": ""})
    assert_govuk_error(
        response, "This referral is accepted for forum, so it cannot be accepted for a forum"
    )
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_closing_a_returned_referral_is_refused(county, persona_client):
    returned = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status=Status.RETURNED
    )
    before = ReferralStatus.objects.count()
    response = persona_client("coordinator").post(
        action_url("close", returned), {"note": "No longer needed."}
    )
    assert_govuk_error(
        response, "This referral is returned for information, so it cannot be closed"
    )
    assert ReferralStatus.objects.count() == before


@pytest.mark.parametrize("name", ["return", "accept", "close"])
@pytest.mark.parametrize("persona", ["chair", "school_a", "la_officer", "school_b"])
def test_only_coordinators_triage(name, persona, persona_client, submitted):
    client = persona_client(persona)
    assert client.get(action_url(name, submitted)).status_code == 404
    assert client.post(action_url(name, submitted), {"note": "x"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_triage_out_of_scope_is_404(county, persona_client):
    elsewhere = make_referral(pupil=county.pupil_c_looked_after, by=county.memberships["school_a"])
    response = persona_client("coordinator").post(action_url("accept", elsewhere), {"note": ""})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.SUBMITTED
