"""Raising and recording an exclusion-risk consultation; routing to another team."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.exclusions.models import Consultation, ExclusionRouting
from inclusion.notifications.models import Notification
from inclusion.organisations.models import LocalAuthority
from tests.exclusions.factories import consultation
from tests.helpers import assert_govuk_error, content, date_parts


def _raise(client, pupil, day=dt.date(2026, 2, 2)):
    return client.post(
        reverse("exclusions:consultation_start", kwargs={"pupil_pk": pupil.pk}),
        date_parts("considered_on", day),
    )


def test_raising_tells_the_chair_and_coordinator_at_once(
    county, persona_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _raise(persona_client("school_a"), county.pupil_a)
    item = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exclusions:consultation_detail", kwargs={"pk": item.pk})
    told = {n.membership_id for n in Notification.objects.all()}
    assert told == {county.memberships["chair"].pk, county.memberships["coordinator"].pk}
    message = Notification.objects.get(membership=county.memberships["chair"]).message
    assert county.school_a.name in message
    assert county.pupil_a.legal_first_name not in message
    assert county.pupil_a.legal_last_name not in message
    assert len(mailoutbox) == 2
    assert county.pupil_a.legal_last_name not in mailoutbox[0].body
    event = AuditEvent.objects.get(target_id=str(item.pk), verb=AuditEvent.Verb.CREATE)
    assert event.pupil_id == county.pupil_a.pk
    assert "considered_on" in event.changes


def test_a_routed_district_tells_the_la_officers_and_the_page_says_who(county, persona_client):
    nwl = LocalAuthority.objects.get(name="North West Leicestershire")
    assert ExclusionRouting.objects.get(district=nwl).team_name == "County Inclusion Team"
    county.school_a.district = nwl
    county.school_a.save()
    client = persona_client("school_a")
    form = client.get(
        reverse("exclusions:consultation_start", kwargs={"pupil_pk": county.pupil_a.pk})
    )
    assert "County Inclusion Team" in content(form)
    _raise(client, county.pupil_a)
    item = Consultation.objects.get()
    assert item.routed_to == "County Inclusion Team"
    told = {n.membership_id for n in Notification.objects.all()}
    assert told == {county.memberships["la_officer"].pk}
    page = client.get(reverse("exclusions:consultation_detail", kwargs={"pk": item.pk}))
    assert "The County Inclusion Team" in content(page)


def test_raising_bad_input_writes_nothing(county, persona_client):
    response = _raise(persona_client("school_a"), county.pupil_a, day=dt.date(2099, 1, 1))
    assert_govuk_error(response, "The date must be today or in the past")
    response = persona_client("school_a").post(
        reverse("exclusions:consultation_start", kwargs={"pupil_pk": county.pupil_a.pk}),
        date_parts("considered_on", None),
    )
    assert_govuk_error(
        response, "Enter the date the school began considering a permanent exclusion"
    )
    assert not Consultation.objects.exists()
    assert not Notification.objects.exists()


def test_other_schools_cannot_raise_for_a_pupil_not_theirs(county, persona_client):
    assert _raise(persona_client("school_b"), county.pupil_a).status_code == 404
    assert _raise(persona_client("coordinator"), county.pupil_a).status_code == 404
    assert not Consultation.objects.exists()


def _record_data(**overrides):
    data = {
        **date_parts("held_on", dt.date(2026, 2, 3)),
        "held_with": "The Partnership Chair",
        "advice": "Try a Tier 4 programme first",
        "alternatives": ["tier_4", "other"],
        "alternatives_other": "A mentor from the youth service",
        "outcome": "alternative",
    }
    return data | overrides


def test_recording_the_consultation(county, persona_client):
    item = consultation(county.pupil_a)
    url = reverse("exclusions:consultation_record", kwargs={"pk": item.pk})
    response = persona_client("chair").post(url, _record_data())
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.held_on == dt.date(2026, 2, 3)
    assert item.alternative_labels() == [
        "Tier 4 programme",
        "Other: A mentor from the youth service",
    ]
    event = AuditEvent.objects.get(target_id=str(item.pk), verb=AuditEvent.Verb.UPDATE)
    assert "advice" in event.changes
    assert "Try" not in " ".join(event.changes)
    page = persona_client("school_a").get(
        reverse("exclusions:consultation_detail", kwargs={"pk": item.pk})
    )
    assert "Try a Tier 4 programme first" in content(page)


def test_recording_bad_input(county, persona_client):
    item = consultation(county.pupil_a)
    url = reverse("exclusions:consultation_record", kwargs={"pk": item.pk})
    client = persona_client("coordinator")
    assert_govuk_error(
        client.post(url, _record_data(alternatives_other="")), "Enter the other alternative offered"
    )
    assert_govuk_error(client.post(url, _record_data(outcome="")), "Select the outcome")
    assert_govuk_error(client.post(url, _record_data(advice="")), "Enter the advice given")
    assert_govuk_error(
        client.post(url, _record_data(**date_parts("held_on", dt.date(2026, 1, 1)))),
        "The date the consultation was held must be on or after the day it was raised",
    )
    item.refresh_from_db()
    assert item.held_on is None
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).exists()
