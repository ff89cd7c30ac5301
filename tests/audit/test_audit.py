"""The audit trail: one event per read of a pupil's record, field names but never values,
append-only, and readable by LA officers only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent, ImmutableAuditError
from inclusion.audit.services import audit_record
from inclusion.core.concurrency import VERSION_FIELD, fingerprint
from inclusion.pupils.forms import PupilForm
from inclusion.pupils.models import Pupil
from tests.conftest import PERSONAS
from tests.helpers import (
    assert_govuk_error,
    content,
    date_parts,
    permanent_upn,
    pupil_form_data,
)

AUDIT = reverse("audit:list")
PUPIL_PAGES = ("pupils:detail", "pupils:edit", "pupils:contact_add")


def event_json(event: AuditEvent) -> str:
    return json.dumps(AuditEvent.objects.filter(pk=event.pk).values().get(), cls=DjangoJSONEncoder)


def form_data_for(pupil: Pupil) -> dict[str, str]:
    """POST data that re-submits the pupil's current details unchanged."""
    initial = PupilForm.initial_for(pupil)
    data = {k: "" if v is None else str(v) for k, v in initial.items() if k != "date_of_birth"}
    return data | date_parts("date_of_birth", initial["date_of_birth"])


# Reads --------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", PUPIL_PAGES)
def test_every_get_of_a_pupil_page_writes_one_view_event(url_name, persona_client, county):
    pupil = county.pupil_a
    membership = county.memberships["school_a"]
    before = AuditEvent.objects.count()
    response = persona_client("school_a").get(reverse(url_name, kwargs={"pk": pupil.pk}))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.verb == AuditEvent.Verb.VIEW
    assert event.pupil_id == pupil.pk
    assert event.target_type == "pupils.pupil"
    assert event.target_id == str(pupil.pk)
    assert event.actor == membership.user
    assert event.membership == membership
    assert event.request_id
    assert response["X-Request-ID"] == event.request_id


@pytest.mark.parametrize("persona", ["coordinator", "chair", "la_officer"])
def test_view_event_records_the_acting_membership(persona, persona_client, county):
    response = persona_client(persona).get(
        reverse("pupils:detail", kwargs={"pk": county.pupil_b.pk})
    )
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.VIEW)
    assert event.membership == county.memberships[persona]
    assert event.pupil_id == county.pupil_b.pk
    assert response["X-Request-ID"] == event.request_id


def test_each_request_has_its_own_id(persona_client, county):
    client = persona_client("school_a")
    url = reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})
    ids = {client.get(url)["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3
    assert set(AuditEvent.objects.values_list("request_id", flat=True)) == ids


def test_a_well_formed_incoming_request_id_is_kept(persona_client, county):
    url = reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})
    response = persona_client("school_a").get(url, HTTP_X_REQUEST_ID="proxy-1234-abcd")
    assert response["X-Request-ID"] == "proxy-1234-abcd"
    assert AuditEvent.objects.get().request_id == "proxy-1234-abcd"


def test_a_malformed_incoming_request_id_is_replaced(persona_client, county):
    url = reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})
    response = persona_client("school_a").get(url, HTTP_X_REQUEST_ID="<script>x</script>")
    event = AuditEvent.objects.get()
    assert event.request_id == response["X-Request-ID"]
    assert "<" not in event.request_id
    assert len(event.request_id) == 32


def test_out_of_scope_reads_write_no_view_event(persona_client, county):
    for persona in ("school_b", "provider", "virtual_school", "governance"):
        for url_name in PUPIL_PAGES:
            url = reverse(url_name, kwargs={"pk": county.pupil_a.pk})
            response = persona_client(persona).get(url)
            assert response.status_code == 404
    assert not AuditEvent.objects.exists()


# Writes -------------------------------------------------------------------------------


def test_create_writes_one_event_with_field_names_only(persona_client, county):
    upn = permanent_upn(41)
    data = pupil_form_data(school=county.school_a, upn=upn)
    response = persona_client("school_a").post(reverse("pupils:create"), data)
    assert response.status_code == 302
    pupil = Pupil.objects.get(upn=upn)
    event = AuditEvent.objects.get()
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.pupil_id == pupil.pk
    assert event.target_id == str(pupil.pk)
    assert event.membership == county.memberships["school_a"]
    assert event.request_id
    assert {"legal_first_name", "legal_last_name", "upn", "postcode", "need_types"} <= set(
        event.changes
    )
    serialised = event_json(event)
    for value in ("Zainab", "Quartermaine", upn, "LE10 1AA", "12 Test Street", "SEMH"):
        assert value not in serialised, value


def version_without_viewing(pupil: Pupil, url: str) -> dict[str, str]:
    """The version the edit page would carry, without opening it (which is audited)."""
    return {VERSION_FIELD: fingerprint(PupilForm.initial_for(pupil), scope=url)}


def test_update_writes_one_event_naming_the_changed_fields(persona_client, county):
    pupil = county.pupil_a
    url = reverse("pupils:edit", kwargs={"pk": pupil.pk})
    data = form_data_for(pupil) | {"legal_last_name": "Osei-Bonsu", "postcode": "LE2 7AA"}
    response = persona_client("coordinator").post(url, data | version_without_viewing(pupil, url))
    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.changes == ["legal_last_name", "postcode"]
    assert event.membership == county.memberships["coordinator"]
    serialised = event_json(event)
    for value in ("Osei", "Bonsu", "Amara", "LE2 7AA", pupil.upn):
        assert value not in serialised, value


def test_saving_without_changes_writes_no_event(persona_client, county):
    pupil = county.pupil_a
    url = reverse("pupils:edit", kwargs={"pk": pupil.pk})
    data = form_data_for(pupil) | version_without_viewing(pupil, url)
    response = persona_client("school_a").post(url, data)
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


def test_contact_add_writes_one_event_without_contact_details(persona_client, county):
    pupil = county.pupil_a
    data = {
        "name": "Grace Osei",
        "relationship": "Mother",
        "phone": "07700 900982",
        "email": "grace@example.org",
        "parental_responsibility": "yes",
    }
    url = reverse("pupils:contact_add", kwargs={"pk": pupil.pk})
    assert persona_client("school_a").post(url, data).status_code == 302
    event = AuditEvent.objects.get()
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.target_type == "pupils.contact"
    assert event.pupil_id == pupil.pk
    assert set(event.changes) == {
        "email",
        "name",
        "phone",
        "relationship",
        "parental_responsibility",
    }
    serialised = event_json(event)
    for value in ("Grace", "Mother", "07700", "grace@example.org"):
        assert value not in serialised, value


def test_failed_forms_write_no_event(persona_client, county):
    client = persona_client("school_a")
    bad_create = pupil_form_data(school=county.school_a, upn=permanent_upn(42), postcode="LE1")
    assert client.post(reverse("pupils:create"), bad_create).status_code == 400
    pupil = county.pupil_a
    bad_edit = form_data_for(pupil) | {"legal_first_name": ""}
    assert client.post(reverse("pupils:edit", kwargs={"pk": pupil.pk}), bad_edit).status_code == 400
    bad_contact = {"name": "", "relationship": "", "parental_responsibility": ""}
    url = reverse("pupils:contact_add", kwargs={"pk": pupil.pk})
    assert client.post(url, bad_contact).status_code == 400
    assert not AuditEvent.objects.exists()


# Append-only --------------------------------------------------------------------------


@pytest.fixture
def event(county) -> AuditEvent:
    return audit_record(
        actor=county.memberships["school_a"].user,
        membership=county.memberships["school_a"],
        verb=AuditEvent.Verb.VIEW,
        target=county.pupil_a,
        pupil_id=county.pupil_a.pk,
    )


def test_events_cannot_be_changed_through_the_instance(event):
    event.verb = AuditEvent.Verb.DELETE
    with pytest.raises(ImmutableAuditError):
        event.save()
    with pytest.raises(ImmutableAuditError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == AuditEvent.Verb.VIEW


def test_events_cannot_be_changed_through_querysets(event):
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.filter(pk=event.pk).update(verb=AuditEvent.Verb.DELETE)
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.all().update(changes=["x"])
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.all().delete()
    event.verb = AuditEvent.Verb.DELETE
    with pytest.raises(ImmutableAuditError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["verb"])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.verb == AuditEvent.Verb.VIEW
    assert stored.changes == []


# The audit page -----------------------------------------------------------------------


def test_audit_page_is_404_for_everyone_but_la_officers(persona_client, county):
    for persona in PERSONAS:
        expected = 200 if persona == "la_officer" else 404
        assert persona_client(persona).get(AUDIT).status_code == expected, persona


def test_audit_page_lists_events_with_field_names(persona_client, county):
    client = persona_client("school_a")
    client.get(reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk}))
    response = persona_client("la_officer").get(AUDIT)
    assert response.status_code == 200
    events = list(response.context["page"].object_list)
    assert [e.verb for e in events] == [AuditEvent.Verb.VIEW]
    assert "school_a@example.org" in content(response)
    assert county.pupil_a.legal_last_name not in content(response)


def _viewed(persona_client, persona: str, pupil: Pupil) -> None:
    persona_client(persona).get(reverse("pupils:detail", kwargs={"pk": pupil.pk}))


def _listed(response: Any) -> list[AuditEvent]:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_filter_by_upn(persona_client, county):
    _viewed(persona_client, "school_a", county.pupil_a)
    _viewed(persona_client, "school_b", county.pupil_b)
    client = persona_client("la_officer")
    upn = county.pupil_a.upn
    for query in (upn, upn.lower()):
        events = _listed(client.get(AUDIT, {"upn": query}))
        assert [e.pupil_id for e in events] == [county.pupil_a.pk], query
    assert _listed(client.get(AUDIT, {"upn": permanent_upn(999)})) == []


def test_filter_by_upn_written_with_spaces(persona_client, county):
    """UPNs are often written in groups ("H855 4001 20 009"); the form strips the spaces."""
    _viewed(persona_client, "school_a", county.pupil_a)
    upn = county.pupil_a.upn
    spaced = f"{upn[:1]} {upn[1:4]} {upn[4:8]} {upn[8:10]} {upn[10:]}"
    events = _listed(persona_client("la_officer").get(AUDIT, {"upn": spaced}))
    assert [e.pupil_id for e in events] == [county.pupil_a.pk]


def test_filter_by_email(persona_client, county):
    _viewed(persona_client, "school_a", county.pupil_a)
    _viewed(persona_client, "coordinator", county.pupil_a)
    client = persona_client("la_officer")
    for query in ("coordinator@example.org", " Coordinator@Example.org "):
        events = _listed(client.get(AUDIT, {"email": query}))
        assert [e.actor for e in events] == [county.memberships["coordinator"].user], query
    assert _listed(client.get(AUDIT, {"email": "nobody@example.org"})) == []


def test_filter_by_date(persona_client, county, monkeypatch):
    user = county.memberships["school_a"].user
    by_day = {}
    for day in (dt.date(2026, 1, 10), dt.date(2026, 1, 15), dt.date(2026, 1, 20)):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        by_day[day] = audit_record(actor=user, verb=AuditEvent.Verb.SIGN_IN, target=user)
    monkeypatch.undo()
    client = persona_client("la_officer")

    def listed(**params: dt.date) -> set[dt.date]:
        query: dict[str, str] = {}
        for name, value in params.items():
            query |= date_parts(name, value)
        events = _listed(client.get(AUDIT, query))
        return {day for day, e in by_day.items() if e in events}

    assert listed(date_from=dt.date(2026, 1, 15)) == {dt.date(2026, 1, 15), dt.date(2026, 1, 20)}
    assert listed(date_to=dt.date(2026, 1, 15)) == {dt.date(2026, 1, 10), dt.date(2026, 1, 15)}
    assert listed(date_from=dt.date(2026, 1, 11), date_to=dt.date(2026, 1, 19)) == {
        dt.date(2026, 1, 15)
    }
    assert listed(date_from=dt.date(2026, 1, 15), date_to=dt.date(2026, 1, 15)) == {
        dt.date(2026, 1, 15)
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
            "From must be a real date",
        ),
        (
            {"date_from_day": "1", "date_from_month": "", "date_from_year": "2026"},
            "From must include a month",
        ),
        (
            {"date_to_day": "x", "date_to_month": "1", "date_to_year": "2026"},
            "To must be a real date",
        ),
        (
            date_parts("date_from", dt.date(2026, 2, 1))
            | date_parts("date_to", dt.date(2026, 1, 1)),
            "To must be the same as or after From",
        ),
        (
            {"date_from_day": "1", "date_from_month": "1", "date_from_year": "9" * 20},
            "From must be a real date",
        ),
    ],
)
def test_invalid_filter_dates_show_a_govuk_error(params, message, persona_client, county):
    response = persona_client("la_officer").get(AUDIT, params)
    assert_govuk_error(response, message)
