"""My actions: what each owner sees (person, school, partnership), open first, overdue
flagged, marking one done with a date (audited), scope and query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.organisations.models import Agency
from tests.factories import PupilFactory
from tests.forums.factories import decided
from tests.helpers import assert_govuk_error, content, date_parts, on_page

TODAY = timezone.localdate()


def my_actions(client) -> str:
    response = client.get(reverse("forums:my_actions"))
    assert response.status_code == 200
    return content(response)


def test_each_owner_sees_their_own_actions(county, persona_client):
    chair = county.memberships["chair"].user
    *_, by_school = decided(county)
    *_, by_person = decided(county, owner={"owner_user": chair})
    *_, by_partnership = decided(county, owner={"owner_partnership": county.partnership})
    agency = Agency.objects.create(
        name="Fictional EP Service", kind="ep", local_authority=county.la
    )
    *_, by_agency = decided(county, owner={"owner_agency": agency})
    expected = {
        "school_a": {by_school},
        "school_b": set(),
        "chair": {by_person},
        "coordinator": {by_partnership, by_agency},
        "la_officer": set(),
    }
    everything = {by_school, by_person, by_partnership, by_agency}
    for persona, mine in expected.items():
        page = my_actions(persona_client(persona))
        for action in everything:
            link = reverse("forums:action_done", kwargs={"pk": action.pk})
            assert (link in page) == (action in mine), (persona, action.description)


def test_the_list_links_the_case_puts_open_first_and_flags_overdue(county, persona_client):
    _, item, _, soon = decided(county, due_in=3)
    *_, late = decided(county, due_in=-2, days_ago=10)
    *_, done = decided(county, due_in=-5, days_ago=12)
    done.completed_on = TODAY - dt.timedelta(days=6)
    done.save()
    page = my_actions(persona_client("school_a"))
    assert reverse("referrals:detail", kwargs={"pk": item.referral_id}) in page
    assert item.referral.reference in page
    positions = [
        page.index(reverse("forums:action_done", kwargs={"pk": a.pk})) for a in (late, soon)
    ]
    assert positions == sorted(positions)
    assert page.index("Overdue") < positions[1]
    assert '<strong class="govuk-tag govuk-tag--red">1 overdue</strong>' in page
    assert reverse("forums:action_done", kwargs={"pk": done.pk}) not in page  # already done
    assert page.index("Done") > positions[1]
    assert county.pupil_a.legal_last_name not in page


def test_an_action_is_marked_done_with_a_date(county, persona_client):
    *_, action = decided(county)
    url = reverse("forums:action_done", kwargs={"pk": action.pk})
    client = persona_client("school_a")
    assert on_page(client.get(url), action.description)
    response = client.post(url, date_parts("completed_on", TODAY))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == TODAY
    assert action.completed_by == county.memberships["school_a"].user
    event = AuditEvent.objects.get(target_id=str(action.pk))
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.pupil_id == county.pupil_a.pk
    assert set(event.changes) == {"completed_on", "completed_by"}
    again = client.post(url, date_parts("completed_on", TODAY))
    assert again.status_code == 302  # already done: nothing more happens
    assert AuditEvent.objects.filter(target_id=str(action.pk)).count() == 1


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (None, "Enter the date the action was done"),
        (TODAY + dt.timedelta(days=1), "The date done must be today or in the past"),
        (
            TODAY - dt.timedelta(days=30),
            "The date done must be on or after the date of the decision",
        ),
    ],
)
def test_a_bad_date_is_refused_and_nothing_is_written(county, persona_client, when, message):
    *_, action = decided(county)
    url = reverse("forums:action_done", kwargs={"pk": action.pk})
    assert_govuk_error(
        persona_client("school_a").post(url, date_parts("completed_on", when)), message
    )
    action.refresh_from_db()
    assert action.completed_on is None
    assert not AuditEvent.objects.filter(target_id=str(action.pk)).exists()


@pytest.mark.parametrize("persona", ["school_b", "coordinator", "chair", "la_officer", "provider"])
def test_someone_elses_action_is_404(county, persona_client, persona):
    *_, action = decided(county)
    url = reverse("forums:action_done", kwargs={"pk": action.pk})
    client = persona_client(persona)
    assert client.get(url).status_code == 404
    assert client.post(url, date_parts("completed_on", TODAY)).status_code == 404
    action.refresh_from_db()
    assert action.completed_on is None


def test_my_actions_keeps_a_constant_query_count(county, persona_client):
    client = persona_client("school_a")
    decided(county)
    with CaptureQueriesContext(connection) as small:
        my_actions(client)
    for n in range(12):
        decided(county, pupil=PupilFactory.create(school=county.school_a), due_in=n - 4)
    with CaptureQueriesContext(connection) as large:
        page = my_actions(client)
    assert page.count("Mark as done") == 13
    assert len(large) == len(small)
