"""Issue 6's acceptance journey in a browser: the provider's staff mark today's register with one
absence; the school's designated safeguarding lead and the partnership's co-ordinator are
alerted at once; the DSL acknowledges the alert with the action taken, and the service records
who, when and what. The clock is fixed at 11am on a school day for the server and the test (the
live server runs in this process). Every page visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.attendance.models import AttendanceAlert, AttendanceMark
from inclusion.audit.models import AuditEvent
from inclusion.notifications.models import Notification
from tests.attendance.factories_alerts import SCHOOL_DAY, placement_for
from tests.attendance.factories_register import freeze
from tests.browser.site import Site
from tests.conftest import County

NOW = dt.datetime.combine(SCHOOL_DAY, dt.time(11, 0))  # Tuesday 3 March 2026, 11am
ABSENCE = "An absence has been recorded for a placement at Skills Barn"
ACTION = "Fictional: phoned home at 11:15; parent says Amara is ill and will be back tomorrow."


def test_an_absence_marked_by_the_provider_is_acknowledged_by_the_school(
    site: Site, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    aware = freeze(monkeypatch, NOW)
    monkeypatch.setattr(timezone, "now", lambda: aware)
    amara = placement_for(county)
    billy = placement_for(county, pupil=county.pupil_b)

    # The provider marks today's register: Amara absent, everyone else present.
    site.sign_in_as("provider")
    site.follow(
        site.page.get_by_role("navigation", name="Menu").get_by_role("link", name="Register").click
    )
    expect(site.heading).to_have_text("Today's register")
    site.page.get_by_label("Code, Amara O., Tuesday 3 March 2026 morning").select_option("O")
    site.submit("Mark all unmarked sessions present")
    expect(site.success_banner).to_contain_text("saved")
    marks = dict(AttendanceMark.objects.values_list("placement_id", "code"))
    assert marks == {amara.pk: "O", billy.pk: "/"}  # the afternoon has not started

    # The school's DSL and the co-ordinator are told at once; Billy's school is not.
    for persona in ("school_a", "coordinator"):
        assert list(
            Notification.objects.filter(membership=county.memberships[persona]).values_list(
                "message", flat=True
            )
        ) == [ABSENCE]
    assert not Notification.objects.filter(membership=county.memberships["school_b"]).exists()
    site.follow(site.page.get_by_role("button", name="Sign out").click)

    # The DSL follows the notification to the alert and acknowledges it.
    site.sign_in_as("school_a")
    site.click_link("Read your notifications")
    site.click_link(ABSENCE)
    expect(site.heading).to_have_text("Attendance alerts")
    site.click_link("Acknowledge absent alert for Amara Osei, 3 March 2026 morning")
    site.submit("Acknowledge alert", status=400)  # with no action: refused
    expect(site.error_summary).to_contain_text("Enter the action taken")
    site.page.get_by_label("Action taken").fill(ACTION)
    site.submit("Acknowledge alert")
    acknowledged = site.page.get_by_role("table", name="Acknowledged alerts")
    expect(acknowledged).to_contain_text("Amara Osei")
    expect(acknowledged).to_contain_text("3 March 2026 at 11:00am")
    expect(acknowledged).to_contain_text(ACTION)

    alert = AttendanceAlert.objects.get()
    assert (alert.placement_id, alert.kind) == (amara.pk, AttendanceAlert.Kind.ABSENCE)
    assert alert.acknowledged_by == county.memberships["school_a"].user
    assert alert.acknowledged_at == timezone.make_aware(NOW)
    assert alert.action_taken == ACTION
    event = AuditEvent.objects.get(target_id=str(alert.pk))
    assert event.actor == county.memberships["school_a"].user
    assert event.pupil_id == county.pupil_a.pk
    assert sorted(event.changes) == ["acknowledged_at", "action_taken"]
    site.follow(site.page.get_by_role("button", name="Sign out").click)

    # The co-ordinator sees who acknowledged it, when, and what was done.
    site.sign_in_as("coordinator")
    site.visit("/attendance/alerts/")
    acknowledged = site.page.get_by_role("table", name="Acknowledged alerts")
    expect(acknowledged).to_contain_text(county.memberships["school_a"].user.full_name)
    expect(acknowledged).to_contain_text(ACTION)
    site.visit("/attendance/today/")
    expect(site.page.get_by_role("table")).to_contain_text("Absent")
