"""The agenda: scheduling accepted referrals, moving and removing cases before the meeting,
and — above all — that a case without recorded consent is anonymised for forum members from
other organisations (tested on the rendered page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.forums.models import AgendaItem
from inclusion.notifications.models import Notification
from inclusion.referrals.models import Status
from tests.factories import PupilFactory
from tests.forums.factories import accepted_referral, make_meeting, schedule, unconsented
from tests.helpers import assert_govuk_error, content, on_page
from tests.referrals.factories import make_referral

DOB = dt.date(2011, 11, 23)


@pytest.fixture
def coordinator(persona_client):
    return persona_client("coordinator")


@pytest.fixture
def meeting(county):
    return make_meeting(partnership=county.partnership, by=county.memberships["coordinator"].user)


def schedule_url(meeting) -> str:
    return reverse("forums:schedule", kwargs={"pk": meeting.pk})


def detail(client, meeting) -> str:
    response = client.get(reverse("forums:detail", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    return content(response)


def test_only_accepted_unscheduled_referrals_are_offered(county, coordinator, meeting):
    ready = accepted_referral(county)
    submitted = make_referral(pupil=county.pupil_b, by=county.memberships["school_b"])
    elsewhere = accepted_referral(county, county.pupil_b)
    other_meeting = make_meeting(
        partnership=county.partnership, by=county.memberships["coordinator"].user, days_ahead=14
    )
    schedule(other_meeting, elsewhere, county.memberships["coordinator"].user)
    page = content(coordinator.get(schedule_url(meeting)))
    assert ready.reference in page
    assert submitted.reference not in page
    assert elsewhere.reference not in page


def test_a_case_from_a_cancelled_meeting_may_be_scheduled_again(county, coordinator, meeting):
    referral = accepted_referral(county)
    cancelled = make_meeting(
        partnership=county.partnership,
        by=county.memberships["coordinator"].user,
        days_ahead=3,
        is_cancelled=True,
    )
    schedule(cancelled, referral, county.memberships["coordinator"].user)
    assert referral.reference in content(coordinator.get(schedule_url(meeting)))


def test_scheduling_adds_cases_in_order_and_tells_the_school(county, coordinator, meeting):
    first, second = accepted_referral(county), accepted_referral(county, county.pupil_b)
    response = coordinator.post(
        schedule_url(meeting), {"referrals": [str(first.pk), str(second.pk)]}
    )
    assert response.status_code == 302
    items = list(meeting.items.order_by("position"))
    assert {item.referral for item in items} == {first, second}
    assert [item.position for item in items] == [1, 2]
    note = Notification.objects.get(membership=county.memberships["school_a"])
    assert note.message.startswith(f"Referral {first.reference} has been scheduled")
    assert county.pupil_a.legal_first_name not in note.message
    assert note.url == reverse("referrals:detail", kwargs={"pk": first.pk})
    events = AuditEvent.objects.filter(verb=AuditEvent.Verb.CREATE, target_type="forums.agendaitem")
    assert {e.pupil_id for e in events} == {county.pupil_a.pk, county.pupil_b.pk}


def test_choosing_nothing_is_refused(county, coordinator, meeting):
    accepted_referral(county)
    assert_govuk_error(
        coordinator.post(schedule_url(meeting), {}), "Select at least one case to add to the agenda"
    )
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.DECIDED])
def test_a_referral_not_accepted_cannot_be_scheduled(county, coordinator, meeting, status):
    accepted_referral(county)
    referral = make_referral(pupil=county.pupil_b, by=county.memberships["school_b"], status=status)
    response = coordinator.post(schedule_url(meeting), {"referrals": [str(referral.pk)]})
    assert_govuk_error(response, "Select cases from the list")
    assert not AgendaItem.objects.exists()


def test_a_referral_of_another_partnership_cannot_be_scheduled(county, coordinator, meeting):
    accepted_referral(county)
    other = make_referral(
        pupil=county.pupil_c_looked_after,
        by=county.memberships["coordinator"],
        status=Status.ACCEPTED,
    )
    response = coordinator.post(schedule_url(meeting), {"referrals": [str(other.pk), "nonsense"]})
    assert_govuk_error(response, "Select cases from the list")
    assert not AgendaItem.objects.exists()


def test_no_cases_to_schedule_says_so(county, coordinator, meeting):
    assert on_page(coordinator.get(schedule_url(meeting)), "There are no referrals accepted")


def test_the_agenda_of_a_past_meeting_cannot_change(county, coordinator):
    user = county.memberships["coordinator"].user
    past = make_meeting(partnership=county.partnership, by=user, days_ahead=-1)
    referral = accepted_referral(county)
    assert coordinator.get(schedule_url(past)).status_code == 409
    response = coordinator.post(schedule_url(past), {"referrals": [str(referral.pk)]})
    assert response.status_code == 409
    item = schedule(past, accepted_referral(county, county.pupil_b), user)
    remove = reverse("forums:agenda_remove", kwargs={"pk": item.pk})
    assert coordinator.post(remove).status_code == 409
    move = reverse("forums:agenda_move", kwargs={"pk": item.pk})
    assert coordinator.post(move, {"direction": "up"}).status_code == 409
    assert AgendaItem.objects.count() == 1


def test_cases_move_up_and_down(county, coordinator, meeting):
    user = county.memberships["coordinator"].user
    a, b, c = (schedule(meeting, accepted_referral(county), user) for _ in range(3))
    move = reverse("forums:agenda_move", kwargs={"pk": c.pk})
    assert coordinator.post(move, {"direction": "up"}).status_code == 302
    assert list(meeting.items.order_by("position")) == [a, c, b]
    move = reverse("forums:agenda_move", kwargs={"pk": a.pk})
    coordinator.post(move, {"direction": "down"})
    assert list(meeting.items.order_by("position")) == [c, a, b]
    assert [i.position for i in meeting.items.order_by("position")] == [1, 2, 3]
    coordinator.post(reverse("forums:agenda_move", kwargs={"pk": c.pk}), {"direction": "up"})
    assert list(meeting.items.order_by("position")) == [c, a, b]  # already first
    bad = coordinator.post(move, {"direction": "sideways"})
    assert bad.status_code == 409
    assert on_page(bad, "Select whether to move the case up or down")
    assert list(meeting.items.order_by("position")) == [c, a, b]


def test_a_case_is_taken_off_the_agenda_and_may_be_scheduled_again(county, coordinator, meeting):
    user = county.memberships["coordinator"].user
    referral = accepted_referral(county)
    item = schedule(meeting, referral, user)
    url = reverse("forums:agenda_remove", kwargs={"pk": item.pk})
    assert on_page(coordinator.get(url), f"Take referral {referral.reference} off the agenda?")
    assert coordinator.post(url).status_code == 302
    assert not AgendaItem.objects.exists()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.DELETE, pupil_id=county.pupil_a.pk)
    assert referral.reference in content(coordinator.get(schedule_url(meeting)))


def test_agenda_items_of_another_partnership_are_404(county, coordinator):
    user = county.memberships["coordinator"].user
    other = make_meeting(partnership=county.other_partnership, by=user)
    referral = make_referral(
        pupil=county.pupil_c_looked_after,
        by=county.memberships["coordinator"],
        status=Status.ACCEPTED,
    )
    item = schedule(other, referral, user)
    for name in ("forums:agenda_remove", "forums:agenda_move", "forums:decide"):
        url = reverse(name, kwargs={"pk": item.pk})
        assert coordinator.post(url, {"direction": "up"}).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_chair_and_schools_may_not_change_the_agenda(county, persona_client, meeting):
    item = schedule(meeting, accepted_referral(county), county.memberships["coordinator"].user)
    for persona in ("chair", "school_a", "la_officer"):
        client = persona_client(persona)
        assert (
            client.post(reverse("forums:agenda_remove", kwargs={"pk": item.pk})).status_code == 404
        )
        assert client.get(schedule_url(meeting)).status_code == 404
        assert "Take off the agenda" not in detail(client, meeting)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


# --- Anonymisation: the one rule, on the rendered page -------------------------------------


def dob_formats(day: dt.date) -> list[str]:
    return [
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d-%m-%Y"),
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day:%B} {day.day}, {day.year}",
        day.strftime("%Y%m%d"),
    ]


@pytest.fixture
def private_case(county, meeting):
    """pupil_a's case, not consented to a named discussion, on the agenda with pupil_b's named
    case."""
    pupil = county.pupil_a
    pupil.date_of_birth = DOB
    pupil.preferred_first_name = "Mara"
    pupil.address_line_1 = "7 Fictional Lane"
    pupil.save()
    user = county.memberships["coordinator"].user
    private = unconsented(county)
    schedule(meeting, private, user)
    named = accepted_referral(county, county.pupil_b, reason="Fictional: refuses science.")
    schedule(meeting, named, user)
    return private


def identity_of(county) -> list[str]:
    pupil = county.pupil_a
    return [
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.preferred_first_name,
        pupil.upn,
        pupil.address_line_1,
        pupil.postcode,
        *dob_formats(pupil.date_of_birth),
    ]


@pytest.mark.parametrize("persona", ["school_b", "chair"])
def test_an_unconsented_case_is_anonymised_for_other_organisations(
    county, persona_client, meeting, private_case, persona
):
    page = detail(persona_client(persona), meeting)
    for text in identity_of(county):
        assert text not in page, f"{text!r} is on {persona}'s agenda"
    assert "Case 1" in page
    assert "Anonymised" in page
    assert "Year 9" in page
    assert county.school_a.name not in page
    assert "Not shown: the case is anonymised" in page
    assert private_case.reference in page
    assert "Fictional: rising anxiety" not in page  # the reason in the school's own words
    assert "Fictional: anxious in busy places" in page  # the needs summary
    # pupil_b's case is named with consent: everyone sees the name, school and reason; only
    # pupil_b's own school (school_b) the UPN
    assert "Billy Hart" in page
    assert county.school_b.name in page
    assert "Fictional: refuses science." in page
    assert (county.pupil_b.upn in page) == (persona == "school_b")


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer"])
def test_the_referring_school_coordinator_and_la_see_who_it_is(
    county, persona_client, meeting, private_case, persona
):
    page = detail(persona_client(persona), meeting)
    pupil = county.pupil_a
    assert "Mara Osei" in page  # the name the pupil goes by
    assert pupil.upn in page
    assert "23 November 2011" in page
    assert county.school_a.name in page
    assert "Fictional: rising anxiety" in page
    assert pupil.address_line_1 not in page  # never on an agenda


def test_the_minutes_are_anonymised_the_same_way(county, persona_client, private_case, meeting):
    meeting.starts_at -= dt.timedelta(days=8)
    meeting.ends_at -= dt.timedelta(days=8)
    meeting.save()
    url = reverse("forums:minutes", kwargs={"pk": meeting.pk})
    page = content(persona_client("school_b").get(url))
    for text in identity_of(county):
        assert text not in page
    assert county.pupil_a.upn in content(persona_client("school_a").get(url))


@pytest.mark.parametrize("count", [2, 20])
def test_the_agenda_keeps_a_constant_query_count(county, persona_client, meeting, count):
    """Run at 2 and 20 items; both must use the number of queries recorded for 2."""
    user = county.memberships["coordinator"].user
    for n in range(count):
        pupil = PupilFactory.create(school=county.school_a if n % 2 else county.school_b)
        referral = unconsented(county, pupil) if n % 3 else accepted_referral(county, pupil)
        schedule(meeting, referral, user)
    client = persona_client("school_b")
    with CaptureQueriesContext(connection) as queries:
        page = detail(client, meeting)
    assert f"Case {count}" in page
    baseline = _agenda_queries(county, persona_client)
    assert len(queries) == baseline


def _agenda_queries(county, persona_client) -> int:
    """Queries for the same page with 2 cases on a fresh meeting."""
    user = county.memberships["coordinator"].user
    fresh = make_meeting(partnership=county.partnership, by=user, days_ahead=9)
    for n in range(2):
        pupil = PupilFactory.create(school=county.school_a)
        schedule(fresh, unconsented(county, pupil) if n else accepted_referral(county, pupil), user)
    client = persona_client("school_b")
    with CaptureQueriesContext(connection) as queries:
        detail(client, fresh)
    return len(queries)
