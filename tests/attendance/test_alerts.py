"""Attendance alerts (issue 6, part 5): the list for school staff and co-ordinators, and
acknowledging an alert with the action taken, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.attendance.models import AttendanceAlert
from inclusion.attendance.presenters.alerts import age_text
from inclusion.attendance.selectors.alerts import access_alert, alert_list, alerts_visible_to
from inclusion.attendance.services.alerts import (
    AlertAlreadyAcknowledgedError,
    AlertNotAllowedError,
    alert_acknowledge,
)
from inclusion.audit.models import AuditEvent
from tests.attendance.factories_alerts import (
    PM,
    SCHOOL_DAY,
    acknowledged,
    alert,
    placement_for,
    pupils_placed,
)
from tests.helpers import assert_govuk_error, content, on_page

pytestmark = pytest.mark.django_db

ALERTS = reverse("attendance:alerts")
NOW = dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)  # Thursday, two days after SCHOOL_DAY
TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return NOW


def acknowledge_url(made: AttendanceAlert) -> str:
    return reverse("attendance:alert_acknowledge", kwargs={"pk": made.pk})


# Scope ----------------------------------------------------------------------------------------


def test_each_role_sees_only_its_pupils_alerts(county):
    of_a = alert(placement_for(county))
    of_b = alert(placement_for(county, pupil=county.pupil_b))
    alert(placement_for(county, pupil=county.pupil_c_looked_after))
    m = county.memberships

    def seen(name: str) -> set[AttendanceAlert]:
        return set(alerts_visible_to(membership=m[name]))

    assert seen("school_a") == {of_a}
    assert seen("school_b") == {of_b}
    assert seen("coordinator") == {of_a, of_b}
    for name in ("provider", "la_officer", "virtual_school", "chair", "governance"):
        assert seen(name) == set(), name
    assert set(alerts_visible_to(membership=None)) == set()
    with pytest.raises(Http404):
        access_alert(membership=m["school_b"], pk=of_a.pk)


def test_list_orders_open_first_and_keeps_acknowledged_for_30_days(county):
    placement = placement_for(county)
    older_open = alert(placement, day=SCHOOL_DAY - dt.timedelta(days=1))
    newer_open = alert(placement, day=SCHOOL_DAY)
    recent = acknowledged(placement, at=NOW - dt.timedelta(days=29), session=PM)
    acknowledged(
        placement,
        at=NOW - dt.timedelta(days=31),
        day=SCHOOL_DAY - dt.timedelta(days=1),
        session=PM,
    )
    listed = list(alert_list(membership=county.memberships["coordinator"], now=NOW))
    assert listed == [newer_open, older_open, recent]


def test_age_reads_in_days():
    assert age_text(TODAY, TODAY) == "Today"
    assert age_text(TODAY - dt.timedelta(days=1), TODAY) == "1 day"
    assert age_text(TODAY - dt.timedelta(days=12), TODAY) == "12 days"


# The list page ------------------------------------------------------------------------------


def test_list_page_shows_open_and_acknowledged_rows(county, persona_client, frozen):
    placement = placement_for(county)
    alert(placement, kind=AttendanceAlert.Kind.CONSECUTIVE)
    acknowledged(placement, at=NOW - dt.timedelta(days=1), session=PM)
    response = persona_client("school_a").get(ALERTS)
    assert response.status_code == 200
    html = content(response)
    assert "Absent for consecutive sessions" in html
    assert "Amara Osei" in html
    assert "Skills Barn" in html
    assert "3 March 2026" in html
    assert "2 days" in html
    assert "Called parent; pupil ill" in html
    assert acknowledge_url(AttendanceAlert.objects.get(acknowledged_at__isnull=True)) in html
    assert html.count(">Acknowledge<") == 1  # only the open alert has the link


def test_list_page_hides_other_schools_alerts(county, persona_client, frozen):
    alert(placement_for(county, pupil=county.pupil_b))
    response = persona_client("school_a").get(ALERTS)
    assert "Billy Hart" not in content(response)
    assert "There are no open alerts" in content(response)


def test_list_page_query_count_does_not_grow(county, persona_client, frozen):
    client = persona_client("coordinator")

    def queries_with(n: int) -> int:
        AttendanceAlert.objects.all().delete()
        for placement in pupils_placed(county, n):
            alert(placement)
            acknowledged(placement, at=NOW - dt.timedelta(days=2), session=PM)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ALERTS)
        assert response.status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(30)


# Acknowledging -------------------------------------------------------------------------------


def test_acknowledge_records_who_when_and_what_and_audits(county, persona_client, frozen):
    made = alert(placement_for(county))
    client = persona_client("coordinator")
    assert client.get(acknowledge_url(made)).status_code == 200
    response = client.post(acknowledge_url(made), {"action_taken": "Called parent; pupil ill"})
    assert response.status_code == 302
    assert response["Location"] == ALERTS
    made.refresh_from_db()
    assert made.acknowledged_by == county.memberships["coordinator"].user
    assert made.acknowledged_at == NOW
    assert made.action_taken == "Called parent; pupil ill"
    event = AuditEvent.objects.get(target_id=str(made.pk))
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.changes == ["acknowledged_at", "action_taken"]
    assert event.pupil_id == county.pupil_a.pk
    assert event.membership == county.memberships["coordinator"]
    followed = client.get(ALERTS)
    assert on_page(followed, "The alert has been acknowledged")


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ("", "Enter the action taken"),
        ("   ", "Enter the action taken"),
        ("x" * 2001, "Action taken must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(county, persona_client, frozen, posted, message):
    made = alert(placement_for(county))
    response = persona_client("school_a").post(acknowledge_url(made), {"action_taken": posted})
    assert_govuk_error(response, message)
    made.refresh_from_db()
    assert made.acknowledged_at is None
    assert not AuditEvent.objects.filter(target_id=str(made.pk)).exists()


def test_missing_field_is_400(county, persona_client, frozen):
    made = alert(placement_for(county))
    response = persona_client("school_a").post(acknowledge_url(made), {})
    assert_govuk_error(response, "Enter the action taken")


def test_acknowledging_twice_says_so_and_writes_once(county, persona_client, frozen):
    made = alert(placement_for(county))
    first = persona_client("school_a")
    second = persona_client("coordinator")
    first.post(acknowledge_url(made), {"action_taken": "Called parent"})
    response = second.post(acknowledge_url(made), {"action_taken": "Rang the provider"})
    assert response.status_code == 302
    assert on_page(second.get(ALERTS), "That alert has already been acknowledged")
    made.refresh_from_db()
    assert made.action_taken == "Called parent"
    assert made.acknowledged_by == county.memberships["school_a"].user
    assert AuditEvent.objects.filter(target_id=str(made.pk)).count() == 1
    # The page itself also says so rather than offering the form again.
    assert second.get(acknowledge_url(made)).status_code == 302


def test_service_refuses_a_second_acknowledgement_even_if_the_caller_read_it_open(county):
    made = alert(placement_for(county))
    stale = access_alert(membership=county.memberships["coordinator"], pk=made.pk)
    user = county.memberships["school_a"].user
    alert_acknowledge(
        actor=user, membership=county.memberships["school_a"], alert=made, action_taken="Rang"
    )
    with pytest.raises(AlertAlreadyAcknowledgedError):
        alert_acknowledge(
            actor=county.memberships["coordinator"].user,
            membership=county.memberships["coordinator"],
            alert=stale,
            action_taken="Again",
        )
    assert AuditEvent.objects.filter(target_id=str(made.pk)).count() == 1


def test_service_refuses_roles_that_may_not_acknowledge_and_empty_actions(county):
    made = alert(placement_for(county))
    officer = county.memberships["la_officer"]
    with pytest.raises(AlertNotAllowedError):
        alert_acknowledge(actor=officer.user, membership=officer, alert=made, action_taken="x")
    school = county.memberships["school_a"]
    with pytest.raises(ValueError, match="action taken"):
        alert_acknowledge(actor=school.user, membership=school, alert=made, action_taken="  ")
    made.refresh_from_db()
    assert made.acknowledged_at is None


def test_out_of_scope_alert_is_404_and_untouched(county, persona_client, frozen):
    made = alert(placement_for(county))
    client = persona_client("school_b")
    assert client.get(acknowledge_url(made)).status_code == 404
    response = client.post(acknowledge_url(made), {"action_taken": "Called parent"})
    assert response.status_code == 404
    made.refresh_from_db()
    assert made.acknowledged_at is None
    assert persona_client("la_officer").post(acknowledge_url(made)).status_code == 404
