"""Progress notes and incidents recorded by the provider (issue 5, part 5): an incident tells
the school and the partnership's co-ordinators at once, without the pupil's details."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.notifications.models import Notification
from inclusion.placements.models import Placement, ProviderNote
from inclusion.placements.services.notes import (
    NoteDateInFutureError,
    NoteDetails,
    NoteNotAllowedError,
    note_record,
)
from tests.factories import UserFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.placements.factories_provider import note, other_site, provider_placement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def add_url(placement: Placement) -> str:
    return reverse("placements:note_add", kwargs={"pk": placement.pk})


def notes_url(placement: Placement) -> str:
    return reverse("placements:notes", kwargs={"pk": placement.pk})


def note_form(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "progress",
        **date_parts("occurred_on", TODAY),
        "text": "Fictional: finished the first woodwork project.",
        "action_taken": "",
    }
    data.update(overrides)
    return data


def incident_form(**overrides: str) -> dict[str, str]:
    incident = {
        "kind": "incident",
        "text": "Fictional: left the site at lunchtime without permission.",
        "action_taken": "Fictional: phoned the school's DSL and the parent.",
    }
    return note_form(**{**incident, **overrides})


def personal_details(pupil) -> list[str]:
    return [
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.upn,
        pupil.date_of_birth.isoformat(),
        pupil.postcode,
    ]


@pytest.fixture
def placement(county):
    return provider_placement(county)


@pytest.fixture
def provider(persona_client):
    return persona_client("provider")


def nothing_written() -> bool:
    return (
        not ProviderNote.objects.exists()
        and not Notification.objects.exists()
        and not AuditEvent.objects.filter(target_type="placements.providernote").exists()
    )


# --- Recording -------------------------------------------------------------------------------


def test_the_form_opens_with_todays_date(provider, placement):
    response = provider.get(add_url(placement))
    assert response.status_code == 200
    assert on_page(response, "Record a progress note or incident")
    assert f'value="{TODAY.year}"' in content(response)


def test_a_progress_note_is_recorded_and_audited_without_notifying(county, provider, placement):
    response = provider.post(add_url(placement), note_form())

    assert response.status_code == 302
    assert response["Location"] == reverse("placements:pack", kwargs={"pk": placement.pk})
    saved = ProviderNote.objects.get()
    assert (saved.placement, saved.kind, saved.occurred_on) == (placement, "progress", TODAY)
    assert saved.text == "Fictional: finished the first woodwork project."
    assert saved.recorded_by == county.memberships["provider"].user
    event = AuditEvent.objects.get(target_type="placements.providernote")
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.pupil_id == county.pupil_a.pk
    assert set(event.changes) == {"kind", "occurred_on", "text"}
    assert not Notification.objects.exists()
    # It is listed on the pack page for the provider.
    pack = provider.get(response["Location"])
    assert on_page(pack, "The progress note has been recorded")
    assert on_page(pack, "Fictional: finished the first woodwork project.")


def test_a_progress_note_drops_an_action_taken(provider, placement):
    provider.post(add_url(placement), note_form(action_taken="Fictional: nothing needed."))
    assert ProviderNote.objects.get().action_taken == ""


def test_an_incident_notifies_the_school_and_the_coordinator_at_once(
    county, provider, placement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = provider.post(add_url(placement), incident_form())

    assert response.status_code == 302
    saved = ProviderNote.objects.get()
    assert saved.kind == "incident"
    assert saved.action_taken == "Fictional: phoned the school's DSL and the parent."
    event = AuditEvent.objects.get(target_type="placements.providernote")
    assert set(event.changes) == {"kind", "occurred_on", "text", "action_taken"}

    expected = "An incident has been recorded for a placement at Skills Barn"
    rows = Notification.objects.all()
    assert {row.membership for row in rows} == {
        county.memberships["school_a"],
        county.memberships["coordinator"],
    }
    assert {row.message for row in rows} == {expected}
    assert {row.url for row in rows} == {notes_url(placement)}

    assert sorted(email for m in mail.outbox for email in m.to) == [
        "coordinator@example.org",
        "school_a@example.org",
    ]
    for message in mail.outbox:
        assert expected in message.subject
        assert notes_url(placement) in message.body
        for detail in [*personal_details(county.pupil_a), saved.text, saved.action_taken]:
            assert detail not in f"{message.subject} {message.body}", detail
    for row in rows:
        for detail in personal_details(county.pupil_a):
            assert detail not in row.message

    pack = provider.get(response["Location"])
    assert on_page(pack, "The incident has been recorded and the school and the partnership told")


def test_an_incident_dated_earlier_is_accepted(provider, placement):
    earlier = TODAY - dt.timedelta(days=3)
    response = provider.post(
        add_url(placement), incident_form(**date_parts("occurred_on", earlier))
    )
    assert response.status_code == 302
    assert ProviderNote.objects.get().occurred_on == earlier


def test_notes_may_be_recorded_for_a_placement_ended_in_the_last_30_days(county, provider):
    ended = provider_placement(county, status=Placement.Status.ENDED)
    assert provider.post(add_url(ended), note_form()).status_code == 302


BAD_INPUT = [
    ({"kind": ""}, "Select whether this is a progress note or an incident"),
    ({"kind": "gossip"}, "Select whether this is a progress note or an incident"),
    (date_parts("occurred_on", None), "Enter the date"),
    (
        date_parts("occurred_on", TODAY + dt.timedelta(days=1)),
        "The date must be today or in the past",
    ),
    (
        {"occurred_on_day": "31", "occurred_on_month": "2", "occurred_on_year": "2026"},
        "Date must be a real date",
    ),
    (
        {"occurred_on_day": "3", "occurred_on_month": "", "occurred_on_year": "2026"},
        "Date must include a month",
    ),
    ({"text": ""}, "Enter what happened"),
    ({"text": "   "}, "Enter what happened"),
    ({"text": "x" * 5001}, "What happened must be 5,000 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT)
def test_bad_input_writes_nothing(provider, placement, overrides, message):
    response = provider.post(add_url(placement), note_form(**overrides))
    assert_govuk_error(response, message)
    assert nothing_written()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"action_taken": ""}, "Enter the action taken"),
        ({"action_taken": "  "}, "Enter the action taken"),
        ({"action_taken": "x" * 5001}, "The action taken must be 5,000 characters or fewer"),
    ],
)
def test_an_incident_needs_the_action_taken(provider, placement, overrides, message):
    response = provider.post(add_url(placement), incident_form(**overrides))
    assert_govuk_error(response, message)
    assert nothing_written()


def test_a_post_without_fields_writes_nothing(provider, placement):
    response = provider.post(add_url(placement), {})
    assert response.status_code == 400
    assert nothing_written()


# --- Scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda county: provider_placement(county, site=other_site()),
        lambda county: provider_placement(county, status=Placement.Status.PROPOSED),
        lambda county: provider_placement(
            county,
            status=Placement.Status.ENDED,
            end_date=TODAY - dt.timedelta(days=31),
        ),
    ],
    ids=["another provider", "proposed", "ended long ago"],
)
def test_the_provider_cannot_note_a_placement_outside_scope(county, provider, make):
    placement = make(county)
    assert provider.get(add_url(placement)).status_code == 404
    assert provider.post(add_url(placement), incident_form()).status_code == 404
    assert nothing_written()


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer"])
def test_only_provider_staff_record_notes(persona_client, placement, persona):
    assert persona_client(persona).post(add_url(placement), incident_form()).status_code == 404
    assert nothing_written()


def test_the_service_refuses_other_memberships_and_future_dates(county, placement):
    details = NoteDetails(kind="progress", occurred_on=TODAY, text="Fictional.")
    school = county.memberships["school_a"]
    with pytest.raises(NoteNotAllowedError):
        note_record(actor=school.user, membership=school, placement=placement, details=details)
    staff = county.memberships["provider"]
    elsewhere = provider_placement(county, site=other_site())
    with pytest.raises(NoteNotAllowedError):
        note_record(actor=staff.user, membership=staff, placement=elsewhere, details=details)
    tomorrow = NoteDetails(kind="progress", occurred_on=TODAY + dt.timedelta(days=1), text="F.")
    with pytest.raises(NoteDateInFutureError):
        note_record(actor=staff.user, membership=staff, placement=placement, details=tomorrow)
    with pytest.raises(ValueError, match="Unknown kind"):
        note_record(
            actor=staff.user,
            membership=staff,
            placement=placement,
            details=NoteDetails(kind="gossip", occurred_on=TODAY, text="F."),
        )
    assert nothing_written()


# --- The notes list for the school and the co-ordinator --------------------------------------


@pytest.mark.parametrize("persona", ["school_a", "coordinator"])
def test_the_school_and_coordinator_read_the_notes(county, persona_client, placement, persona):
    staff = county.memberships["provider"].user
    note(placement, by=staff)
    note(placement, by=staff, kind="incident")

    response = persona_client(persona).get(notes_url(placement))

    assert response.status_code == 200
    assert on_page(response, "Progress notes and incidents")
    assert on_page(response, "Fictional: settled well in the workshop.")
    assert on_page(response, "Fictional: told the school's DSL.")
    assert on_page(response, "Incident")
    assert on_page(response, staff.full_name)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.VIEW)
    assert event.pupil_id == county.pupil_a.pk
    assert event.target_id == str(placement.pk)


def test_an_empty_notes_list_says_so(persona_client, placement):
    response = persona_client("school_a").get(notes_url(placement))
    assert on_page(response, "No progress notes or incidents have been recorded yet.")


@pytest.mark.parametrize(
    "persona", ["school_b", "provider", "chair", "la_officer", "virtual_school", "governance"]
)
def test_the_notes_list_is_404_outside_scope(persona_client, placement, persona):
    assert persona_client(persona).get(notes_url(placement)).status_code == 404
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW).exists()


def _notes_queries(client, placement) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(notes_url(placement)).status_code == 200
    return len(queries)


def test_the_notes_list_keeps_a_constant_query_count(persona_client, placement):
    client = persona_client("school_a")
    authors = [UserFactory.create() for _ in range(20)]
    for author in authors[:2]:
        note(placement, by=author)
    small = _notes_queries(client, placement)
    for author in authors[2:]:
        note(placement, by=author, kind="incident")
    assert content(client.get(notes_url(placement))).count("govuk-tag--red") == 18
    assert _notes_queries(client, placement) == small
