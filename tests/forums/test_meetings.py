"""Forum meetings: arranging, changing and cancelling them, the list (forthcoming first, then
past), the meeting page, and who may see which partnership's meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.forums.forms.fields import parse_time
from inclusion.forums.models import ForumMeeting
from inclusion.forums.presenters.meetings import govuk_time
from inclusion.notifications.models import Notification
from tests.factories import PartnershipFactory
from tests.forums.factories import accepted_referral, make_meeting, schedule
from tests.helpers import assert_govuk_error, content, date_parts, on_page

NEXT_WEEK = timezone.localdate() + dt.timedelta(days=7)


def meeting_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **date_parts("day", NEXT_WEEK),
        "start_time": "9:30am",
        "end_time": "11:30",
        "location": "Fictional Community Hall, Hinckley",
        "online_link": "",
        "chair_name": "Chris Chair",
        "clerk_name": "Casey Clerk",
    }
    return data | overrides


@pytest.fixture
def coordinator(persona_client):
    return persona_client("coordinator")


def test_a_coordinator_arranges_a_meeting_for_their_partnership(county, coordinator):
    response = coordinator.post(reverse("forums:create"), meeting_form())
    meeting = ForumMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("forums:detail", kwargs={"pk": meeting.pk})
    assert meeting.partnership == county.partnership
    starts = timezone.localtime(meeting.starts_at)
    assert (starts.date(), starts.time()) == (NEXT_WEEK, dt.time(9, 30))
    assert timezone.localtime(meeting.ends_at).time() == dt.time(11, 30)
    assert (meeting.chair_name, meeting.clerk_name) == ("Chris Chair", "Casey Clerk")
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, target_id=str(meeting.pk))
    assert "location" in event.changes
    assert "Hinckley" not in str(event.changes)


def test_an_online_only_meeting_needs_no_place(county, coordinator):
    form = meeting_form(location="", online_link="https://meet.example.org/forum")
    assert coordinator.post(reverse("forums:create"), form).status_code == 302
    meeting = ForumMeeting.objects.get()
    assert meeting.online_link == "https://meet.example.org/forum"
    page = content(coordinator.get(reverse("forums:detail", kwargs={"pk": meeting.pk})))
    assert "Online only" in page
    assert "https://meet.example.org/forum" in page


def test_an_la_officer_chooses_the_partnership(county, persona_client):
    client = persona_client("la_officer")
    page = client.get(reverse("forums:create"))
    assert on_page(page, county.partnership.name)
    assert on_page(page, county.other_partnership.name)
    response = client.post(
        reverse("forums:create"), meeting_form(partnership=str(county.other_partnership.pk))
    )
    assert response.status_code == 302
    assert ForumMeeting.objects.get().partnership == county.other_partnership


def test_an_la_officer_must_choose_a_partnership(county, persona_client):
    response = persona_client("la_officer").post(reverse("forums:create"), meeting_form())
    assert_govuk_error(response, "Select the partnership")
    assert not ForumMeeting.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"location": "", "online_link": ""}, "Enter a place or an online meeting link"),
        ({"start_time": ""}, "Enter the start time"),
        ({"end_time": "25:00"}, "End time must be a real time, like 9:30am or 14:00"),
        ({"start_time": "9"}, "Start time must be a real time, like 9:30am or 14:00"),
        ({"end_time": "9:00"}, "The end time must be after the start time"),
        ({"chair_name": ""}, "Enter the name of the chair"),
        ({"online_link": "not a link at all"}, "Enter the online meeting link as a web address"),
        (date_parts("day", None), "Enter the date of the meeting"),
        (date_parts("day", timezone.localdate() - dt.timedelta(days=1)), "must be today or in"),
        ({"day_day": "31", "day_month": "2"}, "Date must be a real date"),
        ({"location": "x" * 201}, "The place must be 200 characters or fewer"),
    ],
)
def test_bad_meeting_details_are_refused(county, coordinator, overrides, message):
    response = coordinator.post(reverse("forums:create"), meeting_form(**overrides))
    assert_govuk_error(response, message)
    assert not ForumMeeting.objects.exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CREATE).exists()


def test_a_coordinator_changes_a_forthcoming_meeting(county, coordinator):
    meeting = make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user
    )
    url = reverse("forums:edit", kwargs={"pk": meeting.pk})
    page = coordinator.get(url)
    assert 'value="Fictional Community Hall, Hinckley"' in content(page)
    assert 'value="09:30"' in content(page)
    response = coordinator.post(url, meeting_form(location="Room 2, Fictional Library"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Room 2, Fictional Library"
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE, target_id=str(meeting.pk))
    assert "location" in event.changes
    assert "clerk_name" not in event.changes


def test_a_bad_change_is_refused_and_nothing_changes(county, coordinator):
    meeting = make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user
    )
    url = reverse("forums:edit", kwargs={"pk": meeting.pk})
    response = coordinator.post(url, meeting_form(end_time="8:00"))
    assert_govuk_error(response, "The end time must be after the start time")
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.ends_at).time() == dt.time(11, 30)


def test_a_meeting_that_has_happened_cannot_be_changed(county, coordinator):
    meeting = make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user, days_ahead=-1
    )
    url = reverse("forums:edit", kwargs={"pk": meeting.pk})
    assert coordinator.get(url).status_code == 409
    response = coordinator.post(url, meeting_form(location="Elsewhere"))
    assert response.status_code == 409
    assert on_page(response, "This meeting has started or been cancelled")
    meeting.refresh_from_db()
    assert meeting.location != "Elsewhere"


def test_cancelling_a_meeting_tells_the_schools_with_cases_on_it(county, coordinator):
    user = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=county.partnership, by=user)
    referral = accepted_referral(county)
    schedule(meeting, referral, user)
    url = reverse("forums:cancel", kwargs={"pk": meeting.pk})
    assert on_page(coordinator.get(url), "Cancel the meeting on")
    response = coordinator.post(url)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    note = Notification.objects.get(membership=county.memberships["school_a"])
    assert referral.reference in note.message
    assert county.pupil_a.legal_last_name not in note.message
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.UPDATE, target_id=str(meeting.pk)
    ).exists()
    page = coordinator.get(reverse("forums:detail", kwargs={"pk": meeting.pk}))
    assert "Cancelled" in content(page)
    assert coordinator.post(url).status_code == 409  # not twice


def test_the_list_shows_forthcoming_meetings_first_then_past(county, persona_client):
    user = county.memberships["coordinator"].user
    later = make_meeting(partnership=county.partnership, by=user, days_ahead=30)
    sooner = make_meeting(partnership=county.partnership, by=user, days_ahead=3)
    last_month = make_meeting(partnership=county.partnership, by=user, days_ahead=-30)
    yesterday = make_meeting(partnership=county.partnership, by=user, days_ahead=-1)
    html = content(persona_client("school_b").get(reverse("forums:list")))
    order = [
        html.index(reverse("forums:detail", kwargs={"pk": m.pk}))
        for m in (sooner, later, yesterday, last_month)
    ]
    assert order == sorted(order)
    assert html.index("Forthcoming meetings") < order[0] < html.index("Past meetings") < order[2]


def test_meetings_of_another_partnership_are_hidden_and_404(county, persona_client):
    other = make_meeting(
        partnership=county.other_partnership, by=county.memberships["coordinator"].user
    )
    detail = reverse("forums:detail", kwargs={"pk": other.pk})
    for persona in ("school_a", "coordinator", "chair"):
        client = persona_client(persona)
        assert detail not in content(client.get(reverse("forums:list")))
        assert client.get(detail).status_code == 404
        assert client.get(reverse("forums:minutes", kwargs={"pk": other.pk})).status_code == 404
    for name in ("forums:edit", "forums:cancel", "forums:schedule"):
        url = reverse(name, kwargs={"pk": other.pk})
        assert persona_client("coordinator").get(url).status_code == 404
        assert persona_client("coordinator").post(url, meeting_form()).status_code == 404
    other.refresh_from_db()
    assert not other.is_cancelled
    assert persona_client("la_officer").get(detail).status_code == 200  # county-wide


def test_a_coordinator_cannot_arrange_a_meeting_for_another_partnership(county, coordinator):
    form = meeting_form(partnership=str(county.other_partnership.pk))
    assert coordinator.post(reverse("forums:create"), form).status_code == 302
    assert ForumMeeting.objects.get().partnership == county.partnership  # the field is ignored


def test_the_list_keeps_a_constant_query_count(county, persona_client):
    client = persona_client("la_officer")
    user = county.memberships["coordinator"].user
    make_meeting(partnership=county.partnership, by=user, days_ahead=2)
    make_meeting(partnership=county.partnership, by=user, days_ahead=-2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("forums:list")).status_code == 200
    extra = PartnershipFactory.create()
    for days in range(1, 15):
        make_meeting(partnership=extra, by=user, days_ahead=days)
        make_meeting(partnership=county.partnership, by=user, days_ahead=-days - 3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("forums:list")).status_code == 200
    assert len(large) == len(small)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30am", dt.time(9, 30)),
        ("9.30 pm", dt.time(21, 30)),
        ("14:00", dt.time(14, 0)),
        ("2pm", dt.time(14, 0)),
        ("12am", dt.time(0, 0)),
        ("midday", dt.time(12, 0)),
        ("13pm", None),
        ("24:00", None),
        ("9", None),
        ("nine", None),
    ],
)
def test_times_are_read_as_people_type_them(text, expected):
    assert parse_time(text) == expected


def test_times_read_in_govuk_style():
    assert [govuk_time(dt.time(h, m)) for h, m in ((9, 30), (14, 0), (12, 0), (0, 0))] == [
        "9:30am",
        "2pm",
        "midday",
        "midnight",
    ]
