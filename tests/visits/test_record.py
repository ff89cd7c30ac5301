"""Recording a visit (issue 7, part 1): the form, the checklist, the audit trail, a concern to the
co-ordinator without personal data, bad input and scope; and the visit's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.notifications.models import Notification
from inclusion.placements.models import Placement
from inclusion.visits.models import CHECKLIST, Visit
from inclusion.visits.services import VisitDateError, VisitDetails, visit_record
from tests.factories import PupilFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.visits.factories import AUTUMN_STARTED, TODAY, placement_of, visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def record_url(placement: Placement) -> str:
    return reverse("visits:record", kwargs={"pk": placement.pk})


def detail_url(made: Visit) -> str:
    return reverse("visits:detail", kwargs={"pk": made.pk})


def form_data(**overrides: Any) -> dict[str, str]:
    data = {
        **date_parts("visited_on", dt.date(2026, 11, 20)),
        "visitor_name": "Dana Whitlock, Head of Year 10",
        **{name: "yes" for name, _ in CHECKLIST},
        "notes": "Fictional: saw the pupil in the workshop.",
        "concerns": "",
        "follow_up": "Fictional: ask for the register weekly.",
    }
    data.update(overrides)
    return data


def personal_details(pupil: Any) -> list[str]:
    return [
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.upn,
        pupil.date_of_birth.isoformat(),
        pupil.postcode,
    ]


# The happy path -------------------------------------------------------------------------------


def test_the_form_offers_the_signed_in_users_name(county, persona_client):
    placement = placement_of(county)
    page = persona_client("school_a").get(record_url(placement))
    assert page.status_code == 200
    assert county.memberships["school_a"].user.full_name in content(page)
    for _, question in CHECKLIST:
        assert on_page(page, question)


def test_school_staff_record_a_visit(county, persona_client):
    placement = placement_of(county)
    response = persona_client("school_a").post(
        record_url(placement), form_data(register_agrees="no")
    )
    made = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(made)
    assert made.placement == placement
    assert made.visited_on == dt.date(2026, 11, 20)
    assert made.visitor_name == "Dana Whitlock, Head of Year 10"
    assert made.recorded_by == county.memberships["school_a"].user
    assert made.register_agrees is False
    assert made.pupil_seen is True
    assert made.health_and_safety is True
    assert not made.has_concern
    assert Notification.objects.count() == 0

    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE)
    assert event.target_type == "visits.visit"
    assert event.target_id == str(made.pk)
    assert event.pupil_id == county.pupil_a.pk
    assert "visited_on" in event.changes
    assert "register_agrees" in event.changes
    assert "concerns" not in event.changes  # left empty
    assert all("Dana" not in change for change in event.changes)


def test_the_coordinator_records_a_visit_too(county, persona_client):
    placement = placement_of(county, pupil=county.pupil_b)
    response = persona_client("coordinator").post(record_url(placement), form_data())
    assert response.status_code == 302
    assert Visit.objects.get().recorded_by == county.memberships["coordinator"].user


def test_a_concern_notifies_the_coordinator_without_personal_data(
    county, persona_client, django_capture_on_commit_callbacks
):
    placement = placement_of(county)
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client("school_a").post(
            record_url(placement),
            form_data(concerns="Fictional: the pupil said they were left alone at lunch."),
        )
    made = Visit.objects.get()
    assert response.status_code == 302
    assert made.has_concern
    coordinator = county.memberships["coordinator"]
    notification = Notification.objects.get()
    assert notification.membership == coordinator
    assert notification.message == "A concern was raised on a visit to a placement at Skills Barn"
    assert notification.url == detail_url(made)
    assert [m.to for m in mail.outbox] == [[coordinator.user.email]]
    email = mail.outbox[0]
    text = f"{email.subject}\n{email.body}"
    assert settings.SERVICE_URL.rstrip("/") + detail_url(made) in email.body
    for detail in [*personal_details(county.pupil_a), "left alone", "Dana"]:
        assert detail not in text, detail
        assert detail not in notification.message, detail
    page = persona_client("school_a").get(detail_url(made))
    assert on_page(page, "Concern raised")


def test_a_visit_may_be_recorded_late_for_an_ended_placement(county):
    placement = placement_of(
        county, status=Placement.Status.ENDED, end_date=dt.date(2026, 11, 13), end_reason="moved"
    )
    details = VisitDetails(
        visited_on=dt.date(2026, 11, 12),
        visitor_name="Dana Whitlock",
        pupil_seen=True,
        register_agrees=True,
        safeguarding_known=True,
        work_seen=True,
        targets_discussed=False,
        health_and_safety=True,
    )
    school = county.memberships["school_a"]
    made = visit_record(actor=school.user, membership=school, placement=placement, details=details)
    assert made.targets_discussed is False
    with pytest.raises(VisitDateError):
        visit_record(
            actor=school.user,
            membership=school,
            placement=placement,
            details=VisitDetails(**{**details.__dict__, "visited_on": dt.date(2026, 11, 16)}),
        )


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (date_parts("visited_on", TODAY + dt.timedelta(days=1)), "today or in the past"),
        (
            date_parts("visited_on", AUTUMN_STARTED - dt.timedelta(days=1)),
            "on or after the day the placement started",
        ),
        (date_parts("visited_on", None), "Enter the date of the visit"),
        (
            {"visited_on_day": "31", "visited_on_month": "2"},
            "Date of the visit must be a real date",
        ),
        ({"visitor_name": "  "}, "Enter who visited"),
        (
            {"pupil_seen": ""},
            "Select yes if the pupil was seen and spoken to, or no if not",
        ),
        (
            {"health_and_safety": "maybe"},
            "Select yes if health and safety was observed, or no if not",
        ),
        ({"concerns": "x" * 5001}, "Concerns must be 5,000 characters or fewer"),
    ],
)
def test_bad_input_gets_a_govuk_error_and_nothing_is_written(
    county, persona_client, overrides, message
):
    placement = placement_of(county)
    response = persona_client("school_a").post(record_url(placement), form_data(**overrides))
    assert_govuk_error(response, message)
    assert not Visit.objects.exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CREATE).exists()


def test_a_missing_checklist_answer_is_refused(county, persona_client):
    placement = placement_of(county)
    data = form_data()
    del data["safeguarding_known"]
    response = persona_client("school_a").post(record_url(placement), data)
    assert_govuk_error(
        response,
        "Select yes if the safeguarding arrangements and the provider's DSL are known, "
        "or no if not",
    )
    assert not Visit.objects.exists()


# Scope ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["school_b", "chair", "provider", "virtual_school", "la_officer", "governance"]
)
def test_others_cannot_record_a_visit(county, persona_client, name):
    placement = placement_of(county)
    client = persona_client(name)
    assert client.get(record_url(placement)).status_code == 404
    assert client.post(record_url(placement), form_data()).status_code == 404
    assert not Visit.objects.exists()


def test_another_partnerships_coordinator_or_a_proposed_placement_is_404(county, persona_client):
    other = placement_of(county, pupil=PupilFactory.create(school=county.school_c))
    proposed = placement_of(county, status=Placement.Status.PROPOSED)
    coordinator = persona_client("coordinator")
    assert coordinator.post(record_url(other), form_data()).status_code == 404
    assert persona_client("school_a").post(record_url(proposed), form_data()).status_code == 404
    assert not Visit.objects.exists()


# The visit's page -----------------------------------------------------------------------------


def test_the_visit_page_shows_the_checklist_and_writes_one_view_event(county, persona_client):
    placement = placement_of(county)
    made = visit(
        placement,
        dt.date(2026, 11, 20),
        by=county.memberships["school_a"].user,
        work_seen=False,
    )
    made.follow_up = "Fictional: call the provider on Monday."
    made.save()
    page = persona_client("school_a").get(detail_url(made))
    assert page.status_code == 200
    assert on_page(page, "Visit on 20 November 2026")
    assert on_page(page, "The pupil's work and curriculum were seen")
    assert on_page(page, "Fictional: call the provider on Monday.")
    html = content(page)
    assert html.count(">Yes</strong>") == 5
    assert html.count(">No</strong>") == 1
    views = AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW, target_id=str(made.pk))
    assert views.count() == 1
    assert views.get().pupil_id == county.pupil_a.pk


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("school_a", 200),
        ("coordinator", 200),
        ("chair", 200),
        ("la_officer", 200),
        ("school_b", 404),
        ("provider", 404),
        ("virtual_school", 404),  # pupil_a is not looked after
        ("governance", 404),
        ("service_admin", 404),
    ],
)
def test_who_reads_a_visit(county, persona_client, name, status):
    made = visit(
        placement_of(county), dt.date(2026, 11, 20), by=county.memberships["school_a"].user
    )
    assert persona_client(name).get(detail_url(made)).status_code == status
    if status == 404:
        assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW).exists()


def test_the_virtual_school_reads_visits_to_its_looked_after_pupils(county, persona_client):
    pupil = county.pupil_c_looked_after
    made = visit(
        placement_of(county, pupil=pupil),
        dt.date(2026, 11, 20),
        by=county.memberships["la_officer"].user,
    )
    assert persona_client("virtual_school").get(detail_url(made)).status_code == 200
    # The other partnership's pupil: not the county partnership's co-ordinator's.
    assert persona_client("coordinator").get(detail_url(made)).status_code == 404
