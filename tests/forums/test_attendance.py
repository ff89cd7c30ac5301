"""Recording who attended a meeting: schools of the partnership, agencies and other
organisations, with who represented each."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.forums.models import Attendance
from inclusion.organisations.models import Agency
from tests.forums.factories import make_meeting
from tests.helpers import assert_govuk_error, content, on_page


@pytest.fixture
def held(county):
    return make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user, days_ahead=-1
    )


@pytest.fixture
def agency(county):
    return Agency.objects.create(
        name="Fictional CAMHS Team", kind="camhs", local_authority=county.la
    )


def url(meeting) -> str:
    return reverse("forums:attendance", kwargs={"pk": meeting.pk})


def blank() -> dict[str, Any]:
    return {f"other_{n}_{part}": "" for n in (1, 2, 3) for part in ("name", "by")}


def test_attendance_is_recorded_and_shown_in_the_minutes(county, persona_client, held, agency):
    client = persona_client("coordinator")
    page = content(client.get(url(held)))
    assert county.school_a.name in page
    assert county.school_b.name in page
    assert county.school_c.name not in page  # another partnership
    form = blank() | {
        f"school_{county.school_a.pk}": "on",
        f"school_{county.school_a.pk}_by": "A. Head, SENCo",
        f"agency_{agency.pk}": "on",
        f"agency_{agency.pk}_by": "C. Worker",
        "other_1_name": "Fictional Youth Club",
        "other_1_by": "Y. Leader",
    }
    assert client.post(url(held), form).status_code == 302
    rows = {
        (r.school, r.agency, r.organisation_name, r.represented_by)
        for r in Attendance.objects.all()
    }
    assert rows == {
        (county.school_a, None, "", "A. Head, SENCo"),
        (None, agency, "", "C. Worker"),
        (None, None, "Fictional Youth Club", "Y. Leader"),
    }
    event = AuditEvent.objects.get(target_id=str(held.pk), verb=AuditEvent.Verb.UPDATE)
    assert event.changes == ["attendance"]
    minutes = content(
        persona_client("school_b").get(reverse("forums:minutes", kwargs={"pk": held.pk}))
    )
    assert "A. Head, SENCo" in minutes
    assert "Fictional Youth Club" in minutes
    again = content(client.get(url(held)))
    assert 'value="A. Head, SENCo"' in again  # the form shows what was recorded


def test_saving_again_replaces_the_list(county, persona_client, held):
    client = persona_client("chair")
    key = f"school_{county.school_b.pk}"
    client.post(url(held), blank() | {key: "on", f"{key}_by": "B. Deputy"})
    client.post(
        url(held), blank() | {"other_1_name": "Fictional Police Team", "other_1_by": "PC Test"}
    )
    assert [r.organisation_name for r in Attendance.objects.all()] == ["Fictional Police Team"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"school_{a}": "on"}, "Enter who represented Brookvale Academy"),
        ({"school_{a}_by": "Somebody"}, "Select Brookvale Academy if it attended"),
        ({"other_2_name": "Fictional Charity"}, "Enter who represented organisation 2"),
        ({"other_1_by": "Somebody"}, "Enter the name of organisation 1"),
        ({"other_1_name": "x" * 161, "other_1_by": "A"}, "must be 160 characters or fewer"),
    ],
)
def test_bad_attendance_is_refused_and_nothing_is_written(
    county, persona_client, held, fields, message
):
    form = blank() | {key.format(a=county.school_a.pk): value for key, value in fields.items()}
    response = persona_client("coordinator").post(url(held), form)
    assert_govuk_error(response, message)
    assert not Attendance.objects.exists()


def test_a_school_of_another_partnership_is_ignored(county, persona_client, held):
    form = blank() | {f"school_{county.school_c.pk}": "on", f"school_{county.school_c.pk}_by": "X"}
    assert persona_client("coordinator").post(url(held), form).status_code == 302
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_day_of_the_meeting(county, persona_client):
    meeting = make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user
    )
    response = persona_client("coordinator").get(url(meeting))
    assert response.status_code == 409
    assert on_page(response, "Attendance is recorded from the day of the meeting")


def test_schools_may_not_record_attendance_and_other_partnerships_are_404(
    county, persona_client, held
):
    assert persona_client("school_a").get(url(held)).status_code == 404
    other = make_meeting(
        partnership=county.other_partnership,
        by=county.memberships["coordinator"].user,
        days_ahead=-1,
    )
    assert persona_client("coordinator").post(url(other), blank()).status_code == 404
