"""Managed moves: recording, the trial rule, the outcome and the roll change, scope, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.moves import selectors
from inclusion.moves.models import ManagedMove
from inclusion.notifications.models import Notification
from tests.helpers import assert_govuk_error, date_parts, on_page
from tests.moves.factories import TODAY, move

D = dt.date
CREATE = reverse("moves:move_create")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _post(county, **overrides):
    data = {
        "pupil": str(county.pupil_a.pk),
        "to_school": str(county.school_b.pk),
        **date_parts("agreed_on", D(2026, 6, 1)),
        "agreed_by": "Parent, the heads of Brookvale and Fernhill",
        **date_parts("starts_on", D(2026, 6, 8)),
    }
    return data | overrides


def test_school_staff_record_a_move_and_the_receiving_school_is_told(county, persona_client):
    response = persona_client("school_a").post(CREATE, _post(county))
    created = ManagedMove.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("moves:move_detail", kwargs={"pk": created.pk})
    assert (created.from_school, created.to_school) == (county.school_a, county.school_b)
    assert created.outcome == ManagedMove.Outcome.AGREED
    assert not created.trial
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, target_id=str(created.pk))
    assert event.pupil_id == county.pupil_a.pk
    assert "agreed_by" in event.changes
    assert "Parent" not in " ".join(event.changes)
    note = Notification.objects.get(membership=county.memberships["school_b"])
    assert "Amara" not in note.message
    assert "Osei" not in note.message


def test_a_trial_cannot_be_recorded_for_a_move_agreed_from_26_july_2026(
    county, persona_client, monkeypatch
):
    monkeypatch.setattr(selectors, "today", lambda: D(2026, 9, 1))
    data = _post(county, trial="on", **date_parts("agreed_on", D(2026, 7, 26)))
    response = persona_client("school_a").post(CREATE, data)
    assert_govuk_error(
        response,
        "A managed move agreed on or after 26 July 2026 cannot be a trial: record a trial "
        "arrangement as an off-site direction",
    )
    assert not ManagedMove.objects.exists()


def test_an_older_trial_move_is_recorded_and_shown_readable(county, persona_client):
    data = _post(county, trial="on", **date_parts("agreed_on", D(2026, 3, 2)))
    persona_client("school_a").post(CREATE, data)
    created = ManagedMove.objects.get()
    assert created.trial
    page = persona_client("coordinator").get(
        reverse("moves:move_detail", kwargs={"pk": created.pk})
    )
    assert on_page(page, "This was a trial managed move, agreed before 26 July 2026")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"to_school": ""}, "Select the school the pupil moves to"),
        ({"agreed_by": ""}, "Enter who agreed the move"),
        (date_parts("agreed_on", None), "Enter the date the move was agreed"),
        (date_parts("agreed_on", D(2026, 7, 1)), "The date agreed must be today or in the past"),
        (date_parts("starts_on", None), "Enter the pupil's start date at the new school"),
        ({"pupil": "not-a-uuid"}, "Select the pupil from the list"),
    ],
)
def test_bad_input_is_a_govuk_error_and_nothing_is_written(
    county, persona_client, overrides, message
):
    response = persona_client("school_a").post(CREATE, _post(county, **overrides))
    assert_govuk_error(response, message)
    assert not ManagedMove.objects.exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CREATE).exists()


def test_a_pupil_of_another_school_cannot_be_chosen(county, persona_client):
    response = persona_client("school_a").post(CREATE, _post(county, pupil=str(county.pupil_b.pk)))
    assert_govuk_error(response, "Select the pupil from the list")


def test_completing_the_move_puts_the_pupil_on_the_new_roll_audited(county, persona_client):
    school_a = county.memberships["school_a"]
    agreed = move(county.pupil_a, county.school_b, by=school_a.user)
    url = reverse("moves:move_outcome", kwargs={"pk": agreed.pk})
    response = persona_client("school_a").post(
        url, {"outcome": "completed", **date_parts("outcome_on", D(2026, 6, 8))}
    )
    assert response.status_code == 302
    agreed.refresh_from_db()
    county.pupil_a.refresh_from_db()
    assert agreed.outcome == "completed"
    assert agreed.outcome_on == D(2026, 6, 8)
    assert county.pupil_a.school == county.school_b
    roll = AuditEvent.objects.get(target_type="pupils.pupil", verb=AuditEvent.Verb.UPDATE)
    assert roll.changes == ["school"]
    assert roll.membership == school_a
    # The old school still reads its move; the new school now sees the pupil too.
    assert (
        persona_client("school_a")
        .get(reverse("moves:move_detail", kwargs={"pk": agreed.pk}))
        .status_code
        == 200
    )
    assert (
        persona_client("school_b")
        .get(reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk}))
        .status_code
        == 200
    )


def test_a_move_that_did_not_go_ahead_leaves_the_roll_alone(county, persona_client):
    agreed = move(county.pupil_a, county.school_b, by=county.memberships["school_a"].user)
    url = reverse("moves:move_outcome", kwargs={"pk": agreed.pk})
    persona_client("school_a").post(
        url, {"outcome": "not_go_ahead", **date_parts("outcome_on", D(2026, 6, 8))}
    )
    county.pupil_a.refresh_from_db()
    assert county.pupil_a.school == county.school_a
    assert ManagedMove.objects.get().outcome == "not_go_ahead"


def test_an_outcome_before_the_agreement_is_refused(county, persona_client):
    agreed = move(county.pupil_a, county.school_b, by=county.memberships["school_a"].user)
    url = reverse("moves:move_outcome", kwargs={"pk": agreed.pk})
    response = persona_client("school_a").post(
        url, {"outcome": "completed", **date_parts("outcome_on", D(2026, 5, 1))}
    )
    assert_govuk_error(
        response, "The date of the outcome must be on or after the date the move was agreed"
    )
    county.pupil_a.refresh_from_db()
    assert county.pupil_a.school == county.school_a


def test_the_receiving_school_reads_but_cannot_record_the_outcome(county, persona_client):
    agreed = move(county.pupil_a, county.school_b, by=county.memberships["school_a"].user)
    client = persona_client("school_b")
    page = client.get(reverse("moves:move_detail", kwargs={"pk": agreed.pk}))
    assert page.status_code == 200
    assert not on_page(page, "Record the outcome")
    url = reverse("moves:move_outcome", kwargs={"pk": agreed.pk})
    response = client.post(url, {"outcome": "completed", **date_parts("outcome_on", D(2026, 6, 8))})
    assert response.status_code == 404
    county.pupil_a.refresh_from_db()
    assert county.pupil_a.school == county.school_a


def test_out_of_scope_moves_are_404_and_write_no_view_event(county, persona_client):
    # Cara moves between schools of the other partnership: the partnership's people never see it.
    other = move(
        county.pupil_c_looked_after,
        county.school_a,
        by=county.memberships["school_a"].user,
        from_school=county.school_c,
    )
    inside = move(county.pupil_b, county.school_c, by=county.memberships["school_b"].user)
    url = reverse("moves:move_detail", kwargs={"pk": other.pk})
    assert persona_client("school_b").get(url).status_code == 404
    # The Virtual School sees its looked-after pupil's move, and no other.
    assert persona_client("virtual_school").get(url).status_code == 200
    inside_url = reverse("moves:move_detail", kwargs={"pk": inside.pk})
    assert persona_client("virtual_school").get(inside_url).status_code == 404
    assert persona_client("provider").get(inside_url).status_code == 404
    views = AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW)
    assert views.count() == 1
    assert views.get().target_id == str(other.pk)
